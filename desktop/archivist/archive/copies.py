"""Syndicated copies: articles that are one story republished (re-headlined, wrapped in a
site's boilerplate, trimmed, lightly edited) are grouped, so that corroboration can be
counted by independent origin rather than by article.

Each article's text becomes a set of shingles — runs of 4 words, or of 4 characters in
scripts written without spaces (Chinese, Japanese, Thai, Burmese, Khmer, Lao) — and a
MinHash signature of that set (datasketch's scheme, computed here). Locality-sensitive
hashing finds the candidates without comparing every pair: the signature's first 40 values
are cut into 20 bands of 2, and articles sharing a band are compared; the estimated Jaccard
similarity of their shingles decides. Signatures and band keys live in SQLite (memory stays
bounded whatever the archive's size); so do the groups, one story id per member.

Measured on the shared samples (English, German, French, Russian, Arabic, Chinese, Japanese,
Korean, Thai, Burmese, Latvian): a copy with a new headline, an agency dateline, boilerplate
before and after, the last quarter cut and 3 % of its words changed keeps a similarity of
0.44 or more (0.34 for a 33-word text); different stories, on the same event included, stay
under 0.02. The default threshold, 0.3, sits between.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sqlite_utils import Database

NUM_PERM = 128
SHINGLE_UNITS = 4
BAND_ROWS = 2
BANDS = 20  # (the first BANDS × BAND_ROWS values band; all NUM_PERM estimate similarity)
MAX_CANDIDATES = 50  # compared per new article (see _candidates)
PER_BAND = 64  # the latest articles of a band counted there (see _candidates)
MIN_SHINGLES = 8  # a shorter text (a caption, a stub) is never grouped
DEFAULT_THRESHOLD = 0.3
THRESHOLD_KEY = "copies_threshold"
_SEED = 1

# A character of a script written without spaces is a unit of its own; other words are.
_NO_SPACES = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
)
_UNIT = re.compile(f"[{_NO_SPACES}]|[^\\W_]+")


def _crc32(data: bytes) -> int:
    # Stable across processes and machines (signatures are stored), and fast.
    return zlib.crc32(data)


def shingles(text: str) -> set[bytes]:
    """The text's runs of SHINGLE_UNITS units (case folded), as bytes."""
    units = [u.casefold() for u in _UNIT.findall(text)]
    if len(units) < SHINGLE_UNITS:
        return {" ".join(units).encode()} if units else set()
    return {
        " ".join(units[i : i + SHINGLE_UNITS]).encode()
        for i in range(len(units) - SHINGLE_UNITS + 1)
    }


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of the text's shingles (None for a text too short to group)."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    hashes = np.fromiter(map(_crc32, found), dtype=np.uint32, count=len(found)).reshape(-1, 1)
    multipliers, offsets = _permutations()
    return (_mixed(hashes) * multipliers + offsets).min(axis=0).astype(np.uint64)


# MinHash as datasketch 2 computes it in its "affine32" scheme, bit for bit (a test compares
# them): each shingle's hash pre-mixed by MurmurHash3's finalizer, then NUM_PERM affine
# permutations modulo 2^32. Computed here because signatures are stored, and must not change
# with a library's version (datasketch's default scheme changed in 2.0), and because its
# import cost half a second in each process (its LSH classes load scipy).
_MURMUR3_FINALIZER = (
    np.uint32(16),
    np.uint32(0x85EBCA6B),
    np.uint32(13),
    np.uint32(0xC2B2AE35),
    np.uint32(16),
)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The permutations' odd multipliers and offsets, drawn as datasketch draws them."""
    draw = np.random.RandomState(_SEED)
    multipliers = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offsets = draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return multipliers, offsets


