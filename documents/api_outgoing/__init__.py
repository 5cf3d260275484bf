"""REST API of outgoing documents (văn bản đi), mounted at /api/outgoing/: drafting, review,
signing (server-held key or a device), the organization's signature, dispatch, recall, deliveries."""
