"""Content types and character sets of fetched bodies.

The charset comes from, in order: a byte-order mark, the HTTP Content-Type header, the page's own
``<meta charset>`` / ``http-equiv`` / XML declaration, then strict UTF-8, then statistical
detection (charset-normalizer). Each candidate must decode the bytes without error to be used;
labels are mapped as browsers map them (latin-1 is read as windows-1252, Shift_JIS as cp932).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
XML_TYPES = frozenset(
    {
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/feed+xml",
    }
)

# Codecs (by canonical name) that browsers replace with a superset (WHATWG Encoding Standard).
_BROWSER_ALIASES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "tis-620": "cp874",
}

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_PRESCAN_BYTES = 8192  # the HTML standard says 1024, real pages put the meta later


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """``text/html; charset=UTF-8`` -> ("text/html", "UTF-8"); ("", None) when missing."""
    if not value:
        return "", None
    mimetype, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset" and raw.strip():
            charset = raw.strip().strip("\"'")
    return mimetype.strip().lower(), charset


def looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title"))


def normalize_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label, the browser superset when there is one; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(name, name)


def declared_charset(body: bytes) -> str | None:
    """The charset a page declares about itself (meta tag or XML declaration), if any."""
    head = body[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _bom_charset(body: bytes) -> str | None:
    return next((name for bom, name in _BOMS if body.startswith(bom)), None)


def _detected_charset(body: bytes) -> str | None:
    best = from_bytes(body).best()
    return best.encoding if best is not None else None


def decode_body(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """The text of a page and the codec it was decoded with (see the module docstring)."""
    candidates = [_bom_charset(body), header_charset, declared_charset(body), "utf-8"]
    tried: list[str] = []
    for label in candidates:
        name = normalize_charset(label)
        if name is None or name in tried:
            continue
        tried.append(name)
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            continue
    detected = normalize_charset(_detected_charset(body))
    if detected is not None:
        try:
            return body.decode(detected), detected
        except UnicodeDecodeError:
            pass
    fallback = tried[0] if tried else "utf-8"
    return body.decode(fallback, errors="replace"), fallback
