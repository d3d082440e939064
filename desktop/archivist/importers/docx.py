"""Word .docx files: body text in reading order (tables, text boxes, notes) and core properties."""

from __future__ import annotations

import io
import logging
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree

from archivist.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
    FileTooLargeError,
    HostileContentError,
)
from archivist.importers.base import ExtractedDocument
from archivist.importers.language import detect_language
from archivist.text import derive_title, normalise_field

log = logging.getLogger(__name__)

# Zip-bomb guards: what all parts may expand to, and how much one large part may expand.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
_RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_PARTS = 10_000
_SCAN_CHUNK = 1024 * 1024

# Subtrees whose text is not part of the document as it now reads: tracked deletions, the
# old position of moved text, field instructions, and the VML copy of a text box that Word
# writes beside the DrawingML one (mc:Fallback).
_SKIPPED = frozenset(
    {"del", "moveFrom", "delText", "instrText", "Fallback", "commentReference", "rPr", "pPr"}
)
_OFFICE_DOCUMENT_REL = "/officeDocument"
_NOTE_MARK = re.compile(r"\[\d+\]")
_NOTE_RELS = ("/footnotes", "/endnotes")


@dataclass
class _Notes:
    """Footnote/endnote texts by id, and the order in which the body refers to them."""

    texts: dict[tuple[str, str], str] = field(default_factory=dict)
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def number_for(self, kind: str, note_id: str) -> int:
        key = (kind, note_id)
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]


@dataclass
class _Loaded:
    body: Any
    note_roots: list[Any]
    title: str | None
    author: str | None
    created: str | None


def extract(data: bytes, filename: str) -> list[ExtractedDocument]:
    """Extract a Word document (Transitional or Strict OOXML) as one document.

    Body paragraphs and tables come in document order, text boxes after the paragraph that
    anchors them, footnotes and endnotes at the end. Tracked deletions and the source of
    tracked moves are left out; comments and headers/footers are not body text.

    Raises:
        HostileContentError: DTD/entity declarations in a part, or a ZIP bomb.
        FileTooLargeError: the parts would expand past `MAX_UNCOMPRESSED_BYTES`.
        CorruptDocumentError: not a readable Word package.
        EmptyDocumentError: the document holds no text.
    """
    check_package_safety(data)
    loaded = _load(data)
    notes = _collect_notes(loaded.note_roots)
    body_text = "\n\n".join(block for block in _blocks(loaded.body, notes) if block.strip())
    note_lines = _note_lines(notes)
    text = "\n\n".join(part for part in (body_text, note_lines) if part)
    if not text.strip():
        raise EmptyDocumentError("the Word document has no text")
    return [
        ExtractedDocument(
            text=text,
            title=normalise_field(loaded.title) or _derived_title(body_text or text),
            author=normalise_field(loaded.author),
            published=loaded.created,
            language=detect_language(text),
        )
    ]


def check_package_safety(data: bytes) -> None:
    """Refuse ZIP bombs and XML parts that declare a DTD or entities, before any parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_sizes(members)
            for member in members:
                if _is_xml_part(member.filename):
                    _scan_for_dtd(archive, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error) as exc:
        raise CorruptDocumentError(f"this Word document is damaged ({exc})") from None
    except (RuntimeError, NotImplementedError) as exc:
        # zipfile raises these for encrypted members and unknown compression methods.
        raise CorruptDocumentError(f"this Word document cannot be unpacked ({exc})") from None


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_PARTS:
        raise HostileContentError(
            f"this Word document has {len(members)} parts; more than {MAX_PARTS} is not a "
            "normal document (possible ZIP bomb)"
        )
    total = sum(member.file_size for member in members)
    for member in members:
        compressed = max(member.compress_size, 1)
        if (
            member.file_size > _RATIO_CHECK_MIN_BYTES
            and member.file_size / compressed > MAX_COMPRESSION_RATIO
        ):
            raise HostileContentError(
                f'this Word document looks like a ZIP bomb: part "{member.filename}" expands '
                f"{member.file_size // compressed} times"
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        limit = MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
        raise FileTooLargeError(f"this Word document expands to more than {limit} MiB")


def _is_xml_part(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith((".xml", ".rels", ".vml")) or "." not in posixpath.basename(lowered)


# "<!DOCTYPE" and "<!ENTITY" in every encoding an XML parser accepts without a declaration
# that names it (lxml reads UTF-16 and UTF-32 parts by their byte order mark or first bytes).
_DTD_NEEDLES = tuple(
    word.encode(codec)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_NEEDLE_OVERLAP = max(len(needle) for needle in _DTD_NEEDLES)


def _scan_for_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Stream a part looking for <!DOCTYPE / <!ENTITY, in UTF-8, UTF-16 or UTF-32."""
    tail = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_SCAN_CHUNK)
            if not chunk:
                return
            # upper() changes ASCII letters only: the zero bytes of wide encodings stay.
            window = (tail + chunk).upper()
            if any(needle in window for needle in _DTD_NEEDLES):
                raise HostileContentError(
                    f'this Word document declares a DTD or XML entities in "{member.filename}" '
                    "(possible entity-expansion attack); it was not opened"
                )
            tail = window[-_NEEDLE_OVERLAP:]


