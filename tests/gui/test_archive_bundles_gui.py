"""Archive bundles from the window: File ▸ Export Bundle asks what goes in (everything, the
search listed, a brief's) and where, behind a progress dialog; File ▸ Import Bundle merges one
into another archive and shows the merge report, refusing a damaged one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from archivist import briefs
from archivist.exchange import read_bundle
from archivist.gui.dialogs.bundle_export import BundleScopeDialog


def test_export_a_brief_bundle_and_merge_it_into_another_archive(
    qtbot,
    demo_session,
    open_session,
    make_window,
    dialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    bundle = tmp_path / "veldra.archivist.zip"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(bundle), ""))
    )
    window = make_window(demo_session)
    (brief,) = briefs.list_briefs(demo_session.archive)

    def choose_brief(dialog: BundleScopeDialog) -> bool:
        assert dialog.everything.isChecked() and not dialog.search.isEnabled()
        dialog.brief.setChecked(True)
        dialog.brief_choice.setCurrentIndex(dialog.brief_choice.findData(brief.id))
        return True

    dialogs.then(choose_brief)  # type: ignore[arg-type]
    window.export_bundle_action.trigger()
    qtbot.waitUntil(bundle.exists, timeout=10000)
    qtbot.waitUntil(lambda: "Wrote" in window.statusBar().currentMessage())
    with read_bundle(bundle) as written:
        assert written.manifest["scope"] == {"brief": brief.id}
        assert len(written.briefs) == 1 and written.articles

    receiver = open_session(tmp_path / "receiver")
    other = make_window(receiver)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bundle), ""))
    )
    shown: list[QMessageBox] = []
    dialogs.then(lambda box: shown.append(box) or True)  # type: ignore[arg-type, func-returns-value]
    other.import_bundle_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown[0].text().startswith(f"Articles: {len(written.articles)} added")
    assert "Briefs: 1 added" in shown[0].text()
    (received,) = briefs.list_briefs(receiver.archive)
    assert received.title == brief.title
    qtbot.waitUntil(lambda: other.article_count == len(written.articles))


def test_a_damaged_bundle_is_refused_with_its_reason(
    qtbot, open_session, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    damaged = tmp_path / "damaged.archivist.zip"
    damaged.write_bytes(b"PK\x03\x04 half a file")
    errors: list[str] = []
    window = make_window(open_session(tmp_path / "receiver"))
    monkeypatch.setattr(window, "show_error", errors.append)
    window.import_bundle_from(damaged)
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert (
        "The bundle was not imported: damaged.archivist.zip is not an archive bundle" in errors[0]
    )
