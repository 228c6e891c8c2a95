"""An HTML page cut into text blocks: parsing, pruning and segmentation.

The page (as text: bytes are decoded by ``support.encoding.decode_body``, the decoder every
input path shares) is parsed with lxml directly, for speed. ``prune_tree`` drops what never
holds article text (``models/clean/drop_tags.txt``, hidden elements); ``segment_blocks`` cuts the
rest into blocks (paragraphs, list items, headings, table rows), each knowing its innermost block
element, its link text, which of its ancestors are page furniture by their class/id words or
tag, and which hold an image, a gallery or a video (``extractor.clean.hints``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from lxml import etree

from extractor.clean.depth import flatten_deep_markup
from extractor.clean.hints import element_marks, furniture_tags
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
    media: tuple[etree._Element, ...] = ()  # ancestors whose class/id names an image, gallery, video

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
    # A plain lxml tree, not lxml.html's: its element classes cost a lookup per element visited.
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = etree.fromstring(text, parser=parser)
        if any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
            # Nested past the parser's depth limit: the rest of the page was dropped.
            root = etree.fromstring(flatten_deep_markup(text), parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


# --------------------------------------------------------------------------- pruning


_TEXT_LENGTH = etree.XPath("string-length()")


def text_chars(element: etree._Element) -> int:
    """Characters of text under an element (spaces included: only compared with each other)."""
    length = _TEXT_LENGTH(element)
    return int(length) if isinstance(length, float) else 0


# The style and hidden attributes of the page (selecting attributes is several times faster in
# libxml2 than testing every element's).
_STYLE_ATTRIBUTES = etree.XPath("//@style | //@hidden")


def within(node: etree._Element, roots: set[etree._Element]) -> bool:
    """``node`` is one of ``roots`` or sits inside one."""
    current: etree._Element | None = node
    while current is not None:
        if current in roots:
            return True
        current = current.getparent()
    return False


def hidden_elements(root: etree._Element) -> list[etree._Element]:
    """The elements hidden by a ``hidden`` attribute or a style, in document order."""
    hidden: dict[etree._Element, None] = {}
    for value in _STYLE_ATTRIBUTES(root):
        if not isinstance(value, etree._ElementUnicodeResult):
            continue
        element = value.getparent()
        if element is not None and (value.attrname == "hidden" or _HIDDEN_STYLE.search(value)):
            hidden[element] = None
    return list(hidden)


def prune_tree(root: etree._Element) -> None:
    """Drop what never holds article text, in place (the tail text of dropped elements stays).

    Class/id hints are not applied here but weighed per block (``Block.furniture``): a wrong hint
    must not cost the whole article.
    """
    wrappers = list(root.iter(*UNWRAP_WHEN_LARGE))
    page_chars = text_chars(root) if wrappers else 0
    for element in wrappers:
        if text_chars(element) >= WRAPPER_SHARE * page_chars:
            _unwrap(element)
    etree.strip_elements(root, *drop_tags(), with_tail=False)
    hidden = hidden_elements(root)
    page_chars = text_chars(root) if hidden else 0
    for element in hidden:
        # Guard: a page revealed by script after loading keeps its (hidden) body.
        if text_chars(element) < WRAPPER_SHARE * page_chars:
            _drop_keep_tail(element)


def _unwrap(element: etree._Element) -> None:
    """Replace an element by its content: its text, children and tail stay where they were."""
    parent = element.getparent()
    if parent is None:
        return
    _append_text(element, element.text)
    children = list(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + (element.tail or "")
    else:
        _append_text(element, element.tail)
    element.tail = None
    index = parent.index(element)
    parent[index : index + 1] = children


def _append_text(element: etree._Element, text: str | None) -> None:
    """Add text right before an element: to its previous sibling's tail, else to its parent's text."""
    if not text:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = element.getparent()
        if parent is not None:
            parent.text = (parent.text or "") + text


def _drop_keep_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        _append_text(element, element.tail)
    parent.remove(element)


# --------------------------------------------------------------------------- segmentation


def _nfc(text: str) -> str:
    """The text in composed form: a page written with combining accents ("u" + U+0308) reads as
    the same words as one written with "ü"."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _nonspace(text: str) -> int:
    return len(text) - text.count(" ")


