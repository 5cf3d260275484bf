"""The local national-axis server: a separate pure-Python process for development, demos and tests.

It speaks the wire protocol of the official SDK (see ``interchange.axis.wire``), stores
packages immutably, routes them to every recipient organization and keeps them listed until
the recipient acknowledges them. Faults can be injected (``faults``).
"""
