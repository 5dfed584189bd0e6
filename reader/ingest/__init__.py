"""Ingest: decode page files, read their metadata and reconstruct their articles (no Qt)."""
