"""Regular-expression helpers shared by the rule stages: word lists as tries, and patterns that
run case-sensitively over lowercased text.

Python's ``re`` tries every branch of an alternation in turn and, under ``IGNORECASE``, cannot
reject a branch on its first character; both cost a great deal when a pattern is tried at every
word of an article. A trie shares the prefixes of the words ("m(?:a(?:r(?:ch)?|y)|onday)"), and
lowercasing text and pattern once lets the engine skip branches that start with another letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

BLANKS = r"[^\S\n]+"  # an inner space of a phrase: any run of blanks within a line
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_Trie = dict[str, "_Trie"]
_KEPT_OR_UPPER = re.compile(r"(?P<kept>\\.|\(\?P<\w+>|\(\?P=\w+\))|[A-Z]+")
_END = ""  # the key that marks the end of a word in a trie node


def word_alternation(words: Iterable[str], space: str = BLANKS) -> str:
    """One non-capturing group matching any of ``words``, preferring the longest, as a trie;
    a space inside a word matches ``space``."""
    root: _Trie = {}
    for word in set(words):
        node = root
        for char in word:
            node = node.setdefault(space if char == " " else re.escape(char), {})
        node[_END] = {}
    return "(?:" + _trie_pattern(root) + ")"


def _trie_pattern(node: _Trie) -> str:
    branches = [token + _trie_pattern(child) for token, child in sorted(node.items()) if token != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy '?': a longer word is tried before the word ends here, as in a longest-first list.
    return f"(?:{body})?" if _END in node else body


def ascii_lower(text: str) -> str:
    """``text`` with A-Z lowercased: same length, so offsets carry over."""
    return text.translate(_ASCII_LOWER)


def lowercase_pattern(pattern: str) -> str:
    """``pattern`` with its ASCII letters lowercased, to run without ``IGNORECASE`` over
    ``ascii_lower(text)``; escapes (``\\S``, ``\\W`` ...) and group names are kept."""
    return _KEPT_OR_UPPER.sub(lambda m: m.group() if m.group("kept") else ascii_lower(m.group()), pattern)
