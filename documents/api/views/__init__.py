"""API views, one module per concern; each view is thin: parse, call a selector or service, answer."""
