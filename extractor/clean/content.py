"""Content checks before extraction: what is not article text is refused, with the reason.

* ``binary_reason``: bytes or text that are binary data (an image or archive named ``.html``)
  rather than text, told by the share of control characters (random bytes hold about 11%; text
  none; a page decoded with the wrong charset has U+FFFD marks, but it is still text);
* ``has_readable_text``: text with at least one letter or digit (zero-width spaces, byte-order
  marks and punctuation alone are no article);
* ``unsupported_language``: the language a text is plainly written in, when the model does not
  cover it (the rules would read "1 июля" as a count).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

from extractor.clean.metadata import guess_language

SAMPLE_CHARS = 65_536  # enough to tell binary from text
BINARY_SHARE = 0.05  # control characters above this share: not text
_UNICODE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
# C0/C1 controls but tab, line feed, form feed, carriage return and U+0085.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
MIN_SCRIPT_LETTERS = 20  # fewer letters than this tell no script
# Model languages written in the Latin script: a text mostly in another script is not in them.
LATIN_SCRIPT_LANGUAGES = frozenset(
    {"en", "de", "fr", "es", "it", "pt", "nl", "ca", "da", "sv", "nb", "fi", "pl", "ro", "hr", "sl", "lt"}
)


def binary_bytes_reason(raw: bytes) -> str | None:
    """Why raw file bytes are not a text or HTML page (NUL bytes, which no 8-bit or UTF-8 text
    holds; UTF-16/32 with a byte-order mark is text), or None."""
    if raw.startswith(_UNICODE_BOMS):
        return None
    head = raw[:SAMPLE_CHARS]
    nuls = head.count(b"\x00")
    if nuls:
        return f"binary data, not text: {nuls} NUL bytes in the first {len(head)} bytes"
    return None


def binary_reason(text: str) -> str | None:
    """Why decoded text is binary data rather than text (its share of control characters), or None."""
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return None
    bad = len(_NOT_TEXT.findall(sample))
    if bad > BINARY_SHARE * len(sample):
        share = 100 * bad / len(sample)
        return f"binary data, not text: {share:.0f}% control characters"
    return None


def has_readable_text(text: str) -> bool:
    """Whether the text holds a letter or a digit (not only spaces, marks or invisible characters)."""
    return _LETTER_OR_DIGIT.search(text) is not None


def unsupported_language(text: str, supported: str) -> str | None:
    """The language the text is detected to be in, when that is not ``supported``; None when it
    is, or when the text is too short or mixed to tell. A text written mostly in another script
    than the model's language uses (Cyrillic for an English model) is never that language, even
    when it is too short to tell which language it is: then its script is named ("cyrillic")."""
    language = guess_language(text)
    if language is not None:
        return language if language != supported else None
    script = dominant_script(text)
    if script is not None and supported in LATIN_SCRIPT_LANGUAGES and script != "latin":
        return script
    return None


def dominant_script(text: str) -> str | None:
    """The script (from the Unicode character names: "latin", "cyrillic", "greek" ...) of most of
    the text's letters, or None when there are too few letters or no script holds most."""
    counts: Counter[str] = Counter()
    for char in text[:SAMPLE_CHARS]:
        if char.isalpha():
            counts[unicodedata.name(char, "UNKNOWN").split(" ", 1)[0].lower()] += 1
    letters = sum(counts.values())
    if letters < MIN_SCRIPT_LETTERS:
        return None
    script, count = counts.most_common(1)[0]
    return script if count > letters / 2 else None
