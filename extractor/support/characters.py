"""Characters no output should hold: control characters and lone surrogates.

A NUL is stored by SQLite, escaped by JSON and refused by PostgreSQL; lone surrogates cannot be
encoded at all. ``replace_controls`` puts a space in place of each C0/C1 control character
(except tab, line feed and carriage return; U+0085, a line break, is kept too) and U+FFFD in
place of each lone surrogate: one character for one, so every span still indexes the text.
``sanitized`` does it to every string of an article's JSON, the same way for every sink.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def replace_controls(text: str) -> str:
    """``text`` with each control character a space and each lone surrogate U+FFFD."""
    text = _CONTROLS.sub(" ", text)
    return _SURROGATES.sub("\ufffd", text)


def sanitized(value: Any) -> Any:
    """A JSON value with ``replace_controls`` applied to every string in it (keys included)."""
    if isinstance(value, str):
        return replace_controls(value)
    if isinstance(value, dict):
        return {replace_controls(key): sanitized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [sanitized(item) for item in value]
    return value
