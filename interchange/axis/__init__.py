"""The national document interchange axis: our client for it, and a local server standing in for it.

- ``wire``: signing and verifying the XroadVnpt-* headers (shared by both sides);
- ``client``: the axis client used by the product's tasks (pure Python, no Django);
- ``header``: safe reading of an edXML package's routing fields;
- ``server``: the local axis server, run with ``python -m interchange.axis serve``.
"""
