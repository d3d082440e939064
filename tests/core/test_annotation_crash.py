"""Kills in the middle of annotation work: every annotation reported committed survives, and
the archive is consistent afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archivist import annotations as ann
from archivist.archive import open_archive
from archivist.archive.maintenance import check
from archivist.importers.pipeline import import_text

TEXT = " ".join(
    f"Witness {n} said protesters in Almaty were arrested by police." for n in range(400)
)

ANNOTATOR = """
import sys
from archivist import annotations as ann
from archivist.archive import open_archive

archive = open_archive(sys.argv[1])
for n in range(400):
    quote = f"Witness {n} said"
    claim = ann.add_claim(archive, 1, quote=quote, claimant=f"witness {n}", reliability="C", credibility=3)
    mention = ann.tag_entity(archive, 1, quote="Almaty", nth=n + 1, name="Almaty", type="location")
    ann.edit_claim(archive, claim.id, status="disputed", note=f"note {n}")
    print(claim.id, flush=True)  # printed only after the commits
"""


@pytest.mark.parametrize("kill_after_lines", [3, 25, 60])
def test_kill_during_annotation_edits(tmp_path: Path, kill_after_lines: int) -> None:
    root = tmp_path / "archive"
    with open_archive(root) as archive:
        import_text(archive, TEXT, title="Witnesses")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    victim = subprocess.Popen(
        [sys.executable, "-c", ANNOTATOR, str(root)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert victim.stdout is not None
    committed = [int(victim.stdout.readline()) for _ in range(kill_after_lines)]
    time.sleep(0.01 * kill_after_lines % 0.07)  # land the kill at varying points of a loop
    os.kill(victim.pid, signal.SIGKILL)
    rest = victim.stdout.read()
    victim.wait()
    committed += [int(line) for line in rest.split()]
    with open_archive(root) as archive:
        assert check(archive, repair=True).ok
        claims = {c.id: c for c in ann.list_claims(archive, article_id=1)}
        for claim_id in committed:
            claim = claims[claim_id]
            assert claim.status == "disputed" and claim.note and claim.note.startswith("note ")
        text = archive.article(1).text
        for claim in claims.values():
            assert text[claim.start : claim.end] == claim.quote
        for mention in ann.mentions_of_article(archive, 1):
            assert text[mention.start : mention.end] == mention.quote == "Almaty"
        # Search agrees with the database after the heal.
        assert archive.search("status:disputed").total == (1 if committed else 0)