def _load(data: bytes) -> _Loaded:
    """Open with python-docx; fall back to reading the package ourselves (Strict OOXML,
    templates and other packages python-docx declines)."""
    try:
        return _load_with_python_docx(data)
    except Exception as exc:  # any refusal sends us to the tolerant reader below
        log.info("python-docx declined the document (%s); reading the package directly", exc)
    try:
        return _load_raw_package(data)
    except (KeyError, ValueError, OSError, zlib.error, etree.LxmlError, zipfile.BadZipFile) as exc:
        raise CorruptDocumentError(
            f"could not read this Word document: {_short_reason(exc)}"
        ) from None


def _load_with_python_docx(data: bytes) -> _Loaded:
    import docx

    document = docx.Document(io.BytesIO(data))
    note_roots = []
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype.endswith(_NOTE_RELS):
            note_roots.append(_parse_xml(rel.target_part.blob))
    core = document.core_properties
    created = core.created
    return _Loaded(
        body=document.element.body,
        note_roots=note_roots,
        title=core.title or None,
        author=core.author or None,
        created=_iso(created) if isinstance(created, datetime) else None,
    )


def _load_raw_package(data: bytes) -> _Loaded:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        main_name = _relationship_target(archive, "", _OFFICE_DOCUMENT_REL)
        if main_name is None:
            main_name = "word/document.xml"
        root = _parse_xml(archive.read(main_name))
        body = next((el for el in root if _local(el) == "body"), None)
        if body is None:
            raise ValueError("the document part has no body")
        note_roots = [
            _parse_xml(archive.read(target))
            for rel in _NOTE_RELS
            if (target := _relationship_target(archive, main_name, rel)) is not None
        ]
        title, author, created = _core_properties(archive)
    return _Loaded(body, note_roots, title, author, created)


def _relationship_target(archive: zipfile.ZipFile, source: str, type_suffix: str) -> str | None:
    """Package path of the first relationship of a type (Transitional or Strict URI)."""
    folder, name = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    try:
        rels = _parse_xml(archive.read(rels_name))
    except KeyError:
        return None
    for rel in rels:
        if str(rel.get("Type", "")).endswith(type_suffix) and rel.get("TargetMode") != "External":
            target = str(rel.get("Target", ""))
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join(folder, target))
    return None


def _core_properties(archive: zipfile.ZipFile) -> tuple[str | None, str | None, str | None]:
    try:
        core = _parse_xml(archive.read("docProps/core.xml"))
    except (KeyError, etree.LxmlError):
        return None, None, None
    values = {_local(el): (el.text or "").strip() for el in core}
    created = values.get("created") or None
    if created:
        try:
            created = _iso(datetime.fromisoformat(created.replace("Z", "+00:00")))
        except ValueError:
            created = None
    return values.get("title") or None, values.get("creator") or None, created


