"""Running the command line in-process for tests: exit status, parsed JSON (or the text when
the output is not JSON) and stderr."""

from __future__ import annotations

import json

from archivist.cli.main import main


def run(capsys, *argv: str) -> tuple[int, object, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    captured = capsys.readouterr()
    try:
        return code, json.loads(captured.out), captured.err
    except json.JSONDecodeError:
        return code, captured.out, captured.err
