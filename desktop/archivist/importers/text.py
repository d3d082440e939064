"""Plain text and Markdown files: decoded text, front matter metadata, a title from the text."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from typing import Any

from archivist.errors import EmptyDocumentError
from archivist.importers.base import ExtractedDocument
from archivist.importers.encoding import decode_bytes
from archivist.importers.language import detect_language, primary_subtag
from archivist.text import derive_title, normalise_field

_TOML_FRONT_MATTER = re.compile(
    r"\A\ufeff?\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|\Z)", re.S
)
_YAML_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_YAML_LIST_ITEM = re.compile(r"^\s+-\s+(.*)$")
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_BLOCK_START = re.compile(r"^ {0,3}(?:[-*+] |\d{1,9}[.)] |>|#|\||```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+|mailto:[^<>\s]+|[^<>\s@]+@[^<>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_PATH_DATE = re.compile(r"(?<!\d)(\d{4})[/-](\d{2})[/-](\d{2})(?!\d)")

_DATE_KEYS = ("date", "published", "pubdate", "publishdate", "published_at", "created")
_AUTHOR_KEYS = ("author", "authors", "byline", "creator")
_URL_KEYS = ("url", "canonical", "canonical_url", "permalink", "link")


def extract(data: bytes, filename: str) -> list[ExtractedDocument]:
    """A plain text file as one document; the title is its first meaningful line.

    Raises:
        EmptyDocumentError: the file holds only whitespace.
    """
    text = decode_bytes(data)
    if not text.strip():
        raise EmptyDocumentError("the text file is empty")
    return [
        ExtractedDocument(text=text, title=_title_from_text(text), language=detect_language(text))
    ]


def extract_markdown(data: bytes, filename: str) -> list[ExtractedDocument]:
    """A Markdown file: front matter (TOML `+++` or YAML `---`) gives metadata, then is removed.

    The text keeps its Markdown structure but loses the syntax that hurts reading: heading
    marks, link targets, emphasis markers, HTML comments; hard-wrapped paragraphs are joined.

    Raises:
        EmptyDocumentError: nothing but front matter or whitespace.
    """
    source = decode_bytes(data)
    meta, body = split_front_matter(source)
    heading = _first_heading(body)
    text = markdown_to_text(body)
    if not text.strip():
        raise EmptyDocumentError("the Markdown file has no text (only front matter or nothing)")
    return [
        ExtractedDocument(
            text=text,
            title=_meta_str(meta, ("title",)) or heading or _title_from_text(text),
            source=_meta_str(meta, ("source", "publisher", "site")),
            author=_meta_author(meta),
            url=_meta_url(meta),
            published=_meta_date(meta),
            language=primary_subtag(_meta_str(meta, ("lang", "language"))) or detect_language(text),
        )
    ]


def split_front_matter(source: str) -> tuple[dict[str, Any], str]:
    """(metadata, body) of a Markdown document; ({}, source) when it has no front matter.

    Malformed front matter is still removed from the body but yields no metadata.
    """
    match = _TOML_FRONT_MATTER.match(source)
    if match:
        try:
            meta: dict[str, Any] = tomllib.loads(match.group(1))
        except tomllib.TOMLDecodeError:
            meta = {}
        return meta, source[match.end() :]
    match = _YAML_FRONT_MATTER.match(source)
    if match and _YAML_KEY.match(match.group(1).lstrip("\n").split("\n", 1)[0]):
        return _parse_simple_yaml(match.group(1)), source[match.end() :]
    return {}, source


def markdown_to_text(body: str) -> str:
    """Readable text from Markdown source (structure kept, distracting syntax removed)."""
    body = _HTML_COMMENT.sub("", body)
    paragraphs: list[str] = []
    for block in _blocks(body.replace("\r\n", "\n").replace("\r", "\n")):
        paragraphs.append(block)
    return "\n\n".join(p for p in paragraphs if p.strip())


def _blocks(body: str) -> list[str]:
    """Split into blocks at blank lines, joining soft-wrapped lines of ordinary paragraphs."""
    blocks: list[str] = []
    current: list[str] = []
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            current.append(line)
            continue
        if in_fence:
            current.append(line)
            continue
        if not line.strip():
            if current:
                blocks.append(_finish_block(current))
                current = []
            continue
        if _SETEXT_UNDERLINE.match(line) and len(current) == 1:
            blocks.append(_inline(current[0]))
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(_finish_block(current))
    return blocks


def _finish_block(lines: list[str]) -> str:
    if any(_FENCE.match(line) for line in lines):
        return "\n".join(line for line in lines if not _FENCE.match(line))
    joined: list[str] = []
    can_join = False  # may the next line continue the previous one (a soft line break)?
    for line in lines:
        heading = _ATX_HEADING.match(line)
        if heading:
            joined.append(_inline(heading.group(2)))
            can_join = False
        elif can_join and not _BLOCK_START.match(line):
            joined[-1] = joined[-1] + " " + _inline(line.strip())
        else:
            joined.append(_inline(line.strip()))
        # Two trailing spaces are Markdown's hard line break.
        can_join = not heading and not line.endswith("  ")
    return "\n".join(line.rstrip() for line in joined)


def _inline(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    return _EMPHASIS.sub(r"\1", _STRONG.sub(r"\2", line))


def _first_heading(body: str) -> str | None:
    lines = body.split("\n")
    for index, line in enumerate(lines[:400]):
        match = _ATX_HEADING.match(line)
        if match:
            return normalise_field(_inline(match.group(2)))
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and _SETEXT_UNDERLINE.match(next_line) and "=" in next_line:
            return normalise_field(_inline(line))
    return None


def _title_from_text(text: str) -> str | None:
    """First line with some letters in it (skips numbering, timestamps, rules)."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:200]):
        if sum(1 for char in line if char.isalpha()) >= 3:
            return derive_title("\n".join(lines[index:]))
    return derive_title(text)


