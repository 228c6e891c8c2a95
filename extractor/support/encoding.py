"""The one bytes -> text decoder, and the content types newsfacts reads.

Every path that turns bytes into a document's text goes through ``decode_body``: files on disk
(``run/inputs.py``), HTTP bodies (``fetch/fetcher.py``), WARC records (``fetch/warc.py``) and
``clean_html(bytes)``, so the same bytes give the same text whichever way they came in.

The charset comes from, in order: a byte-order mark, the HTTP Content-Type header (when there is
one), the page's own ``<meta charset>`` / ``http-equiv`` / XML declaration, then strict UTF-8,
then statistical detection (charset-normalizer). Each candidate must decode the bytes without
error to be used. Labels are read with the WHATWG Encoding Standard's label table (the
``webencodings`` package), as browsers read them: latin-1, iso-8859-1 and ascii are
windows-1252, Shift_JIS is cp932, tis-620 is windows-874.
"""

from __future__ import annotations

import codecs
import re

import webencodings
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

# The WHATWG "gbk" decoder is its gb18030 decoder; Python's gbk codec is the narrower table.
_SUPERSET_CODECS = {"gbk": "gb18030"}

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_UNLABELLED_DEFAULT = "cp1252"
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
    """The Python codec a charset label stands for, read as browsers read it; None if unknown.

    A label the WHATWG table lacks but Python knows ("latin-1", "cp1251") is looked up again by
    its Python name, so it too gets the browser's reading.
    """
    if not label or not label.strip():
        return None
    label = label.strip()
    codec = _whatwg_codec(label)
    if codec is not None:
        return codec
    try:
        python_name = codecs.lookup(label).name
    except LookupError:
        return None
    return _whatwg_codec(python_name.replace("_", "-")) or python_name


def _whatwg_codec(label: str) -> str | None:
    """The Python codec of a WHATWG label, None when the table lacks it or Python cannot decode
    it (the "replacement" and "x-user-defined" encodings)."""
    encoding = webencodings.lookup(label)
    if encoding is None:
        return None
    name = _SUPERSET_CODECS.get(encoding.codec_info.name, encoding.codec_info.name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(body: bytes) -> str | None:
    """The charset a page declares about itself (meta tag or XML declaration), if any."""
    head = body[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _bom_codec(body: bytes) -> str | None:
    return next((name for bom, name in _BOMS if body.startswith(bom)), None)


def _detected_charset(body: bytes) -> str | None:
    """The detector's best guess; among guesses it rates equal, windows-1252, the web's default
    for pages that name no charset (western European text reads the same in several)."""
    matches = from_bytes(body)
    best = matches.best()
    if best is None:
        return None
    tied = {m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    return _UNLABELLED_DEFAULT if _UNLABELLED_DEFAULT in tied else best.encoding


def decode_body(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """The text of a page or file and the codec it was decoded with (see the module docstring).

    ``header_charset`` is the charset of an HTTP Content-Type header, None for a file. Never
    fails: bytes no codec reads are decoded with U+FFFD for what cannot be read, as browsers do.
    """
    labels = (header_charset, declared_charset(body), "utf-8")
    # A byte-order mark names a Python codec already (one that strips the mark): no lookup.
    candidates = [_bom_codec(body), *(normalize_charset(label) for label in labels)]
    tried: list[str] = []
    for name in candidates:
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
