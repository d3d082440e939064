"""Importers: turn files of many formats into articles (text plus metadata)."""
