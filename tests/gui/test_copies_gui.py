"""Syndicated copies in the window: the reader names the other outlets with links to their
copies, and the status bar counts distinct stories beside articles."""

from __future__ import annotations

import random
from pathlib import Path

from archivist.archive import open_archive
from archivist.importers.pipeline import import_text


def _story(seed: int) -> str:
    rnd = random.Random(seed)
    words = [f"w{seed}x{n}" for n in range(400)]
    return " ".join(rnd.choice(words) for _ in range(300))


def test_the_reader_links_the_copies_and_the_status_counts_stories(
    qtbot, tmp_path: Path, open_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "arc"
    story = _story(1)
    with open_archive(root) as archive:
        origin = (
            import_text(archive, story, title="Wire story", source="AFP", published="2022-01-06")
            .imported[0]
            .id
        )
        copy = (
            import_text(
                archive,
                "Breaking news\n\n" + story[: int(len(story) * 0.8)] + "\n\nSubscribe now.",
                title="Same story elsewhere",
                source="Daily \u202eExample",
            )
            .imported[0]
            .id
        )
        import_text(archive, _story(2), title="Another story", source="BBC")
    session = open_session(root)
    window = make_window(session)
    qtbot.waitUntil(lambda: "3 articles" in window.status_label.text())  # (a read thread's)
    assert "2 distinct stories" in window.status_label.text()
    window.open_article(copy)
    # (Found by a read thread: a story can have thousands of copies.)
    qtbot.waitUntil(lambda: "Also published by" in window.reader.meta_label.text())
    meta = window.reader.meta_label.text()
    assert ">AFP</a> (origin)" in meta
    assert "(1 copy of this story)" in meta
    window.reader.meta_label.linkActivated.emit(f"archivist-article:{origin}")
    assert window.reader.article is not None and window.reader.article.id == origin
    qtbot.waitUntil(lambda: ">Daily Example</a>" in window.reader.meta_label.text())
    # (shown without its bidi override)

    # The list: one row per story, the copies folded into it; every copy when asked.
    model = window.article_model
    titles = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert len(titles) == 2 and sum("(+1 copy)" in t for t in titles) == 1
    window.collapse_copies_action.trigger()
    assert not window.collapse_copies_action.isChecked()
    assert model.rowCount() == 3
    assert not any("copy)" in model.index(row, 0).data() for row in range(3))
    window.set_collapse_copies(True)
    assert model.rowCount() == 2


def test_a_story_row_lists_its_copies_under_it_and_folds_them_back(
    qtbot, tmp_path: Path, open_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    root = tmp_path / "arc"
    story = _story(5)
    with open_archive(root) as archive:
        for number, source in enumerate(("AFP", "Reuters", "BBC")):
            text = f"Dateline {number}\n\n" + story[: int(len(story) * (1 - number / 10))]
            import_text(archive, text, title=f"Copy by {source}", source=source)
        import_text(archive, _story(6), title="Another story", source="AP")
    session = open_session(root)
    window = make_window(session)
    model, table = window.article_model, window.table

    def titles() -> list[str]:
        return [model.index(row, 0).data() for row in range(model.rowCount())]

    [story_row] = [row for row, title in enumerate(titles()) if "(+2 copies)" in title]
    other_row = 1 - story_row
    other_title = titles()[other_row]
    table.selectRow(story_row)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    shown = titles()
    assert len(shown) == 4 and "(2 copies below)" in shown[story_row]
    assert [t.startswith("\u21b3 Copy by ") for t in shown[story_row + 1 : story_row + 3]] == [
        True,
        True,
    ]
    assert other_title in shown  # the other story's row is untouched
    assert table.currentIndex().row() == story_row  # the selection stayed on the story
    # Left on a copy goes back to its story's row; Left there folds the copies again.
    table.selectRow(story_row + 2)
    qtbot.keyClick(table, Qt.Key.Key_Left)
    assert table.currentIndex().row() == story_row and len(titles()) == 4
    qtbot.keyClick(table, Qt.Key.Key_Left)
    assert len(titles()) == 2 and "(+2 copies)" in titles()[story_row]
    # A refresh (after an edit, say) keeps a story listed; a new search folds it again.
    window.library.show_copies(model.article_id(story_row), True)
    window.library.refresh()
    qtbot.waitUntil(lambda: len(titles()) == 4)
    window.library.set_query("w5x1")
    qtbot.waitUntil(lambda: len(titles()) == 1 and "(+2 copies)" in titles()[0])


def test_the_claims_view_marks_single_origin_corroboration(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from archivist import annotations as ann
    from archivist.gui.models.claim_table_model import COL_LINKS, ClaimTableModel

    story = "the port reopened on Monday morning after the strike. " + _story(3)
    with open_archive(tmp_path / "arc") as archive:
        first = import_text(archive, story, name="a.txt").imported[0].id
        second = import_text(archive, story[: int(len(story) * 0.8)], name="b.txt").imported[0].id
        claim = ann.add_claim(archive, first, quote="the port reopened on Monday", claimant="AFP")
        copy = ann.add_claim(archive, second, quote="the port reopened on Monday", claimant="AP")
        ann.link_claims(archive, copy.id, claim.id, "corroborates")
        claims = ann.list_claims(archive)
    model = ClaimTableModel()
    model.set_claims(claims, {})
    shown = {model.index(row, COL_LINKS).data() for row in range(model.rowCount())}
    assert shown == {"1 · single origin"}


def test_tagging_in_one_copy_offers_the_others(
    qtbot, tmp_path: Path, open_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from archivist import annotations as ann
    from archivist.gui.dialogs.tag_entity import TagEntityChoice

    story = "President Tokayev spoke in Almaty on Thursday. " + _story(4)
    root = tmp_path / "arc"
    with open_archive(root) as archive:
        origin = import_text(archive, story, name="a.txt").imported[0].id
        copy = import_text(archive, story[: int(len(story) * 0.8)], name="b.txt").imported[0].id
    session = open_session(root)
    window = make_window(session)

    def accept(box) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(box, QMessageBox) and "1 other copy" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
        return True

    dialogs.then(accept)
    start = story.index("Tokayev")
    window.annotator.apply_tag(
        origin, start, start + len("Tokayev"), TagEntityChoice("Tokayev", "person", None, False)
    )
    [mention] = ann.mentions_of_article(session.archive, copy)
    assert mention.quote == "Tokayev"
    assert "Applied to 1 cop(ies)" in window.statusBar().currentMessage()
    window.undo_action.trigger()  # the copies' tags go in one step; the original stays
    assert ann.mentions_of_article(session.archive, copy) == []
    assert len(ann.mentions_of_article(session.archive, origin)) == 1


def test_the_copies_threshold_is_set_in_settings_and_regroups_the_archive(
    qtbot, tmp_path: Path, open_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    from archivist.archive import copies
    from archivist.gui.dialogs.settings import SettingsDialog

    root = tmp_path / "arc"
    story = _story(7)
    with open_archive(root) as archive:
        import_text(archive, story, title="Wire story")
        import_text(archive, "Breaking\n\n" + story[: int(len(story) * 0.8)], title="Copy")
    session = open_session(root)
    window = make_window(session)
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 1)

    def stricter(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, SettingsDialog)
        assert dialog.copies_threshold_field.value() == copies.DEFAULT_THRESHOLD
        dialog.copies_threshold_field.setValue(0.95)
        return True

    dialogs.then(stricter)
    window.open_settings()
    qtbot.waitUntil(lambda: "regrouped" in window.statusBar().currentMessage(), timeout=10_000)
    assert copies.threshold(session.db) == 0.95
    assert window.regroup_dialog.isHidden()
    # The copy is no copy at that similarity: the list shows both articles again.
    qtbot.waitUntil(lambda: window.article_model.rowCount() == 2)
    # (Counted on a read thread: as many stories as articles.)
    qtbot.waitUntil(lambda: "distinct stories" not in window.status_label.text())
    # Settings saved again without a change to it regroup nothing.
    dialogs.then(lambda dialog: True)
    window.open_settings()  # (the threshold is read on a read thread, then the dialog opens)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Settings saved")
