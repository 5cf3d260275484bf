"""Views of the signatures app: the hosted CA's public endpoints (publication). The pages that sign
and check a document's file are documents' (documents.views.verification, documents.api.views.signing)."""
