"""File names and metadata cannot inject terminal control into the plain CLI output: ESC
sequences, carriage returns, C1 controls and bidi overrides are shown escaped, and a file
name's line break cannot forge a line."""

from __future__ import annotations

from pathlib import Path

from cli_run import run

from archivist.cli.output import one_line, terminal_safe

HOSTILE_NAME = "evil\x1b[31mRED\nImported 99 article(s)\u202etxt.html"
RAW_CONTROLS = ("\x1b", "\r", "\x9b", "\u202e")


def test_terminal_safe_escapes_controls_and_keeps_lines() -> None:
    assert terminal_safe("a\x1b[2Jb\r\x9b\u202e\u2066c\nd\te") == (
        "a\\x1b[2Jb\\r\\x9b\\u202e\\u2066c\nd\te"
    )
    assert one_line("x\ny\tz") == "x\\ny\\tz"
    # Ordinary text of every script is untouched (right-to-left marks included).
    plain = "Токаев — 中国政府 — الرئيس\u200f — ภาษาไทย"
    assert terminal_safe(plain) == one_line(plain) == plain


def test_a_crafted_file_name_cannot_colour_the_terminal_or_forge_a_line(
    capsys, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / HOSTILE_NAME).write_text(
        "<html><head><title>Report</title></head><body><p>"
        + "Protesters gathered in the square for a second day. " * 12
        + "</p></body></html>",
        encoding="utf-8",
    )
    (folder / "bad\x1b[2J\r.pdf").write_bytes(b"not a pdf")
    archive = str(tmp_path / "arc")
    code, out, err = run(capsys, "--archive", archive, "import", str(folder))
    assert code == 1  # the fake PDF failed; the article was imported
    for text in (out, err):
        assert not any(c in text for c in RAW_CONTROLS)
    lines = out.splitlines()
    assert lines[0].startswith("Imported 1 article(s)") and len(lines) == 3
    assert not any(line.startswith("Imported 99") for line in lines)
    assert "evil\\x1b[31mRED\\nImported 99 article(s)\\u202etxt.html" in out
    assert "bad\\x1b[2J\\r.pdf" in out
    _, shown, _ = run(capsys, "--archive", archive, "show", "1")
    assert not any(c in shown for c in RAW_CONTROLS)
    assert "Original: evil\\x1b[31mRED\\nImported 99" in shown
    # The JSON output keeps the real name for scripts (JSON escapes what it must).
    _, data, _ = run(capsys, "--archive", archive, "show", "1", "--json")
    assert data["original_filename"] == HOSTILE_NAME
