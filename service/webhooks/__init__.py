"""Telling the marketplace when trust changes: subscriptions, signed payloads, the sender."""
