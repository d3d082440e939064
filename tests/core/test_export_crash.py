"""Kills during a brief export: the destination is either absent, or the previous complete
file, or the new complete file — never a half-written .docx under the final name."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import open_archive
from archivist.importers.pipeline import import_text

EXPORTER = """
import sys
from archivist import briefs
from archivist.archive import open_archive

archive = open_archive(sys.argv[1], access="read")
for n in range(1000):
    briefs.export_brief(archive, 1, sys.argv[2])
    print(n, flush=True)
"""


@pytest.fixture(scope="module")
def big_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export") / "archive"
    with open_archive(root) as archive:
        brief = briefs.create_brief(archive, "Many claims", marking="OFFICIAL")
        for number in range(60):
            text = f"Report {number}. " + " ".join(
                f"Official {number}-{k} said the town was calm." for k in range(20)
            )
            article_id = (
                import_text(archive, text, source="Wire", published="2022-01-06").imported[0].id
            )
            claim = ann.add_claim(
                archive,
                article_id,
                quote=f"Official {number}-3 said the town was calm",
                claimant=f"official {number}",
                reliability="B",
                credibility=2,
                note="check with a second source",
            )
            briefs.add_claim_item(archive, brief.id, claim.id)
    return root


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.7, 1.1, 1.6])
def test_kill_during_export_never_leaves_a_broken_file(
    big_brief: Path, tmp_path: Path, delay: float
) -> None:
    out = tmp_path / "brief.docx"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    victim = subprocess.Popen(
        [sys.executable, "-c", EXPORTER, str(big_brief), str(out)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    time.sleep(1.0 + delay)  # start-up, then a point somewhere inside an export
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    if out.exists():
        with zipfile.ZipFile(out) as package:
            assert package.testzip() is None
        document = Document(str(out))
        assert any("Official" in p.text for p in document.paragraphs)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "brief.docx"]
    # A killed export may leave its temporary file; it never has the final name.
    assert all(not name.endswith(".docx") or name.startswith(".") for name in leftovers), leftovers