def _parse_simple_yaml(block: str) -> dict[str, Any]:
    """The flat `key: value` / `key:\\n  - item` subset of YAML that front matter uses."""
    meta: dict[str, Any] = {}
    key: str | None = None
    for line in block.split("\n"):
        item = _YAML_LIST_ITEM.match(line)
        if item and key is not None:
            existing = meta.get(key)
            values = existing if isinstance(existing, list) else []
            values.append(_yaml_scalar(item.group(1)))
            meta[key] = values
            continue
        match = _YAML_KEY.match(line)
        if not match:
            continue
        key, raw = match.group(1).lower(), match.group(2).strip()
        if raw.startswith("[") and raw.endswith("]"):
            meta[key] = [_yaml_scalar(part) for part in raw[1:-1].split(",") if part.strip()]
        elif raw:
            meta[key] = _yaml_scalar(raw)
    return meta


def _yaml_scalar(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return raw.split(" #", 1)[0].strip()


def _meta_str(meta: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): v for k, v in meta.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip():
            return normalise_field(value)
    return None


def _meta_author(meta: dict[str, Any]) -> str | None:
    lowered = {str(k).lower(): v for k, v in meta.items()}
    for key in _AUTHOR_KEYS:
        value = lowered.get(key)
        if isinstance(value, list):
            names = [str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value]
            value = ", ".join(name for name in names if name.strip())
        if isinstance(value, str) and value.strip():
            return normalise_field(value)
    return None


def _meta_url(meta: dict[str, Any]) -> str | None:
    value = _meta_str(meta, _URL_KEYS)
    return value if value and value.startswith(("http://", "https://")) else None


def _meta_date(meta: dict[str, Any]) -> str | None:
    lowered = {str(k).lower(): v for k, v in meta.items()}
    for key in _DATE_KEYS:
        iso = iso_date(lowered.get(key))
        if iso:
            return iso
    # Static-site generators often carry the date only in the post's path.
    for key in ("path", "slug", "permalink", "url"):
        value = lowered.get(key)
        match = _PATH_DATE.search(value) if isinstance(value, str) else None
        if match:
            iso = iso_date("-".join(match.groups()))
            if iso:
                return iso
    return None


def iso_date(value: object) -> str | None:
    """ISO 8601 for a date/datetime or an ISO-like string; None for anything else."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        try:
            return date.fromisoformat(raw[:10]).isoformat()
        except ValueError:
            return None
    if len(raw) == 10:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")
