"""A synthetic marketplace with ground truth, for trying and measuring trustmesh.

``trustmesh demo`` writes ``events.jsonl`` (+ portrait images) and
``labels.jsonl``. It plants the abuse patterns the detectors look for *and*
the benign look-alikes that fool naive detectors, so quality figures mean
something. Deterministic for a given seed.
"""
