"""Administration forms, as the services they feed: the trust store (trust), key custody (custody)."""
