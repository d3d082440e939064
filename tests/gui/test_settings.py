"""Settings: brief defaults, Word template, reader font size, archive at start, palette, layout."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QInputDialog

from archivist import briefs
from archivist.gui import theme
from archivist.gui.app import startup_archive
from archivist.gui.dialogs.settings import SettingsDialog
from archivist.gui.main_window import MainWindow
from archivist.gui.models.sidebar_model import VIEW_BRIEFS, VIEW_CLAIMS, VIEW_LIBRARY
from archivist.gui.preferences import Preferences, load_preferences, save_preferences


def _fill(**fields: object):  # type: ignore[no-untyped-def]
    def step(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, SettingsDialog)
        for name, value in fields.items():
            widget = getattr(dialog, name)
            if name == "font_size":
                widget.setValue(value)
            else:
                widget.setText(str(value))
        return True

    return step


def _title(text: str):  # type: ignore[no-untyped-def]
    def step(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(text)
        return True

    return step


def _template(tmp_path: Path) -> Path:
    """A real Word template whose header carries a recognisable line."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "HOUSE TEMPLATE HEADER"
    path = tmp_path / "house.docx"
    document.save(str(path))
    return path


def test_settings_are_stored_and_the_font_size_applies_at_once(
    demo_session, make_window, dialogs, settings: QSettings
) -> None:
    window: MainWindow = make_window(demo_session)
    assert window.settings_action.shortcut() == QKeySequence("Ctrl+,")
    before = window.reader.text_view.font().pointSizeF()
    dialogs.then(_fill(author_field="A. Analyst", marking_field="OFFICIAL", font_size=16.0))
    window.settings_action.trigger()
    assert window.reader.text_view.font().pointSizeF() == 16.0 != before
    prefs = load_preferences(settings)
    assert prefs.default_author == "A. Analyst" and prefs.default_marking == "OFFICIAL"
    # A cancelled dialog changes nothing.
    dialogs.then(lambda d: (d.font_size.setValue(9.0), False)[1])
    window.settings_action.trigger()
    assert load_preferences(settings).reader_font_size == 16.0


def test_font_size_from_settings_applies_to_a_new_window(
    demo_session, make_window, settings: QSettings
) -> None:
    save_preferences(settings, Preferences(reader_font_size=18.0))
    window = make_window(demo_session)
    assert window.reader.text_view.font().pointSizeF() == 18.0


def test_new_briefs_take_the_default_author_and_marking(
    demo_session, make_window, dialogs, settings: QSettings
) -> None:
    save_preferences(settings, Preferences(default_author="J. Doe", default_marking="SECRET"))
    window = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    dialogs.then(_title("Defaults brief"))
    window.briefs_view.new_button.click()
    created = next(
        b for b in briefs.list_briefs(demo_session.archive) if b.title == "Defaults brief"
    )
    assert created.author == "J. Doe" and created.marking == "SECRET"
    assert window.briefs_view.author_field.text() == "J. Doe"


def test_export_uses_the_word_template_from_settings(
    demo_session, make_window, settings: QSettings, tmp_path: Path
) -> None:
    template = _template(tmp_path)
    window = make_window(demo_session)
    window.show_view(VIEW_BRIEFS)
    view = window.briefs_view
    plain = tmp_path / "plain.docx"
    view.export(plain)
    save_preferences(settings, Preferences(word_template=str(template)))
    templated = tmp_path / "templated.docx"
    view.export(templated)

    def header_text(path: Path) -> str:
        document = docx.Document(str(path))
        return " ".join(p.text for p in document.sections[0].header.paragraphs)

    assert "HOUSE TEMPLATE HEADER" not in header_text(plain)
    assert "HOUSE TEMPLATE HEADER" in header_text(templated)


def test_the_dialog_refuses_a_template_that_is_not_word(qtbot, tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("x")
    dialog = SettingsDialog(Preferences())
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.template_field.setText(str(text_file))
    assert not ok.isEnabled() and not dialog.template_error.isHidden()
    dialog.template_field.setText(str(_template(tmp_path)))
    assert ok.isEnabled()


def test_the_archive_at_start_comes_from_settings_unless_one_is_named(
    settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARCHIVIST_HOME", raising=False)
    chosen = tmp_path / "my archive"
    save_preferences(settings, Preferences(default_archive=str(chosen)))
    assert startup_archive(None, settings) == chosen
    assert startup_archive(str(tmp_path / "other"), settings) == tmp_path / "other"
    monkeypatch.setenv("ARCHIVIST_HOME", str(tmp_path / "env"))
    assert startup_archive(None, settings) == tmp_path / "env"


def _contrast(a: str, b: str) -> float:
    def luminance(name: str) -> float:
        colour = QColor(name)

        def channel(v: int) -> float:
            c = v / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.red())
            + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_palettes_keep_entity_and_status_colours_readable(qapp, dark: bool) -> None:
    try:
        theme.apply_theme(qapp, dark=dark)
        palette = QApplication.palette()
        window = palette.color(QPalette.ColorRole.Window)
        assert (window.lightness() < 80) is dark
        text = palette.color(QPalette.ColorRole.Text).name()
        base = palette.color(QPalette.ColorRole.Base).name()
        assert text == theme.TEXT and theme.is_dark() is dark
        swatches = [theme.entity_colour(t) for t in (*theme.ENTITY_TYPE_COLOURS, "weapon")]
        swatches += [theme.status_colour(s) for s in theme.CLAIM_STATUS_COLOURS]
        for swatch in swatches:
            assert _contrast(text, swatch.fill) >= 4.5, swatch  # highlighted article text
            assert _contrast(base, swatch.strong) >= 3.0, swatch  # marks and status labels
        assert _contrast(text, theme.SEARCH_HIT) >= 4.5
    finally:
        theme.apply_theme(qapp, dark=False)


def test_the_system_colour_scheme_picks_the_palette(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(theme, "system_prefers_dark", lambda _app: True)
    try:
        theme.apply_theme(qapp)
        assert theme.is_dark()
    finally:
        theme.apply_theme(qapp, dark=False)
    assert not theme.is_dark()


def test_window_geometry_and_all_splitters_are_remembered(
    demo_session, make_window, settings: QSettings
) -> None:
    # (Each view's splitter is set while it is shown, as the analyst drags it: a view not
    # shown yet has no size of its own, the centre being only as wide as the view shown.)
    def show(window: MainWindow, view: str) -> None:
        window.show_view(view)
        QApplication.processEvents()  # (the window lays the view out)

    first = make_window(demo_session)
    show(first, VIEW_BRIEFS)
    first.briefs_view.splitter.setSizes([333, 700])
    show(first, VIEW_CLAIMS)
    first.claims_view.splitter.setSizes([600, 400])
    show(first, VIEW_LIBRARY)
    first.splitter.setSizes([300, 500, 600])
    sizes = first.splitter.sizes()
    briefs_sizes = first.briefs_view.splitter.sizes()
    claims_sizes = first.claims_view.splitter.sizes()
    first.close()
    second = make_window(demo_session)
    assert second.splitter.sizes() == sizes
    show(second, VIEW_BRIEFS)
    assert second.briefs_view.splitter.sizes() == briefs_sizes
    show(second, VIEW_CLAIMS)
    assert second.claims_view.splitter.sizes() == claims_sizes
    assert settings.value("window/geometry") is not None
    assert second.isVisible() and Qt.WindowState.WindowNoState == second.windowState()
