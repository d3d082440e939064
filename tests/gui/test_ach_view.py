"""The competing-hypotheses view: the issue's seed example built in the window, rated from
the keyboard, scored, flagged when a claim is regraded, and undone with Ctrl+Z."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from archivist import ach
from archivist import annotations as ann
from archivist.archive import open_archive
from archivist.gui.dialogs.ach_dialogs import HypothesisDialog, PickClaimsDialog, TextDialog
from archivist.gui.models.ach_matrix_model import FIRST_HYPOTHESIS
from archivist.gui.models.sidebar_model import VIEW_ACH
from archivist.importers.pipeline import import_text

SEED = (
    "Protests began in Zhanaozen after the price of liquefied gas doubled on 1 January. "
    "President Tokayev said the unrest was the work of terrorists trained abroad. "
    "He asked the CSTO for help, and Russian paratroopers landed in Almaty."
)


def _seed(root: Path) -> dict[str, int]:
    with open_archive(root) as archive:
        article = import_text(archive, SEED, title="Kazakhstan unrest").imported[0].id
        return {
            "gas": ann.add_claim(
                archive, article, quote="the price of liquefied gas doubled", claimant="AFP",
                reliability="B", credibility=2,
            ).id,
            "terrorists": ann.add_claim(
                archive, article, quote="the work of terrorists trained abroad",
                claimant="Tokayev", reliability="C", credibility=4,
            ).id,
        }  # fmt: skip


def _typed(text: str):  # type: ignore[no-untyped-def]
    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, TextDialog)
        dialog.set_text(text)
        return True

    return fill


def _hypothesis(text: str, indicators: str = ""):  # type: ignore[no-untyped-def]
    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, HypothesisDialog)
        dialog.text_field.setText(text)
        dialog.indicators_field.setPlainText(indicators)
        return True

    return fill


def _pick(*claim_ids: int):  # type: ignore[no-untyped-def]
    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, PickClaimsDialog)
        for claim_id in claim_ids:
            dialog.check(claim_id)
        return True

    return fill


def test_the_seed_example_in_the_window(
    qtbot, tmp_path: Path, open_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    claims = _seed(tmp_path / "arc")
    session = open_session(tmp_path / "arc")
    window = make_window(session)
    window.ach_view_action.trigger()
    view = window.ach_view
    assert window.center.currentWidget() is view and VIEW_ACH == "ach"
    assert not view.buttons["add_hypothesis"].isEnabled()  # no matrix yet

    dialogs.then(_typed("Who is behind the Almaty violence?"))
    view.new_matrix()
    assert view.question_label.text() == "Who is behind the Almaty violence?"
    for text, indicators in (
        ("Spontaneous protest over fuel prices turned riot", ""),
        ("Organised groups trained abroad", "Arrests of foreign nationals"),
        ("An intra-elite power struggle using the protests", ""),
    ):
        dialogs.then(_hypothesis(text, indicators))
        view.buttons["add_hypothesis"].click()
    dialogs.then(_pick(claims["gas"], claims["terrorists"]))
    view.buttons["add_claims"].click()
    dialogs.then(_typed("Elite rivals controlled the security services"))
    view.buttons["add_assumption"].click()
    model = view.model
    assert model.rowCount() == 3 and model.columnCount() == FIRST_HYPOTHESIS + 3
    assert model.index(0, 1).data() == "AFP" and model.index(0, 2).data() == "B2"

    # Rate from the keyboard: each key rates the cell and moves right, then down.
    view.table.setFocus()
    view.table.setCurrentIndex(model.index(0, FIRST_HYPOTHESIS))
    keys = [
        (Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier),  # gas price: CC, I, N
        (Qt.Key.Key_I, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_I, Qt.KeyboardModifier.NoModifier),  # accusation: I, CC, N
        (Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_3, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier),  # assumption: N, N, C
        (Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_C, Qt.KeyboardModifier.NoModifier),
    ]
    for key, modifier in keys:
        qtbot.keyClick(view.table, key, modifier)
    assert [model.index(0, FIRST_HYPOTHESIS + c).data() for c in range(3)] == ["CC", "I", "N"]
    assert [model.index(1, FIRST_HYPOTHESIS + c).data() for c in range(3)] == ["I", "CC", "N"]
    # H1: 0.375 (C4 accusation), H2: 0.81 (B2 gas price), H3: 0 — H3 leads.
    header = [model.headerData(FIRST_HYPOTHESIS + c, Qt.Orientation.Horizontal) for c in range(3)]
    assert header == ["H1\n0.38 · #2", "H2\n0.81 · #3", "H3 ★\n0 · #1"]
    assert "H3 leads" in view.summary.text()
    assert "The conclusion rests on: E1" in view.summary.text()

    # Ctrl+Z (the window's undo) takes back the last rating.
    window.undo_action.trigger()
    assert model.index(2, FIRST_HYPOTHESIS + 2).data() == "·"
    window.redo_action.trigger()
    assert model.index(2, FIRST_HYPOTHESIS + 2).data() == "C"

    # The President's claim is refuted elsewhere: its row weighs nothing and is flagged.
    session.write(lambda a: ann.edit_claim(a, claims["terrorists"], status="refuted"))
    assert model.index(1, 4).data() == "0.00"
    assert model.index(1, 0).data().startswith("⚠")
    assert "Claims changed since rated: E2" in view.summary.text()
    view.table.setCurrentIndex(model.index(1, 0))
    assert view.buttons["reviewed"].isEnabled()
    view.buttons["reviewed"].click()
    assert not model.index(1, 0).data().startswith("⚠")
    matrix = ach.list_matrices(session.archive)[0]
    assert (matrix.hypotheses, matrix.evidence) == (3, 3)


def test_a_big_matrix_fills_at_once(qtbot, tmp_path: Path, open_session) -> None:  # type: ignore[no-untyped-def]
    import time

    from archivist.gui.widgets.ach_view import AchView

    root = tmp_path / "arc"
    with open_archive(root) as archive:
        matrix = ach.create_matrix(archive, "Twenty hypotheses")
        hypotheses = [ach.add_hypothesis(archive, matrix.id, f"H number {n}").id for n in range(20)]
        for n in range(200):
            row = ach.add_evidence(archive, matrix.id, assumption=f"Assumption {n}")
            ach.rate(archive, row.id, hypotheses[n % 19 + 1], "I")  # H1 is never inconsistent
    session = open_session(root)
    view = AchView(session)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    started = time.perf_counter()
    view.show()
    qtbot.waitExposed(view)
    assert view.model.rowCount() == 200 and view.model.columnCount() == FIRST_HYPOTHESIS + 20
    assert "H1 leads" in view.summary.text()
    # (Printed, not asserted: timing on shared machines is noisy.)
    print(f"200 × 20 matrix shown in {1000 * (time.perf_counter() - started):.0f} ms")


def test_a_key_judgment_rests_on_a_matrix_in_the_window(
    qtbot, tmp_path: Path, open_session, make_window, dialogs
) -> None:  # type: ignore[no-untyped-def]
    import docx

    from archivist import briefs
    from archivist.gui.dialogs.judgment import JudgmentDialog
    from archivist.gui.models.sidebar_model import VIEW_BRIEFS

    root = tmp_path / "arc"
    claims = _seed(root)
    with open_archive(root) as archive:
        matrix = ach.create_matrix(archive, "Who is behind the Almaty violence?")
        first = ach.add_hypothesis(archive, matrix.id, "Spontaneous protest turned riot")
        second = ach.add_hypothesis(archive, matrix.id, "Organised groups trained abroad")
        row = ach.add_evidence(archive, matrix.id, claim_id=claims["gas"])
        ach.rate(archive, row.id, first.id, "C")
        ach.rate(archive, row.id, second.id, "I")
        brief = briefs.create_brief(archive, "Almaty").id
    session = open_session(root)
    window = make_window(session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    assert view.brief is not None and view.brief.id == brief

    def write(dialog: QDialog) -> bool:
        assert isinstance(dialog, JudgmentDialog)
        assert dialog.matrices.count() == 1
        dialog.statement.setPlainText("The unrest began as a protest over fuel prices.")
        dialog.check_matrix(matrix.id)
        return True

    dialogs.then(write)
    view.judgment_button.click()
    judgment = view.brief.judgments[0]
    assert judgment.evidence == {"claims": [], "excerpts": [], "matrices": [matrix.id]}
    out = tmp_path / "brief.docx"
    view.export(out)
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(t.startswith("Basis: analysis of competing hypotheses (Appendix A1") for t in texts)
    assert "Appendix A1: competing hypotheses — Who is behind the Almaty violence?" in texts


def test_excerpts_from_the_reader_and_claims_from_the_claims_view(
    qtbot, tmp_path: Path, open_session, make_window
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    from archivist.gui.models.sidebar_model import VIEW_CLAIMS

    root = tmp_path / "arc"
    claims = _seed(root)
    with open_archive(root) as archive:
        matrix = ach.create_matrix(archive, "Who is behind the Almaty violence?")
        article = ann.get_claim(archive, claims["gas"]).article_id
    session = open_session(root)
    window = make_window(session)
    window.open_article(article)
    start = SEED.index("Russian paratroopers landed in Almaty")
    window.reader.text_view.select_span(start, start + len("Russian paratroopers landed in Almaty"))
    window.add_ach_excerpt_action.trigger()  # the view has not been opened: it says what to do
    assert "Open a question in Competing Hypotheses" in window.statusBar().currentMessage()
    window.show_view(VIEW_ACH)
    window.open_article(article)
    window.reader.text_view.select_span(start, start + len("Russian paratroopers landed in Almaty"))
    window.add_ach_excerpt_action.trigger()
    rows = ach.get_matrix(session.archive, matrix.id).evidence
    assert [(r.kind, r.quote) for r in rows] == [
        ("excerpt", "Russian paratroopers landed in Almaty")
    ]
    assert "as E1" in window.statusBar().currentMessage()

    window.show_view(VIEW_CLAIMS)
    window.claims_view.select_claim(claims["terrorists"])
    window._claims_context_menu(QPoint(5, 5))
    chosen = next(
        a for a in window.last_context_menu.actions() if a.text() == "Add to Hypotheses Matrix"
    )
    chosen.trigger()
    rows = ach.get_matrix(session.archive, matrix.id).evidence
    assert [r.claim_id for r in rows] == [None, claims["terrorists"]]
