"""The query helper process answers like the in-process queries, reports errors as the same
exceptions, drops unwanted requests, survives its own death and stops cleanly."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from archivist.archive import Archive
from archivist.archive.browse import run_query
from archivist.archive.query_process import QueryDropped, QueryProcess
from archivist.errors import ArchivistError, QuerySyntaxError
from archivist.importers.pipeline import import_text


@pytest.fixture
def filled(archive: Archive) -> Archive:
    import_text(archive, "Protesters filled the square in Almaty.", title="Almaty square")
    import_text(archive, "Troops were sent to Almaty and Aktobe.", title="Troops sent")
    import_text(archive, "Markets were calm in London.", title="Calm markets")
    return archive


@pytest.fixture
def process(filled: Archive) -> Iterator[QueryProcess]:
    helper = QueryProcess(filled.root)
    yield helper
    helper.close()


def test_answers_like_the_in_process_query(filled: Archive, process: QueryProcess) -> None:
    remote = process.call("run_query", "Almaty", None, True, 10)
    local = run_query(filled, "Almaty", None, True, 10)
    assert remote.ids == local.ids and len(remote.ids) == 2
    assert remote.total == 2 and remote.facets == local.facets
    assert remote.snippets == local.snippets
    spans = process.call("match_spans", "Almaty", remote.ids[0])
    assert spans and all(end > start for start, end in spans)


def test_sees_articles_added_after_it_started(filled: Archive, process: QueryProcess) -> None:
    assert process.call("run_query", "Zhanaozen", None, True, 10).ids == []
    new_id = import_text(filled, "Strikes began in Zhanaozen.", title="Strikes").imported[0].id
    assert process.call("run_query", "Zhanaozen", None, True, 10).ids == [new_id]


def test_errors_come_back_as_the_same_exceptions(process: QueryProcess) -> None:
    with pytest.raises(QuerySyntaxError, match="nosuchfield"):
        process.call("run_query", "nosuchfield:x", None, True, 10)
    # ...and the helper goes on serving.
    assert process.call("run_query", "London", None, True, 10).total == 1


def test_a_request_no_longer_wanted_is_dropped(process: QueryProcess) -> None:
    with pytest.raises(QueryDropped):
        process.call("run_query", "Almaty", None, True, 10, still_wanted=lambda: False)


def test_a_dead_helper_is_reported_then_restarted(process: QueryProcess) -> None:
    assert process.call("warm_up") == 3
    os.kill(process._process.pid, signal.SIGKILL)
    process._process.join(5)
    # Depending on timing the death shows on this call or is noticed before it.
    try:
        first = process.call("run_query", "Almaty", None, True, 10).total
    except ArchivistError as error:
        assert "stopped unexpectedly" in str(error)
        first = process.call("run_query", "Almaty", None, True, 10).total
    assert first == 2


def test_close_stops_the_helper(filled: Archive) -> None:
    helper = QueryProcess(filled.root)
    assert helper.call("warm_up") == 3
    child = helper._process
    helper.close()
    assert not child.is_alive()
    with pytest.raises(QueryDropped):
        helper.call("warm_up")


def test_a_query_no_longer_wanted_is_abandoned_while_it_runs(filled: Archive) -> None:
    import threading
    import time

    helper = QueryProcess(filled.root, abandon_after_s=0.5)
    try:
        assert helper.call("warm_up") == 3
        first = helper._process
        wanted = threading.Event()
        wanted.set()
        outcome: list[BaseException] = []

        def runaway() -> None:
            try:
                helper.call("pause", 60, still_wanted=wanted.is_set)
            except BaseException as exc:
                outcome.append(exc)

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(1.0)
        assert thread.is_alive()  # still wanted: it runs on, however long
        started = time.monotonic()
        wanted.clear()  # the analyst typed on
        thread.join(20)
        assert not thread.is_alive() and time.monotonic() - started < 10
        assert isinstance(outcome[0], QueryDropped) and "abandoned" in str(outcome[0])
        assert helper.abandoned == 1 and not first.is_alive()
        # The next query starts a new helper and is answered.
        assert helper.call("run_query", "Almaty", None, True, 10).total == 2
        assert helper._process is not first and helper._process.is_alive()
    finally:
        helper.close()


def test_a_wanted_query_is_never_abandoned(filled: Archive) -> None:
    helper = QueryProcess(filled.root, abandon_after_s=0.1)
    try:
        helper.call("pause", 1.0, still_wanted=lambda: True)
        assert helper.abandoned == 0
    finally:
        helper.close()