def _parse_xml(data: bytes) -> Any:
    """Parse a package part: entities are never resolved and nothing is ever fetched.

    A parser per call, because lxml parser objects must not be shared between threads.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        # OOXML stores W3CDTF in UTC; python-docx hands it back without a zone.
        return value.isoformat(timespec="seconds") + "+00:00"
    return value.isoformat(timespec="seconds")


def _local(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _blocks(container: Any, notes: _Notes) -> Iterator[str]:
    """Paragraph-level texts of a body, cell, text box or content control, in order."""
    for child in container:
        name = _local(child)
        if name == "p":
            text, boxes = _paragraph(child, notes)
            yield text
            for box in boxes:
                yield from _blocks(box, notes)
        elif name == "tbl":
            yield _table(child, notes)
        elif name in _SKIPPED or name in {"sectPr", "tblPr", "tblGrid"}:
            continue
        else:
            # sdt/sdtContent, customXml, ins, smartTag...: containers of blocks.
            yield from _blocks(child, notes)


def _paragraph(paragraph: Any, notes: _Notes) -> tuple[str, list[Any]]:
    """(text, text boxes anchored in it). Text boxes are read separately, not inline."""
    pieces: list[str] = []
    boxes: list[Any] = []
    _inline(paragraph, notes, pieces, boxes)
    return "".join(pieces).strip(), boxes


def _inline(element: Any, notes: _Notes, pieces: list[str], boxes: list[Any]) -> None:
    for child in element:
        name = _local(child)
        if name in _SKIPPED:
            continue
        if name == "t":
            pieces.append(child.text or "")
        elif name in {"tab", "ptab"}:
            pieces.append("\t")
        elif name in {"br", "cr"}:
            pieces.append("\n")
        elif name == "noBreakHyphen":
            pieces.append("-")
        elif name == "txbxContent":
            boxes.append(child)
        elif name in {"footnoteReference", "endnoteReference"}:
            kind = name.removesuffix("Reference")
            pieces.append(f"[{notes.number_for(kind, str(child.get(_w_attr(child, 'id'))))}]")
        else:
            _inline(child, notes, pieces, boxes)


def _w_attr(element: Any, name: str) -> str:
    """The qualified name of a w: attribute, in whichever namespace the document uses."""
    namespace = element.tag.split("}", 1)[0].lstrip("{") if "}" in element.tag else ""
    return f"{{{namespace}}}{name}" if namespace else name


def _table(table: Any, notes: _Notes) -> str:
    """Rows as lines, cells separated by tabs; a vertically merged cell appears once."""
    lines: list[str] = []
    for row in table:
        if _local(row) not in {"tr", "sdt", "customXml"}:
            continue
        cells = [" ".join(b for b in _blocks(cell, notes) if b) for cell in _cells(row)]
        if any(cells):
            lines.append("\t".join(cells).rstrip("\t"))
    return "\n".join(lines)


def _cells(row: Any) -> Iterator[Any]:
    for child in row:
        name = _local(child)
        if name == "tc":
            yield child
        elif name in {"sdt", "sdtContent", "customXml", "tr"}:
            yield from _cells(child)


def _collect_notes(roots: list[Any]) -> _Notes:
    notes = _Notes()
    for root in roots:
        for note in root:
            kind = _local(note)
            if kind not in {"footnote", "endnote"}:
                continue
            if note.get(_w_attr(note, "type")) not in (None, "normal"):
                continue  # separators
            scratch = _Notes()
            text = " ".join(b for b in _blocks(note, scratch) if b).strip()
            if text:
                notes.texts[(kind, str(note.get(_w_attr(note, "id"))))] = text
    return notes


def _note_lines(notes: _Notes) -> str:
    """Notes in the order the body refers to them, then any the body never refers to."""
    ordered = sorted(notes.texts, key=lambda key: notes.numbers.get(key, 10**9))
    lines = []
    for key in ordered:
        number = notes.numbers.get(key) or notes.number_for(*key)
        lines.append(f"[{number}] {notes.texts[key]}")
    return "\n".join(lines)


def _derived_title(text: str) -> str | None:
    """First line or sentence, without note markers ("Ouch[1]." -> "Ouch.")."""
    return normalise_field(derive_title(_NOTE_MARK.sub("", text)))


def _short_reason(exc: BaseException) -> str:
    reason = str(exc).strip() or type(exc).__name__
    return reason if len(reason) <= 160 else reason[:157] + "…"
