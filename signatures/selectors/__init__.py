"""Reads of the signatures app, one module per entity: the trust store (certificates), keys and
images of a signer (keys), signatures made (signing), verification results (verification)."""
