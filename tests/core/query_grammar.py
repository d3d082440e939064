"""Random queries from the whole query language, by class, for the fuzz test (through a
Random that Hypothesis drives) and the query benchmark (a seeded Random)."""

from __future__ import annotations

import random

#: Words of the generated multi-script corpus and the fuzz archive: common and rare English,
#: Russian, Chinese, Thai, Arabic, short words, stop words, numbers.
WORDS = [
    "protesters",
    "protest",
    "almaty",
    "Tokayev",
    "Tokaev",
    "troops",
    "government",
    "security",
    "crisis",
    "the",
    "a",
    "x",
    "ab-cd",
    "2022",
    "São",
    "Токаев",
    "алматы",
    "中国政府",
    "中国",
    "ภาษา",
    "ภาษาไทย",
    "الشرطة",
    "moscow",
    "kazakhstan",
]
FIELDS = ["title", "source", "author", "tag", "entity", "lang"]

CLASSES = [
    "word",
    "phrase",
    "boolean",
    "not_only",
    "fuzzy",
    "wildcard",
    "date",
    "field",
    "nested",
]


def _word(rng: random.Random) -> str:
    return rng.choice(WORDS)


def _fuzzy(rng: random.Random) -> str:
    distance = rng.choice(["", "1", "2", "3", "7"])
    return f"{_word(rng)}~{distance}"


def _wildcard(rng: random.Random) -> str:
    word = _word(rng)
    cut = rng.randint(0, max(0, len(word) - 1))
    return rng.choice(
        [
            word[: cut + 1] + "*",
            "*" + word[cut:],
            "*" + word[cut : cut + 2] + "*",
            word[:cut] + "?" + word[cut + 1 :],
            "?*" * rng.randint(1, 3),
        ]
    )


def _date(rng: random.Random) -> str:
    year = rng.choice(["2019", "2020", "2021", "2022", "2023", "0001", "9999"])
    month = f"{year}-{rng.randint(1, 12):02d}"
    return rng.choice(
        [
            f"published:{year}",
            f"published:{month}",
            f"published:[{year} TO {rng.choice(['2024', '*', '9999'])}]",
            f"published:>={month}",
            f"published:<{year}",
        ]
    )


def _leaf(rng: random.Random) -> str:
    return rng.choice(
        [
            _word,
            _word,
            _fuzzy,
            _wildcard,
            _date,
            lambda r: f'"{_word(r)} {_word(r)}"',
            lambda r: f"{rng.choice(FIELDS)}:{_word(r)}",
        ]
    )(rng)


def _nested(rng: random.Random, depth: int) -> str:
    if depth == 0:
        return _leaf(rng)
    operator = rng.choice([" AND ", " OR ", " ", " NOT ", " AND NOT "])
    parts = [_nested(rng, depth - 1) for _ in range(rng.randint(2, 3))]
    text = operator.join(parts)
    return f"({text})" if rng.random() < 0.6 else text


def random_query(rng: random.Random, kind: str) -> str:
    """One query of class `kind` (see CLASSES)."""
    if kind == "word":
        return " ".join(_word(rng) for _ in range(rng.randint(1, 3)))
    if kind == "phrase":
        return '"' + " ".join(_word(rng) for _ in range(rng.randint(2, 4))) + '"'
    if kind == "boolean":
        operator = rng.choice([" AND ", " OR ", " NOT ", " AND NOT "])
        return operator.join(_word(rng) for _ in range(rng.randint(2, 5)))
    if kind == "not_only":
        return " ".join(f"NOT {_leaf(rng)}" for _ in range(rng.randint(1, 200)))
    if kind == "fuzzy":
        return " OR ".join(_fuzzy(rng) for _ in range(rng.randint(1, 3)))
    if kind == "wildcard":
        return " OR ".join(_wildcard(rng) for _ in range(rng.randint(1, 5)))
    if kind == "date":
        return f"{_word(rng)} AND {_date(rng)}" if rng.random() < 0.5 else _date(rng)
    if kind == "field":
        return f"{rng.choice(FIELDS)}:{_word(rng)}"
    if kind == "nested":
        return _nested(rng, rng.randint(1, 4))
    raise ValueError(f"no query class {kind!r}")
