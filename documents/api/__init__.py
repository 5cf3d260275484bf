"""The REST API of documents (DRF, OpenAPI by drf-spectacular): lists, search, registers and the
incoming workflow's actions. Reads go through documents.selectors; writes through the services."""