def _mixed(hashes: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer: a bijection of 32-bit values that spreads their bits."""
    first, by, second, then, last = _MURMUR3_FINALIZER
    hashes = hashes ^ (hashes >> first)
    hashes = hashes * by
    hashes = hashes ^ (hashes >> second)
    hashes = hashes * then
    return hashes ^ (hashes >> last)


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets."""
    return float(np.count_nonzero(first == second)) / NUM_PERM


def band_keys(values: np.ndarray) -> list[int]:
    """The LSH bucket of each band (the band's number is part of its key)."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * BAND_ROWS : (band + 1) * BAND_ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "big")).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def threshold(db: Database) -> float:
    """The similarity from which two articles count as copies (the archive's setting)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [THRESHOLD_KEY]).fetchone()
    try:
        value = float(row[0]) if row else DEFAULT_THRESHOLD
    except (TypeError, ValueError):
        return DEFAULT_THRESHOLD
    return value if 0.05 <= value <= 1 else DEFAULT_THRESHOLD


def check_threshold(value: float) -> None:
    """Raise ValueError, saying why, unless `value` can be a copies threshold."""
    if not 0.05 <= value <= 1:
        raise ValueError("the copies threshold is a similarity from 0.05 to 1")


def set_threshold(db: Database, value: float) -> None:
    """Change the threshold (0.05–1); groups found before stay until `regroup_all`."""
    check_threshold(value)
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [THRESHOLD_KEY, str(value)],
    )


# --- recording and grouping ----------------------------------------------------------------


def record_articles(db: Database, texts: Iterable[tuple[int, str]]) -> int:
    """Sign these articles (new, or whose text changed) and group each with its copies.

    Call inside the transaction that wrote them. Returns how many of them were found to be
    copies of another article.
    """
    return record_signed(db, ((article_id, signature(text)) for article_id, text in texts))


def record_signed(db: Database, signed: Iterable[tuple[int, np.ndarray | None]]) -> int:
    """record_articles for articles already signed (an import signs each text in its
    extraction worker; None: too short to group)."""
    limit = threshold(db)
    found = 0
    for article_id, values in signed:
        _forget(db, article_id)
        if values is None:
            continue
        keys = band_keys(values)
        matches = [
            other
            for other, stored in _candidates(db, keys, article_id)
            if similarity(values, stored) >= limit
        ]
        db.execute(
            "INSERT INTO article_signatures (article_id, minhash) VALUES (?, ?)",
            [article_id, values.tobytes()],
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO article_bands (band_key, article_id) VALUES (?, ?)",
            [(key, article_id) for key in keys],
        )
        if matches:
            _join(db, [article_id, *matches])
            found += 1
    return found


def _candidates(db: Database, keys: list[int], article_id: int) -> list[tuple[int, np.ndarray]]:
    """The articles sharing a band with these keys, those sharing the most bands first, at
    most MAX_CANDIDATES: a copy shares several bands (4 of 20 at a similarity of 0.44),
    while texts that merely share phrases share one now and then. The bound keeps each
    look-up cheap however many articles are alike; a story with more copies than that
    still forms one group, through the copies that are compared.

    Each band is read for its latest PER_BAND articles only: a wire story copied tens of
    thousands of times fills its bands with them, and counting every one for each new copy
    made a large import quadratic (30 articles a second by 16,000). A copy still finds its
    story among the latest, and its latest copies are the likeliest to be nearest it."""
    keys = list(dict.fromkeys(keys))  # (a key read twice would count twice)
    latest = " UNION ALL ".join(
        "SELECT * FROM (SELECT article_id FROM article_bands WHERE band_key = ?"
        " AND article_id <> ? ORDER BY article_id DESC LIMIT ?)"
        for _ in keys
    )
    rows = db.execute(
        "SELECT s.article_id, s.minhash FROM ("
        f"  SELECT article_id, count(*) AS shared FROM ({latest})"
        "   GROUP BY article_id ORDER BY shared DESC, article_id LIMIT ?"
        ") c JOIN article_signatures s ON s.article_id = c.article_id",
        [*(value for key in keys for value in (key, article_id, PER_BAND)), MAX_CANDIDATES],
    ).fetchall()
    return [(int(r[0]), np.frombuffer(r[1], dtype=np.uint64)) for r in rows]


def _story_of(db: Database, article_id: int) -> int | None:
    row = db.execute(
        "SELECT story_id FROM article_stories WHERE article_id = ?", [article_id]
    ).fetchone()
    return int(row[0]) if row else None


def _join(db: Database, article_ids: list[int]) -> None:
    """Put these articles, and every member of their stories, in one story, labelled by the
    smallest of its members' ids and its stories' labels (a story's label is never above
    its members' ids, so this is its smallest member unless that one has left it)."""
    story_of = {article: _story_of(db, article) for article in article_ids}
    stories = {story for story in story_of.values() if story is not None}
    label = min([*article_ids, *stories])
    # Only the rows whose label changes are read and written: a copy joining a story of
    # tens of thousands writes its own row, and reads none of theirs (reading them for
    # each new copy made a large import quadratic: 2 articles a second by 26,000).
    relabelled = {article for article, story in story_of.items() if story != label}
    for story in stories - {label}:
        relabelled.update(
            int(member)
            for (member,) in db.execute(
                "SELECT article_id FROM article_stories WHERE story_id = ?", [story]
            )
        )
    db.conn.executemany(
        "INSERT INTO article_stories (article_id, story_id) VALUES (?, ?) "
        "ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
        [(member, label) for member in sorted(relabelled)],
    )


def _forget(db: Database, article_id: int) -> None:
    """Take an article out of its story (its text is about to be signed again)."""
    story = _story_of(db, article_id)
    db.execute("DELETE FROM article_signatures WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM article_bands WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM article_stories WHERE article_id = ?", [article_id])
    if story is not None:
        tidy_story(db, story)


def tidy_story(db: Database, story: int) -> None:
    """A story left with one member is no group any more (after a member left or was
    deleted)."""
    rows = db.execute(
        "SELECT article_id FROM article_stories WHERE story_id = ?", [story]
    ).fetchall()
    if len(rows) == 1:
        db.execute("DELETE FROM article_stories WHERE story_id = ?", [story])


def regroup_all(db: Database, texts: Iterable[tuple[int, str]]) -> int:
    """Forget every signature and group, then sign and group these articles again (the
    rebuild of `reindex`, and after the threshold changed). Returns the copies found."""
    db.execute("DELETE FROM article_stories")
    db.execute("DELETE FROM article_bands")
    db.execute("DELETE FROM article_signatures")
    return record_articles(db, texts)


# --- reading --------------------------------------------------------------------------------


def story_members(db: Database, article_id: int) -> list[int]:
    """The article's story, origin first: the earliest published member (then the earliest
    imported); just the article itself when it has no copies."""
    story = _story_of(db, article_id)
    if story is None:
        return [article_id]
    return [int(r[0]) for r in _members_origin_first(db, story, "a.id")]


def _members_origin_first(
    db: Database, story: int, columns: str, limit: int = -1
) -> list[tuple[Any, ...]]:
    """`columns` of the story's articles (`a`), the origin first: the earliest published
    (then the earliest imported); at most `limit` of them (-1: all)."""
    return db.execute(
        f"SELECT {columns} FROM article_stories s JOIN articles a ON a.id = s.article_id "
        "WHERE s.story_id = ? "
        "ORDER BY a.published IS NULL, a.published, a.imported_at, a.id LIMIT ?",
        [story, limit],
    ).fetchall()


def copies_of(db: Database, article_id: int) -> list[int]:
    """The other members of the article's story (origin first); [] when it has none."""
    return [member for member in story_members(db, article_id) if member != article_id]


def stories_of(db: Database, article_ids: Iterable[int]) -> dict[int, int]:
    """Article id -> story label, for those of these articles that have copies."""
    ids = list(article_ids)
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for article_id, story in db.execute(
            f"SELECT article_id, story_id FROM article_stories WHERE article_id IN ({marks})",
            chunk,
        ):
            found[int(article_id)] = int(story)
    return found


def folded_copies(db: Database) -> int:
    """How many articles are copies beyond the first of their story (articles minus
    distinct stories)."""
    row = db.execute("SELECT count(*) - count(DISTINCT story_id) FROM article_stories").fetchone()
    return int(row[0])


def count_stories(db: Database) -> int:
    """Distinct stories among the archive's articles: each group counts once."""
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    return int(articles) - folded_copies(db)


def summary(db: Database) -> dict[str, Any]:
    groups = db.execute("SELECT count(DISTINCT story_id) FROM article_stories").fetchone()[0]
    return {"stories": count_stories(db), "groups": int(groups), "threshold": threshold(db)}


def copy_summaries(
    db: Database, article_id: int, limit: int = 10
) -> tuple[list[tuple[int, str | None, str, bool]], int]:
    """(id, source, title, is the origin) of the article's first `limit` copies, origin
    first, and how many copies it has. Bounded: a press release sent to every outlet makes
    a story of thousands, and the reader asks for this on every article it shows."""
    story = _story_of(db, article_id)
    if story is None:
        return [], 0
    total = db.execute(
        "SELECT count(*) FROM article_stories WHERE story_id = ?", [story]
    ).fetchone()[0]
    rows = _members_origin_first(db, story, "a.id, a.source, a.title", limit + 1)
    found = [
        (int(member), source, title, index == 0)
        for index, (member, source, title) in enumerate(rows)
        if member != article_id
    ]
    return found[:limit], int(total) - 1
