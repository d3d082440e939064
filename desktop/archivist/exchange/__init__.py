"""Exchange between analysts by file: archive bundles (one zip holding articles' originals,
their text, annotations and briefs) written by one archive and merged into another."""

from archivist.exchange.bundle_export import BundleExportReport, export_bundle
from archivist.exchange.bundle_import import BundleImportReport, import_bundle
from archivist.exchange.bundle_reading import BUNDLE_SUFFIX, BundleError, read_bundle

__all__ = [
    "BUNDLE_SUFFIX",
    "BundleError",
    "BundleExportReport",
    "BundleImportReport",
    "export_bundle",
    "import_bundle",
    "read_bundle",
]
