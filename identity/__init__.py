"""Identity-policy checks: PII normalisation and keyed hashing (and, later,
portraits, names and text). Pure functions over plain values; no database."""
