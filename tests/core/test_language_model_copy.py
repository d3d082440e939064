"""The language model's uncompressed copy in the cache folder: it identifies exactly as the
bundled model does, and a missing, damaged or foreign copy falls back to the bundled one."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import SAMPLES

from archivist.importers import language
from archivist.importers.registry import extract_document

TEXTS = [
    "Russian troops arrived in Almaty on Thursday, the president said.",
    "Президент заявил, что войска прибыли в Алматы в четверг утром.",
    "وصلت القوات الروسية إلى ألماتي يوم الخميس بحسب ما قال الرئيس.",
    "俄罗斯军队周四抵达阿拉木图，总统说。这是一个很长的句子用于测试。",
    "Die Truppen kamen am Donnerstag in Almaty an, sagte der Präsident.",
    "Les troupes russes sont arrivées jeudi à Almaty, a déclaré le président.",
]


def _sample_texts() -> list[str]:
    if not SAMPLES.is_dir():
        return []
    texts = []
    for path in sorted((SAMPLES / "html").glob("*.html"))[:25]:
        _format, documents = extract_document(path.read_bytes(), path.name)
        texts.extend(d.text[:3000] for d in documents if d.text)
    return texts


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARCHIVIST_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_copy_identifies_as_the_bundled_model(cache: Path) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    bundled = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    unpacked = language._load_identifier()  # (unpacks the bundled model, writes the copy)
    [copy] = cache.glob("langid-*.npz")
    from_copy = language._load_identifier()
    for text in TEXTS + _sample_texts():
        expected = bundled.classify(text)
        assert unpacked.classify(text) == expected
        assert from_copy.classify(text) == expected, text[:60]
    assert list(cache.glob("langid-*.npz")) == [copy]


def test_a_damaged_or_stale_copy_is_replaced(cache: Path) -> None:
    language._load_identifier()
    [copy] = cache.glob("langid-*.npz")
    stale = cache / "langid-0.0.1-1-1.npz"
    stale.write_bytes(b"an older version's copy")
    copy.write_bytes(copy.read_bytes()[:1000])  # (cut short, as a full disk would leave it)

    identifier = language._load_identifier()

    assert identifier.classify(TEXTS[1])[0] == "ru"
    assert [p.name for p in cache.glob("langid-*.npz")] == [copy.name]  # rewritten, stale gone
    assert language._load_identifier().classify(TEXTS[1])[0] == "ru"


def test_an_unwritable_cache_folder_still_identifies(cache: Path) -> None:
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the folder should be")
    assert language._load_identifier().classify(TEXTS[0])[0] == "en"
