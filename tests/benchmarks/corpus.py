"""Realistic benchmark corpora: news-like articles as .txt and saved .html pages.

Sentences come from real articles in ../shared/samples when present (else from a built-in
paragraph), reshuffled with varied names, places and dates so that every article differs.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"

_FALLBACK = """Russian troops arrived in Kazakhstan on Thursday to help quell an uprising that has left
dozens dead. The president said he had ordered security forces to shoot to kill without warning.
Around two thousand people had been arrested in the largest city alone, officials said. The
protests began over a rise in fuel prices and spread across the country within days. Internet
access was cut and the airport was closed for much of the week. Analysts said the unrest
exposed deep frustration with decades of rule by a small elite. The government resigned and a
state of emergency was declared in several regions. Western governments called for restraint and
asked for the release of journalists detained during the protests."""

NAMES = [
    "Kassym-Jomart Tokayev",
    "Nursultan Nazarbayev",
    "Ned Price",
    "Vladimir Putin",
    "Antony Blinken",
    "Karim Massimov",
    "Askar Mamin",
    "Ursula von der Leyen",
    "Josep Borrell",
    "Alikhan Smailov",
]
PLACES = [
    "Almaty",
    "Nur-Sultan",
    "Zhanaozen",
    "Aktobe",
    "Shymkent",
    "Taraz",
    "Moscow",
    "Brussels",
    "Washington",
]
SOURCES = [
    "AFP",
    "Reuters",
    "Associated Press",
    "BBC News",
    "Eurasianet",
    "RFE/RL",
    "Al Jazeera",
    "The Guardian",
]


def _sentences() -> list[str]:
    texts: list[str] = []
    for name in ("txt/np4k_cnn_001.txt", "txt/kazakhstan-unrest-afp.txt"):
        path = SAMPLES / name
        if path.exists():
            texts.append(path.read_text(encoding="utf-8"))
    if not texts:
        texts = [_FALLBACK]
    sentences = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
            if 40 <= len(sentence) <= 400:
                sentences.append(sentence)
    return sentences


@dataclass
class GeneratedArticle:
    title: str
    text: str
    source: str
    published: str


def generate(count: int, seed: int = 7, words: int = 600) -> list[GeneratedArticle]:
    rng = random.Random(seed)
    pool = _sentences()
    articles = []
    for number in range(count):
        name, place = rng.choice(NAMES), rng.choice(PLACES)
        paragraphs, total = [], 0
        while total < words:
            paragraph = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
            paragraph = paragraph.replace("Almaty", place).replace("Tokayev", name.split()[-1])
            paragraphs.append(paragraph)
            total += len(paragraph.split())
        paragraphs.insert(
            1, f"{name} spoke in {place} on day {number} of the crisis (ref {number:06d})."
        )
        year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
        published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = f"{name} in {place}: {rng.choice(pool)[:60].rsplit(' ', 1)[0]} ({number})"
        articles.append(
            GeneratedArticle(title, "\n\n".join(paragraphs), rng.choice(SOURCES), published)
        )
    return articles


def write_files(
    articles: list[GeneratedArticle], folder: Path, html_share: float = 0.5
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, article in enumerate(articles):
        if number % int(1 / html_share if html_share else 10**9) == 0 and html_share:
            path = folder / f"article-{number:06d}.html"
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in article.text.split("\n\n"))
            path.write_text(
                f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(article.title)} | {article.source}</title>
<meta property="og:title" content="{html.escape(article.title)}">
<meta property="og:site_name" content="{article.source}">
<meta name="author" content="Staff Reporter">
<meta property="article:published_time" content="{article.published}T09:00:00Z">
<link rel="canonical" href="https://news.example.com/a/{number}">
<script>window.tracking = {{id: {number}}};</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="ad">Advertisement: buy now</div>
<article><h1>{html.escape(article.title)}</h1><p class="byline">By Staff Reporter</p>
{body}</article>
<footer>© News Example. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>""",
                encoding="utf-8",
            )
        else:
            path = folder / f"article-{number:06d}.txt"
            path.write_text(f"{article.title}\n\n{article.text}\n", encoding="utf-8")
        paths.append(path)
    return paths
