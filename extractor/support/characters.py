"""Characters no output should hold: control characters and lone surrogates.

A NUL is stored by SQLite, escaped by JSON and refused by PostgreSQL; lone surrogates cannot be
encoded at all. ``replace_controls`` puts a space in place of each C0 control character and DEL (except tab,
line feed and carriage return) and U+FFFD in place of each lone surrogate: one character for
one, so every span still indexes the text. C1 characters (U+0080 to U+009F) are kept: every
output stores them, and a page decoded with the wrong charset is full of them. ``sanitized``
does it to every string of an article's JSON, the same way for every sink. ``terminal_safe``
also replaces the C1 characters, some of which a terminal reads as escape sequences.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_C1_CONTROLS = re.compile("[\x80-\x84\x86-\x9f]")  # U+0085 is a line break
_SURROGATES = re.compile("[\ud800-\udfff]")


def replace_controls(text: str) -> str:
    """``text`` with each control character a space and each lone surrogate U+FFFD."""
    text = _CONTROLS.sub(" ", text)
    return _SURROGATES.sub("\ufffd", text)


def terminal_safe(text: str) -> str:
    """``replace_controls``, and the C1 controls replaced too (a terminal may act on them)."""
    return _C1_CONTROLS.sub(" ", replace_controls(text))


def sanitized(value: Any) -> Any:
    """A JSON value with ``replace_controls`` applied to every string in it (keys included)."""
    if isinstance(value, str):
        return replace_controls(value)
    if isinstance(value, dict):
        return {replace_controls(key): sanitized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [sanitized(item) for item in value]
    return value