class _Segmenter:
    """Collects text between block boundaries while walking the tree once."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, bool]] = []
        self.blocks: list[Block] = []
        self.hinted: list[etree._Element] = []
        self.media: list[etree._Element] = []
        self.tables = 0
        self.articles = 0  # <article> and <main> elements open around the walk

    def flush(self, owner: etree._Element) -> None:
        """Close the text collected since the last boundary as a block held by ``owner``."""
        parts = self.parts
        raw = "".join([t for t, _ in parts])
        link_parts = [t for t, link in parts if link]
        parts.clear()  # in place: the walk holds this list
        if not raw or raw.isspace():  # most boundaries close only the indentation between tags
            return
        text = _nfc(_SPACES.sub(" ", raw).strip())
        chars = _nonspace(text)
        link_text = _SPACES.sub(" ", "".join(link_parts)).strip() if link_parts else ""
        link_chars = min(chars, _nonspace(link_text))
        heading = owner.tag in HEADING_TAGS
        hinted, media, in_table = tuple(self.hinted), tuple(self.media), self.tables > 0
        self.blocks.append(Block(text, chars, link_chars, owner, heading, hinted, in_table, media))


def _walk(body: etree._Element) -> list[Block]:
    """Blocks with every negatively hinted ancestor as furniture (settled by the caller).

    The loop runs for every element of the page: attributes are read once, text is added inline.
    """
    segmenter = _Segmenter()
    parts, hinted, media = segmenter.parts, segmenter.hinted, segmenter.media
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
                if parts:
                    segmenter.flush(open_blocks[-1])
                if tag != "br" and element is not body:
                    open_blocks.append(element)
            css, ident = element.get("class"), element.get("id")
            if (css is not None or ident is not None or tag in tag_hinted) and element is not body:
                itemprop = element.get("itemprop") or ""
                furniture, holds_media = element_marks(
                    tag, css or "", ident or "", itemprop, segmenter.articles > 0
                )
                if furniture:
                    hinted.append(element)
                if holds_media:
                    media.append(element)
            if tag == "a":
                link_depth += 1
            elif tag in CELL_TAGS:
                parts.append((" ", False))
            elif tag == "table":
                segmenter.tables += 1
            elif tag in ARTICLE_TAGS:
                segmenter.articles += 1
            if element.text:
                parts.append((element.text, link_depth > 0))
            continue
        if tag == "a":
            link_depth -= 1
        elif tag in CELL_TAGS:
            parts.append((" ", False))
        if is_block and tag != "br":
            if parts:
                segmenter.flush(element)
            if len(open_blocks) > 1 and open_blocks[-1] is element:
                open_blocks.pop()
        if tag == "table":
            segmenter.tables -= 1
        elif tag in ARTICLE_TAGS:
            segmenter.articles -= 1
        if hinted and hinted[-1] is element:
            hinted.pop()
        if media and media[-1] is element:
            media.pop()
        if element is not body and element.tail:
            parts.append((element.tail, link_depth > 0))
    segmenter.flush(body)
    return segmenter.blocks


def _prose_chars(block: Block) -> int:
    return block.plain_chars if block.chars >= PROSE_BLOCK and block.link_density < 0.3 else 0


MarkedBy = Callable[[Block], tuple[etree._Element, ...]]  # the furniture or the media of a block


def _wrappers(blocks: list[Block], marked: MarkedBy) -> set[etree._Element]:
    """The marked elements (hinted as furniture, or as media) that hold half of the page's text or
    nearly all of its prose: mislabelled wrappers of the article, not what their class/id says.
    Text is counted from the blocks (non-space characters), prose from the long ones."""
    page_chars = sum(b.chars for b in blocks)
    prose_total = sum(_prose_chars(b) for b in blocks)
    chars: dict[etree._Element, int] = {}
    prose: dict[etree._Element, int] = {}
    for block in blocks:
        for element in marked(block):
            chars[element] = chars.get(element, 0) + block.chars
            prose[element] = prose.get(element, 0) + _prose_chars(block)
    return {
        e
        for e, n in chars.items()
        if n >= WRAPPER_SHARE * page_chars or (prose_total and prose[e] >= WRAPPER_PROSE_SHARE * prose_total)
    }


def settle_marks(blocks: list[Block]) -> list[Block]:
    """Keep as furniture, and as media, only the marked elements that are not wrappers: a wrong
    hint on the article's wrapper ("format-gallery" on a blog post) must not cost the article.
    A positive hint inside furniture does not save it: comments have "comment-body" parts."""
    furniture = _wrappers(blocks, lambda b: b.furniture)
    media = _wrappers(blocks, lambda b: b.media)
    if not furniture and not media:
        return blocks
    settled = []
    for block in blocks:
        if any(e in furniture for e in block.furniture) or any(e in media for e in block.media):
            block = replace(
                block,
                furniture=tuple(e for e in block.furniture if e not in furniture),
                media=tuple(e for e in block.media if e not in media),
            )
        settled.append(block)
    return settled


def segment_blocks(body: etree._Element) -> list[Block]:
    """The text blocks of a tree, in document order, with their furniture settled."""
    return settle_marks(_walk(body))
