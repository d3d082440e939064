"""The demo's text draws without missing-glyph boxes: every character of its articles is in
a font this machine has (Qt falls back to one that has it). An emoji in the demo drew as an
empty box wherever no emoji font is installed."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase, QRawFont


def test_every_demo_character_is_in_some_installed_font(qtbot) -> None:  # type: ignore[no-untyped-def]
    demo = resources.files("archivist").joinpath("resources/demo")
    characters = {
        character
        for entry in demo.iterdir()
        if entry.name.endswith((".txt", ".json"))
        for character in entry.read_text(encoding="utf-8")
        if ord(character) > 0x7F and not character.isspace()
    }
    fonts = [QRawFont.fromFont(QFont(family)) for family in QFontDatabase.families()]
    missing = {
        f"U+{ord(c):04X} {c}"
        for c in characters
        if not any(font.supportsCharacter(ord(c)) for font in fonts)
    }
    assert not missing, sorted(missing)
