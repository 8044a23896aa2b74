"""Ingestion as a one-way pipeline of plain data (:mod:`service.ingest.types`).

``read`` slices input into chunks → ``route`` assigns each a write stream →
``convert`` parses, validates, hashes and plans it → ``pool`` runs
conversion in worker processes and renders plans into the store's wire form
→ ``pipeline`` writes the batches, reports and rescores what they touched.
No stage calls back into an earlier one.
"""
