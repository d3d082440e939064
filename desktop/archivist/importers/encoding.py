"""Bytes of a text document to str: BOMs, UTF-16/32, UTF-8, declared and detected charsets."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

from archivist.importers.language import detect_language

# Most-specific first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels people (and web servers) write, mapped to the codec that decodes what they really
# mean: browsers read "gb2312" as GBK/GB18030, "iso-8859-1" as windows-1252, and so on
# (WHATWG Encoding Standard). Supersets never make a correct file worse.
_SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift_jis_2004": "cp932",
    "shift_jisx0213": "cp932",
    "euc_kr": "cp949",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
    "tis_620": "cp874",
    "iso8859_11": "cp874",
    "euc_jis_2004": "euc_jp",
    "euc_jisx0213": "euc_jp",
}

# Candidates for detection: the encodings news text really comes in. Restricting the search
# keeps charset-normalizer fast and away from exotic code pages (EBCDIC, Mac Greek...).
_DETECTION_CANDIDATES: tuple[str, ...] = (
    "utf_8",
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "latin_1",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_8",
    "iso8859_13",
    "iso8859_15",
    "koi8_r",
    "koi8_u",
    "mac_cyrillic",
    "cp866",
    "big5",
    "gb18030",
    "cp932",
    "euc_jp",
    "cp949",
    "cp874",
)

# Single-byte Latin code pages often decode the same bytes equally "cleanly"; the language
# of the text says which one its author used.
_CODECS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sq"), ("cp1250",)),
    **dict.fromkeys(("ru", "uk", "bg", "be", "sr", "mk"), ("cp1251", "koi8_r", "koi8_u")),
    **dict.fromkeys(("tr", "az"), ("cp1254",)),
    **dict.fromkeys(("et", "lv", "lt"), ("cp1257",)),
    **dict.fromkeys(("ar", "fa", "ur"), ("cp1256",)),
    **dict.fromkeys(("he", "yi"), ("cp1255",)),
    "el": ("cp1253",),
    "vi": ("cp1258",),
    "th": ("cp874",),
}
_PREFERENCE: tuple[str, ...] = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1256",
    "cp1255",
    "cp1253",
    "cp1254",
    "cp1257",
    "koi8_r",
    "gb18030",
    "big5",
    "cp932",
    "euc_jp",
    "cp949",
)

# charset-normalizer samples the payload itself, but decoding every candidate over many
# megabytes is still slow: a generous prefix decides as well.
_DETECTION_BYTES = 64 * 1024
# Chaos (0..1) above which a declared charset's decoding is deemed wrong (mojibake).
_MAX_DECLARED_MESS = 0.15
# Decodings whose chaos is this close to the best one are treated as a tie.
_TIE_MARGIN = 0.01

_ISO2022_JP = re.compile(rb"\x1b\$[@B]|\x1b\$\(D|\x1b\([BJI]")
_ISO2022_KR = re.compile(rb"\x1b\$\)C")

# Many real pages put <meta charset> after big inline scripts; browsers look at 1 KB, we
# look further because a saved page has no HTTP header to fall back on.
_HEAD_BYTES = 32 * 1024
_XML_DECL_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_META_HTTP_EQUIV = re.compile(
    rb"<meta[^>]*?content\s*=\s*[\"'][^\"'>]*?charset\s*=\s*([A-Za-z0-9._:-]+)", re.I
)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a text document, treating a declared charset as a hint rather than the truth.

    Order: byte-order mark; UTF-16/32 without BOM (NUL patterns); ISO-2022 escapes; strict
    UTF-8; the declared charset if its result is plausible (or, for UTF-8, if the bytes are
    mostly valid UTF-8); else detection with charset-normalizer.

    Args:
        data: the raw bytes.
        declared: a charset label found in the document (`<meta charset>`, XML declaration,
            MIME header), or None.

    Returns:
        The text. Undecodable bytes become U+FFFD; this never raises for any input.
    """
    if not data:
        return ""
    for decoder in (_decode_with_bom, _decode_wide_without_bom, _decode_iso2022):
        text = decoder(data)
        if text is not None:
            return text
    codec = normalise_codec(declared)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_declared(data, codec)
    if text is not None:
        return text
    return _decode_detected(data)


def normalise_codec(label: str | None) -> str | None:
    """The Python codec to use for a charset label, or None if the label is unknown.

    Legacy Chinese, Japanese and Korean labels map to their supersets; a declared UTF-16/32
    without matching bytes is ignored (HTML's rule), so it yields None too.
    """
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label == "x-user-defined":
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    if name.startswith("utf_32") or name.startswith("utf_16"):
        return None
    if name == "utf_8_sig":
        name = "utf_8"
    return _SUPERSETS.get(name, name)


