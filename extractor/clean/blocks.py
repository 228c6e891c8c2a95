"""An HTML page cut into text blocks: parsing, pruning and segmentation.

The page (as text: bytes are decoded by ``support.encoding.decode_body``, the decoder every
input path shares) is parsed with lxml directly, for speed. ``prune_tree`` drops what never
holds article text (``models/clean/drop_tags.txt``, hidden elements); ``segment_blocks`` cuts the
rest into blocks (paragraphs, list items, headings, table rows), each knowing its innermost block
element, its link text, and which of its ancestors are page furniture by their class/id words or
tag (``extractor.clean.hints``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import lxml.html
from lxml import etree

from extractor.clean.depth import flatten_deep_markup
from extractor.clean.hints import element_polarity, furniture_tags, hint_polarity
from extractor.support.assets import load_words

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
# Table cells are joined into one block per row, separated by a space.
CELL_TAGS = frozenset(("td", "th"))
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Wrappers that are dropped with their content unless they hold most of the page: a page whose
# template left a ``<noscript>`` or ``<nav>`` unclosed has its whole body inside it.
UNWRAP_WHEN_LARGE = frozenset(("noscript", "nav", "aside", "menu", "dialog"))
# A hinted or hidden element holding at least this share of the page's text is a mislabelled
# wrapper, not furniture; so is a hinted element holding this share of the page's prose.
WRAPPER_SHARE = 0.5
WRAPPER_PROSE_SHARE = 0.75
# Inside these a <header> is the article's own (headline, byline, standfirst), not the page's.
ARTICLE_TAGS = frozenset(("article", "main"))
# A block this long (non-space characters) with few links counts as prose when weighing wrappers.
PROSE_BLOCK = 60

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Block:
    """One run of text between block boundaries, with the element that holds it."""

    text: str
    chars: int  # non-space characters
    link_chars: int  # non-space characters inside links
    owner: etree._Element
    heading: bool
    furniture: tuple[etree._Element, ...]  # ancestors whose class/id or tag marks furniture
    in_table: bool = False

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0

    @property
    def plain_chars(self) -> int:
        return self.chars - self.link_chars


@lru_cache(maxsize=1)
def drop_tags() -> tuple[str, ...]:
    return tuple(sorted(load_words("clean/drop_tags.txt")))


# --------------------------------------------------------------------------- parsing


def parse_html(text: str) -> etree._Element | None:
    """The page's root element, or None when the page holds no markup at all."""
    text = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
        if any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
            # Nested past the parser's depth limit: the rest of the page was dropped.
            root = lxml.html.document_fromstring(flatten_deep_markup(text), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root


# --------------------------------------------------------------------------- pruning


def text_chars(element: etree._Element) -> int:
    """Characters of text under an element (spaces included: only compared with each other)."""
    return len(element.text_content()) if isinstance(element, lxml.html.HtmlElement) else 0


# Candidates for hidden elements, found by libxml2; the style is then checked exactly.
_MAYBE_HIDDEN = etree.XPath("//*[@hidden or contains(@style, 'none') or contains(@style, 'hidden')]")


def _is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def prune_tree(root: etree._Element) -> None:
    """Drop what never holds article text, in place (the tail text of dropped elements stays).

    Class/id hints are not applied here but weighed per block (``Block.furniture``): a wrong hint
    must not cost the whole article.
    """
    wrappers = list(root.iter(*UNWRAP_WHEN_LARGE))
    page_chars = text_chars(root) if wrappers else 0
    for element in wrappers:
        if text_chars(element) >= WRAPPER_SHARE * page_chars and isinstance(element, lxml.html.HtmlElement):
            element.drop_tag()
    etree.strip_elements(root, *drop_tags(), with_tail=False)
    hidden = [e for e in _MAYBE_HIDDEN(root) if isinstance(e, etree._Element) and _is_hidden(e)]
    page_chars = text_chars(root) if hidden else 0
    for element in hidden:
        # Guard: a page revealed by script after loading keeps its (hidden) body.
        if text_chars(element) < WRAPPER_SHARE * page_chars:
            _drop_keep_tail(element)


def _drop_keep_tail(element: etree._Element) -> None:
    tail = element.tail
    parent = element.getparent()
    if parent is None:
        return
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


# --------------------------------------------------------------------------- segmentation


def _nonspace(text: str) -> int:
    return len(text) - text.count(" ")


class _Segmenter:
    """Collects text between block boundaries while walking the tree once."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, bool]] = []
        self.blocks: list[Block] = []
        self.hinted: list[etree._Element] = []
        self.tables = 0
        self.articles = 0  # <article> and <main> elements open around the walk

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.parts.append((text, in_link))

    def flush(self, owner: etree._Element) -> None:
        if not self.parts:
            return
        text = _SPACES.sub(" ", "".join([t for t, _ in self.parts])).strip()
        if text:
            chars = _nonspace(text)
            link_parts = [t for t, link in self.parts if link]
            link_text = _SPACES.sub(" ", "".join(link_parts)).strip() if link_parts else ""
            link_chars = min(chars, _nonspace(link_text))
            heading = owner.tag in HEADING_TAGS
            hinted = tuple(self.hinted)
            self.blocks.append(Block(text, chars, link_chars, owner, heading, hinted, self.tables > 0))
        self.parts = []


def _is_hinted(element: etree._Element, in_article: bool) -> bool:
    """Whether an element is furniture by its class/id words or its tag."""
    if element.tag == "header" and in_article:
        return hint_polarity(element) < 0
    return element_polarity(element) < 0


def _walk(body: etree._Element) -> list[Block]:
    """Blocks with every negatively hinted ancestor as furniture (settled by the caller)."""
    segmenter = _Segmenter()
    tag_hinted = furniture_tags()
    open_blocks: list[etree._Element] = [body]
    link_depth = 0
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        is_block = tag in BLOCK_TAGS
        if event == "start":
            if is_block:
                segmenter.flush(open_blocks[-1])
                if tag != "br" and element is not body:
                    open_blocks.append(element)
            attributed = element.get("class") is not None or element.get("id") is not None
            in_article = segmenter.articles > 0
            if (attributed or tag in tag_hinted) and element is not body and _is_hinted(element, in_article):
                segmenter.hinted.append(element)
            if tag == "a":
                link_depth += 1
            elif tag in CELL_TAGS:
                segmenter.add(" ", False)
            elif tag == "table":
                segmenter.tables += 1
            elif tag in ARTICLE_TAGS:
                segmenter.articles += 1
            segmenter.add(element.text, link_depth > 0)
            continue
        if tag == "a":
            link_depth -= 1
        elif tag in CELL_TAGS:
            segmenter.add(" ", False)
        if is_block and tag != "br":
            segmenter.flush(element)
            if len(open_blocks) > 1 and open_blocks[-1] is element:
                open_blocks.pop()
        if tag == "table":
            segmenter.tables -= 1
        elif tag in ARTICLE_TAGS:
            segmenter.articles -= 1
        if segmenter.hinted and segmenter.hinted[-1] is element:
            segmenter.hinted.pop()
        if element is not body:
            segmenter.add(element.tail, link_depth > 0)
    segmenter.flush(body)
    return segmenter.blocks


def _prose_chars(block: Block) -> int:
    return block.plain_chars if block.chars >= PROSE_BLOCK and block.link_density < 0.3 else 0


def settle_furniture(blocks: list[Block]) -> list[Block]:
    """Keep as furniture only the hinted elements that hold neither half of the page's text nor
    nearly all of its prose: a wrong hint on the article's wrapper must not cost the article.
    A positive hint inside furniture does not save it: comments have "comment-body" parts.
    Text is counted from the blocks (non-space characters), prose from the long ones."""
    page_chars = sum(b.chars for b in blocks)
    prose_total = sum(_prose_chars(b) for b in blocks)
    chars: dict[etree._Element, int] = {}
    prose: dict[etree._Element, int] = {}
    for block in blocks:
        for element in block.furniture:
            chars[element] = chars.get(element, 0) + block.chars
            prose[element] = prose.get(element, 0) + _prose_chars(block)
    wrappers = {
        e
        for e, n in chars.items()
        if n >= WRAPPER_SHARE * page_chars or (prose_total and prose[e] >= WRAPPER_PROSE_SHARE * prose_total)
    }
    if not wrappers:
        return blocks
    settled = []
    for block in blocks:
        if any(e in wrappers for e in block.furniture):
            block = replace(block, furniture=tuple(e for e in block.furniture if e not in wrappers))
        settled.append(block)
    return settled


def segment_blocks(body: etree._Element) -> list[Block]:
    """The text blocks of a tree, in document order, with their furniture settled."""
    return settle_furniture(_walk(body))
