"""An annotation file in, whichever tool wrote it: W3C Web Annotation JSON-LD (another
archive's export) or Hypothesis's JSON, told apart by their shape."""

from __future__ import annotations

from archivist import bounded_json
from archivist.annotations.hypothesis_import import import_hypothesis, is_hypothesis
from archivist.annotations.records import AnnotationImportReport
from archivist.annotations.webannotation_import import import_annotations
from archivist.archive.archive import Archive


def import_annotation_file(archive: Archive, text: str | bytes) -> AnnotationImportReport:
    """Import the annotations of a file's text, as one undoable change.

    Raises:
        InvalidValueError: not JSON, JSON out of bounds, or neither kind of annotations.
    """
    data = bounded_json.loads(text, "the annotation file")
    if is_hypothesis(data):
        return import_hypothesis(archive, data)
    return import_annotations(archive, data)
