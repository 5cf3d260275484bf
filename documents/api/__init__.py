"""The REST API of documents (DRF, OpenAPI by drf-spectacular): lists, search, registers, saved
searches, the incoming workflow's actions, and outgoing documents at /api/outgoing/ (drafting,
review, signing with a server-held key or a device, the organization's signature, dispatch, recall,
deliveries). Reads go through `documents.selectors`, writes through the services; the API never
imports the HTML views."""
