"""Markup nested deeper than the HTML parser goes: libxml2 stops at 2,048 levels and drops the
rest of the page (its body included), so such a page is flattened first.

``flatten_deep_markup`` walks the tags with a light scanner (comments, scripts and styles are
stepped over whole) and keeps a stack of open elements; a start tag that would open an element
deeper than ``max_depth`` is left out, and so is the end tag that closes it. Text is never
dropped: it lands in the deepest element kept. Void elements (``<br>``, ``<img>`` ...) open nothing.
"""

from __future__ import annotations

import re

MAX_DEPTH = 512  # far deeper than any real page, well inside the parser's limit
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_TAG = re.compile(
    r"<!--.*?-->"  # a comment, stepped over
    r"|<(script|style)\b[^>]*>.*?</\1\s*>"  # raw text, stepped over
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)


def flatten_deep_markup(html: str, max_depth: int = MAX_DEPTH) -> str:
    """``html`` with the tags nested deeper than ``max_depth`` left out (their text kept)."""
    parts: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, kept) of each open element
    kept_depth = 0  # how many of the open elements are kept
    position = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(2), match.group(3), match.group(4)
        if name is None:  # a comment or a script/style block
            continue
        name = name.lower()
        parts.append(html[position : match.start()])
        position = match.end()
        if closing:
            keep, closed = _close(stack, name)
            kept_depth -= closed
        elif name in VOID_ELEMENTS or self_closing:
            keep = True
        else:
            keep = kept_depth < max_depth
            kept_depth += keep
            stack.append((name, keep))
        if keep:
            parts.append(match.group(0))
    parts.append(html[position:])
    return "".join(parts)


def _close(stack: list[tuple[str, bool]], name: str) -> tuple[bool, int]:
    """Pop the open element an end tag closes (and any left open inside it): whether that
    element was kept, and how many kept elements were popped. An end tag that closes nothing
    open is kept for the parser to judge."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index][0] == name:
            kept = stack[index][1]
            closed = sum(1 for _name, was_kept in stack[index:] if was_kept)
            del stack[index:]
            return kept, closed
    return True, 0
