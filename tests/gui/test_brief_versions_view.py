"""Issued versions in the window: exporting issues a version, the brief's banner says what
changed in its evidence since (each change a link to it), an earlier version is written
again as issued, and deleting a claim an issued brief cites asks first."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from archivist import annotations as ann
from archivist import briefs
from archivist.gui.dialogs.brief_versions import BriefVersionsDialog
from archivist.gui.main_window import MainWindow
from archivist.gui.models.sidebar_model import VIEW_BRIEFS, VIEW_CLAIMS


def _text(path: Path) -> bytes:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


def _demo_brief_claim(view) -> int:  # type: ignore[no-untyped-def]
    return next(i.claim_id for i in view.brief.items if i.kind == "claim")


def test_export_issues_a_version_and_the_banner_follows_the_evidence(
    qtbot, demo_session, make_window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    assert view.brief is not None and view.staleness.isHidden()  # never issued

    view.export(tmp_path / "v1.docx")
    assert view.last_export.version == 1 and view.last_export.issued
    assert "issued as version 1" in window.statusBar().currentMessage()
    assert not view.staleness.isHidden()
    assert "Issued as version 1" in view.staleness.label.text()
    assert "not changed" in view.staleness.label.text()
    view.export(tmp_path / "again.docx")
    assert "unchanged since version 1" in window.statusBar().currentMessage()

    # The evidence changes elsewhere in the window: regraded, then refuted.
    claim_id = _demo_brief_claim(view)
    demo_session.write(lambda a: ann.edit_claim(a, claim_id, reliability="E", credibility=5))
    demo_session.write(lambda a: ann.edit_claim(a, claim_id, status="refuted"))
    window.show_view(VIEW_CLAIMS)
    window.show_view(VIEW_BRIEFS)
    text = view.staleness.label.text()
    assert "2 changes" in text and "regraded" in text and "now refuted" in text
    assert view.staleness.property("stale") == "true"

    # Each change links to its claim in the reader.
    shown: list[tuple[int, int, int]] = []
    view.claim_requested.connect(lambda *span: shown.append(span))
    view.staleness.label.linkActivated.emit("change:0")
    claim = ann.get_claim(demo_session.archive, claim_id)
    assert shown == [(claim.article_id, claim.start, claim.end)]
    assert window.reader.article is not None and window.reader.article.id == claim.article_id

    # Exporting again issues version 2 with the evidence as it is: the banner is calm again.
    view.export(tmp_path / "v2.docx")
    assert view.last_export.version == 2
    assert "Issued as version 2" in view.staleness.label.text()
    assert view.staleness.property("stale") == "false"


def test_an_earlier_version_is_written_again_from_the_versions_dialog(
    qtbot, demo_session, make_window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    view.export(tmp_path / "v1.docx")
    claim_id = _demo_brief_claim(view)
    demo_session.write(lambda a: ann.edit_claim(a, claim_id, reliability="F", credibility=6))
    view.refresh()
    view.export(tmp_path / "v2.docx")
    assert _text(tmp_path / "v1.docx") != _text(tmp_path / "v2.docx")

    def look(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, BriefVersionsDialog)
        assert dialog.table.rowCount() == 2
        assert dialog.table.item(0, 0).text() == "v2"  # the latest first
        dialog.table.selectRow(1)
        assert dialog.chosen() == 1
        return False

    dialogs.then(look)
    view.staleness.versions_button.click()
    assert isinstance(dialogs.seen[-1], BriefVersionsDialog)

    view.export_version(1, tmp_path / "v1-again.docx")
    assert _text(tmp_path / "v1-again.docx") == _text(tmp_path / "v1.docx")
    assert "Wrote version 1 again" in window.statusBar().currentMessage()
    assert [v.version for v in briefs.list_versions(demo_session.archive, view.brief_id)] == [1, 2]


def test_deleting_a_claim_an_issued_brief_cites_asks_first(
    qtbot, demo_session, make_window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    claim_id = _demo_brief_claim(view)
    title = view.brief.title
    view.export(tmp_path / "v1.docx")

    def refuse(box) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox)
        assert title in box.text() and "version 1" in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
        return False

    dialogs.then(refuse)
    window.annotator.delete_claim(claim_id)
    assert ann.get_claim(demo_session.archive, claim_id).id == claim_id  # still there

    def agree(box) -> bool:  # type: ignore[no-untyped-def]
        box.button(QMessageBox.StandardButton.Yes).click()
        return True

    dialogs.then(agree)
    window.show_view(VIEW_CLAIMS)
    window.claims_view.select_claim(claim_id)
    window.claims_view._delete()
    assert claim_id not in {c.id for c in ann.list_claims(demo_session.archive)}
    window.show_view(VIEW_BRIEFS)
    assert "deleted" in view.staleness.label.text()
    report = briefs.check_brief(demo_session.archive, view.brief_id)
    assert [(c.kind, c.ident) for c in report.changes] == [("deleted", claim_id)]

    # A claim no issued brief cites goes without a question.
    other = next(
        c.id for c in ann.list_claims(demo_session.archive)
        if not briefs.briefs_citing(demo_session.archive, claim_ids={c.id})
    )  # fmt: skip
    asked = len(dialogs.seen)
    window.annotator.delete_claim(other)
    assert len(dialogs.seen) == asked
    assert other not in {c.id for c in ann.list_claims(demo_session.archive)}
