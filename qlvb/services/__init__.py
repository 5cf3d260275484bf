"""Write operations of the core. Each is a keyword-only function run in a transaction."""
