"""Write operations of the exchange: packages, outbox, inbox, statuses, directory."""
