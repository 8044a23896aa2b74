"""The graph side of trustmesh: data model, store port and its two adapters.

Nothing in here knows about scoring, GraphQL or the CLI; ``service`` imports
this package, never the other way round.
"""
