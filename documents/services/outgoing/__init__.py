"""Outgoing documents: draft, review, sign (numbering at signing), seal, dispatch, recall."""
