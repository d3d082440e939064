"""Property-based: no annotation file crashes the JSON-LD importer. A valid export with any
one value replaced by any JSON (or raw bytes) imports, or is refused with one clear
InvalidValueError and nothing imported; never another exception."""

from __future__ import annotations

import json
import os
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_annotations_webannotation import TEXT, _annotate

from archivist import annotations as ann
from archivist.annotations.webannotation import export_json, import_json
from archivist.archive import open_archive
from archivist.errors import InvalidValueError
from archivist.importers.pipeline import import_text

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(
        ["Annotation", "TextQuoteSelector", "TextPositionSelector", "Claim", "", "urn:sha256:"]
    ),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["type", "id", "start", "end", "exact", "value", "name", "source"])
            | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*path, index))
    return found


def _replaced(document: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return copy


@pytest.fixture(scope="module")
def exchange(tmp_path_factory: pytest.TempPathFactory):
    """An export, and an archive holding the same article to import it into."""
    root = tmp_path_factory.mktemp("webannotation-fuzz")
    with open_archive(root / "source") as source:
        _annotate(source)
        document = json.loads(export_json(source))
    with open_archive(root / "target") as target:
        copy = import_text(target, TEXT, name="afp.txt").imported[0].id
        yield document, _paths(document), target, copy


def _import_or_refuse(target, copy: int, payload: str | bytes) -> None:
    # Whoosh names each new index segment from the global `random`, which Hypothesis seeds
    # alike for every example: without fresh entropy the second example's segment would
    # overwrite the first's files.
    random.seed(os.urandom(16))
    try:
        report = import_json(target, payload)
    except InvalidValueError as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 2_000
        # Refused as a whole: nothing of the file was kept.
        assert ann.list_claims(target, article_id=copy) == []
        assert ann.mentions_of_article(target, copy) == []
        return
    if report.created:
        ann.undo(target)  # the next example starts from the same empty annotations
    assert ann.list_claims(target, article_id=copy) == []


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), value=json_values)
def test_any_value_anywhere_imports_or_is_refused(exchange, data, value) -> None:
    document, paths, target, copy = exchange
    path = data.draw(st.sampled_from(paths), label="path")
    _import_or_refuse(target, copy, json.dumps(_replaced(document, path, value)))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), garbage=st.binary(max_size=40))
def test_any_bytes_spliced_in_import_or_are_refused(exchange, data, garbage: bytes) -> None:
    document, _, target, copy = exchange
    raw = json.dumps(document).encode()
    at = data.draw(st.integers(0, len(raw)), label="at")
    cut = data.draw(st.integers(0, 40), label="cut")
    _import_or_refuse(target, copy, raw[:at] + garbage + raw[at + cut :])