def decode_unicode_signature(data: bytes) -> str | None:
    """UTF-8/16/32 recognised by a byte-order mark or, for UTF-16/32, by its NUL bytes.

    None when the bytes carry no such signature (they may still be UTF-8 or anything else).
    """
    text = _decode_with_bom(data)
    return text if text is not None else _decode_wide_without_bom(data)


def _decode_with_bom(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            # A BOM is decisive: decode what follows even if some bytes are damaged.
            return data[len(bom) :].decode(codec, errors="replace")
    return None


def _decode_wide_without_bom(data: bytes) -> str | None:
    """UTF-16/32 without BOM, recognised by where the NUL bytes fall (ASCII-heavy text)."""
    sample = data[:4096]
    if sample.count(0) < len(sample) // 8:
        return None
    codec = _wide_codec_from_nul_pattern(sample)
    if codec is None:
        return None
    return data.decode(codec, errors="replace")


def _wide_codec_from_nul_pattern(sample: bytes) -> str | None:
    def nul_share(start: int, step: int) -> float:
        column = sample[start::step]
        return column.count(0) / max(len(column), 1)

    by4 = [nul_share(i, 4) for i in range(4)]
    # UTF-32: the top byte of every code point is 0, and the next one nearly always is.
    if by4[3] > 0.95 and by4[2] > 0.5 and by4[0] < 0.5:
        return "utf-32-le"
    if by4[0] > 0.95 and by4[1] > 0.5 and by4[3] < 0.5:
        return "utf-32-be"
    even, odd = nul_share(0, 2), nul_share(1, 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _decode_iso2022(data: bytes) -> str | None:
    """7-bit ISO-2022 text is also valid ASCII/UTF-8, so it must be recognised first."""
    if max(data[:65536], default=0) >= 0x80:
        return None
    for pattern, codec in ((_ISO2022_JP, "iso2022_jp_2"), (_ISO2022_KR, "iso2022_kr")):
        if pattern.search(data):
            return data.decode(codec, errors="replace")
    return None


def _decode_declared(data: bytes, codec: str | None) -> str | None:
    """The declared charset's decoding, if it is believable; None to fall back to detection."""
    if codec is None:
        return None
    if codec == "utf_8":
        text = data.decode("utf-8", errors="replace")
        return text if _mostly_valid(text) else None
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _mess(text) <= _MAX_DECLARED_MESS else None


def _mostly_valid(text: str) -> bool:
    """A decoding with only a few damaged sequences (a truncated character, a stray byte)."""
    damaged = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii > 0 and non_ascii - damaged >= 10 * damaged


def _mess(text: str) -> float:
    """charset-normalizer's chaos measure: how much a decoding looks like mojibake (0 = clean)."""
    from charset_normalizer.md import mess_ratio

    return float(mess_ratio(text[: _DETECTION_BYTES // 2], maximum_threshold=1.0))


def _decode_detected(data: bytes) -> str:
    codec = detect_codec(data)
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return data.decode(codec, errors="replace")


def detect_codec(data: bytes) -> str:
    """Guess the codec of bytes that are not UTF-8, breaking ties by the text's language."""
    from charset_normalizer import from_bytes

    sample = _detection_sample(data)
    results = list(from_bytes(sample, cp_isolation=list(_DETECTION_CANDIDATES)))
    if not results:
        return "cp1252"
    best = results[0]
    tied = [r for r in results if r.chaos <= best.chaos + _TIE_MARGIN]
    candidates: list[str] = []
    for result in tied:
        for name in (result.encoding, *result.could_be_from_charset):
            candidates.append(_SUPERSETS.get(name, name))
    return _break_tie(sample, _SUPERSETS.get(best.encoding, best.encoding), candidates)


def _break_tie(sample: bytes, best: str, candidates: Iterable[str]) -> str:
    unique = list(dict.fromkeys(candidates))
    if len(unique) == 1:
        return best
    language = detect_language(sample.decode(best, errors="replace"))
    for codec in _CODECS_BY_LANGUAGE.get(language or "", ()):
        if codec in unique:
            return codec
    if language in _CODECS_BY_LANGUAGE:
        return best
    for codec in _PREFERENCE:
        if codec in unique:
            return codec
    return best


def _detection_sample(data: bytes) -> bytes:
    if len(data) <= _DETECTION_BYTES:
        return data
    sample = data[:_DETECTION_BYTES]
    # Cut at a line end so no multibyte character is split (which would look like damage).
    newline = sample.rfind(b"\n")
    return sample[: newline + 1] if newline > _DETECTION_BYTES // 2 else sample


def declared_charset_in_markup(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first bytes (meta tag or XML decl)."""
    head = data[:_HEAD_BYTES]
    for pattern in (_XML_DECL_ENCODING, _META_CHARSET, _META_HTTP_EQUIV):
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii", errors="ignore") or None
    return None
