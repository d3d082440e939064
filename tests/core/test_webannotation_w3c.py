"""Every kind of exported annotation against the W3C Web Annotation test suite's own
assertions: each JSON schema `annotations/annotationMusts.test` lists (the suite's files in
../shared/w3c-web-annotation-tests; skipped where absent), an annotation of a collection
carrying the collection's @context, as the model says it inherits it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

from referencing.jsonschema import DRAFT4  # noqa: E402
from test_annotations_webannotation import TEXT, _annotate  # noqa: E402

from archivist import annotations as ann  # noqa: E402
from archivist.annotations.hypothesis_import import import_hypothesis  # noqa: E402
from archivist.annotations.webannotation import export_json, import_json  # noqa: E402
from archivist.archive import open_archive  # noqa: E402
from archivist.importers.pipeline import import_text  # noqa: E402

SUITE = Path(__file__).resolve().parents[3] / "shared" / "w3c-web-annotation-tests"
pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason="the W3C test suite is not here")


def _assertions() -> list[tuple[str, dict[str, Any]]]:
    listed = json.loads((SUITE / "annotations" / "annotationMusts.test").read_text("utf-8"))
    return [(name, json.loads((SUITE / name).read_text("utf-8"))) for name in listed["assertions"]]


@functools.cache
def _registry() -> Any:
    """The suite's schemas by the file names their $refs use."""
    resources = []
    for folder in ("definitions", "annotations"):
        for path in sorted((SUITE / folder).rglob("*.json")):
            contents = json.loads(path.read_text("utf-8"))
            resource = referencing.Resource.from_contents(contents, default_specification=DRAFT4)
            resources.append((path.name, resource))
    return referencing.Registry().with_resources(resources)


def _failures(annotation: dict[str, Any]) -> list[str]:
    registry = _registry()
    failed = []
    for name, schema in _assertions():
        validator = jsonschema.Draft4Validator(schema, registry=registry)
        expected_valid = schema.get("expectedResult", "valid") == "valid"
        if validator.is_valid(annotation) != expected_valid:
            failed.append(f"{name}: {schema.get('errorMessage', schema.get('title'))}")
    return failed


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    with open_archive(tmp_path_factory.mktemp("w3c") / "archive") as archive:
        article = _annotate(archive)
        # A claim without a grade, statement or link, beside the fixture's linked ones.
        ann.add_claim(archive, article, quote="which AFP could not verify", claimant="AFP")
        # Notes on spans, with tags, as a Hypothesis export brings them.
        archive.edit_article(article, url="https://example.org/afp")
        rows = [
            {"id": "h1", "uri": "https://example.org/afp", "text": "Which media?",
             "tags": ["sourcing"], "user": "acct:analyst@hypothes.is",
             "target": [{"selector": [{"type": "TextQuoteSelector", "exact": "Local media"}]}]},
            {"id": "h2", "uri": "https://example.org/afp", "text": "", "tags": [],
             "target": [{"selector": [{"type": "TextQuoteSelector", "exact": "Almaty alone"}]}]},
        ]  # fmt: skip
        assert import_hypothesis(archive, rows).created == {"notes": 2}
        return json.loads(export_json(archive, [article]))


def _items(exported: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"@context": exported["@context"], **item} for item in exported["first"]["items"]]


def test_every_kind_of_annotation_is_exported(exported) -> None:
    motivations = {item["motivation"] for item in _items(exported)}
    assert motivations == {"identifying", "assessing", "tagging", "commenting", "highlighting"}


def test_every_annotation_passes_every_w3c_must(exported) -> None:
    failures = {item["id"]: failed for item in _items(exported) if (failed := _failures(item))}
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)


def test_the_checks_can_fail(exported) -> None:
    """The suite's assertions, loaded this way, do refuse a broken annotation."""
    broken = dict(_items(exported)[0])
    del broken["target"]
    broken["body"] = {"type": "Claim", "value": 3}
    assert len(_failures(broken)) >= 2


def _without_identity(node: Any) -> Any:
    """An export's content without what names or dates it in one archive (ids, times)."""
    if isinstance(node, dict):
        return {
            key: _without_identity(value)
            for key, value in node.items()
            if key not in ("id", "created", "modified", "claim")
        }
    if isinstance(node, list):
        return [_without_identity(value) for value in node]
    return node


def test_export_import_export_gives_the_same_annotations(exported, tmp_path: Path) -> None:
    with open_archive(tmp_path / "other") as other:
        import_text(other, TEXT, name="afp.txt")
        report = import_json(other, json.dumps(exported))
        assert report.unmatched == [] and report.orphaned == 0
        again = json.loads(export_json(other))
    first = sorted(map(json.dumps, _without_identity(exported["first"]["items"])))
    second = sorted(map(json.dumps, _without_identity(again["first"]["items"])))
    assert second == first
    assert again["@context"] == exported["@context"]
