"""Write operations on documents and registers."""
