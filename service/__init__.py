"""The trustmesh service: configuration, ingestion, the CLI, the GraphQL API.

``service`` imports ``graph`` and ``identity``; neither imports ``service``.
"""
