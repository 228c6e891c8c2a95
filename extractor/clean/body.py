"""HTML page -> article body text and page metadata (the cleaning stage).

Bytes are decoded by ``support.encoding.decode_body``, the decoder every input path shares
(BOM, declared charset, detection); the page is parsed with lxml directly, for speed. The body
is then found in four steps, each a plain function:

1. ``prune_tree`` drops what never holds article text: scripts, forms, navigation, asides,
   captions (``models/clean/drop_tags.txt``) and hidden elements;
2. ``segment_blocks`` cuts the rest into text blocks (paragraphs, list items, headings, table
   rows), each knowing its innermost block element, how much of its text is link text, and
   which of its ancestors are furniture by their class/id words (``models/clean/*_hints.txt``)
   or tag (header, footer, figure);
3. ``choose_container`` scores every element by the blocks inside it (prose for, links and
   furniture against) and takes the smallest element holding nearly all of the best score,
   so an article split by ad slots is taken whole while the teasers around it are not;
4. ``body_blocks`` keeps the container's blocks that read like article text: no link lists,
   furniture, boilerplate lines (``boilerplate_phrases.txt``), nor lists under a "Related"
   heading (``furniture_headings.txt``).

A container that reads like a list of teasers (``looks_like_index``) gives no body; the
page's JSON-LD articleBody stands in when the markup has none or far less text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import lxml.html
from lxml import etree

from extractor.clean.depth import flatten_deep_markup
from extractor.clean.metadata import (
    PageSignals,
    html_metadata,
    json_ld_article_body,
    page_title,
    read_page_signals,
    text_metadata,
)
from extractor.records import PageMetadata
from extractor.support.assets import load_words
from extractor.support.encoding import decode_body

__all__ = ["CleanedPage", "clean_html", "text_metadata"]

NO_ARTICLE_ERROR = "no article body found: looks like an index page"
EMPTY_PAGE_ERROR = "no article body found: the page has no text"

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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD_SPLIT = re.compile(r"[^a-zA-Z0-9]+")
_SPACES = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f\u2026:;\"\u201d\u00bb)]\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CLOCK = re.compile(r"\b[0-2]?\d[:.h][0-5]\d\b")

# Container choice: the smallest element holding this share of the best element's score.
CONTAINER_SHARE = 0.85
# A block of fewer non-space characters than this counts as a short one (menus, labels).
SHORT_BLOCK = 40
# Per-block cost: a run of short items (menus, tag lists) must not outweigh one paragraph.
BLOCK_COST = 12.0
# Link text costs more than plain text adds: link lists are navigation, not prose.
LINK_WEIGHT = 1.5
# Furniture text (inside a negatively hinted element) counts against its container.
FURNITURE_WEIGHT = 0.3
# Negative evidence counts for less than prose: a flat page (paragraphs right under <body>
# beside the menus) still has <body> as its article container.
NEGATIVE_WEIGHT = 0.5
# Below this many characters of prose in the best container the page has no article.
MIN_ARTICLE_CHARS = 120
# The JSON-LD articleBody replaces the markup's text when it is this many times longer.
LD_BODY_RATIO = 3.0
# A block this long (non-space characters) with few links reads as prose.
PROSE_BLOCK = 60


@dataclass(frozen=True, slots=True)
class CleanedPage:
    """The cleaned article of one page."""

    text: str  # article body, paragraphs separated by one blank line; title not included
    meta: PageMetadata
    errors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """One run of text between block boundaries, with the element that holds it."""

    text: str
    chars: int  # non-space characters
    link_chars: int  # non-space characters inside links
    owner: etree._Element
    heading: bool
    furniture: tuple[etree._Element, ...]  # ancestors whose class/id marks furniture

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass(frozen=True, slots=True)
class HintWords:
    """Class/id words that mark furniture (negative) or article bodies (positive), as patterns
    matching one whole word or token."""

    negative: re.Pattern[str]
    positive: re.Pattern[str]


# --------------------------------------------------------------------------- assets


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a word list; "promo*" stands for any word starting with "promo"."""
    forms = sorted(
        re.escape(w[:-1].lower()) + r"\w*" if w.endswith("*") else re.escape(w.lower()) for w in words
    )
    return re.compile("|".join(forms))


@lru_cache(maxsize=1)
def hint_words() -> HintWords:
    return HintWords(
        negative=word_pattern(load_words("clean/negative_hints.txt")),
        positive=word_pattern(load_words("clean/positive_hints.txt")),
    )


@lru_cache(maxsize=1)
def boilerplate_patterns() -> re.Pattern[str]:
    phrases = sorted(load_words("clean/boilerplate_phrases.txt"))
    return re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE)


@lru_cache(maxsize=1)
def furniture_heading_patterns() -> re.Pattern[str]:
    phrases = sorted(load_words("clean/furniture_headings.txt"))
    return re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE)


@lru_cache(maxsize=1)
def drop_tags() -> tuple[str, ...]:
    return tuple(sorted(load_words("clean/drop_tags.txt")))


@lru_cache(maxsize=1)
def furniture_tags() -> frozenset[str]:
    return load_words("clean/furniture_tags.txt")


# --------------------------------------------------------------------------- decoding, parsing


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


def class_words(value: str) -> list[str]:
    """The lower-cased words of one class/id token: "articleShare-bar" -> article, share, bar."""
    return [w.lower() for w in _WORD_SPLIT.split(_CAMEL.sub(" ", value)) if w]


@lru_cache(maxsize=16384)
def token_polarity(token: str) -> int:
    """-1 when the class/id token or one of its words is a furniture word ("article-share"),
    else +1 for an article-body word ("story-body"), else 0. Cached: tokens repeat a lot."""
    hints = hint_words()
    candidates = [token.lower(), *class_words(token)]
    if any(hints.negative.fullmatch(w) for w in candidates):
        return -1
    if any(hints.positive.fullmatch(w) for w in candidates):
        return 1
    return 0


def hint_polarity(element: etree._Element) -> int:
    """+1 for an article-body hint, -1 for a furniture hint, 0 for none.

    One positive class/id token saves the element ("entry-content share-enabled").
    """
    if element.get("itemprop", "").lower() == "articlebody":
        return 1
    tokens = (element.get("class", "") + " " + element.get("id", "")).split()
    polarities = {token_polarity(t) for t in tokens}
    if 1 in polarities:
        return 1
    return -1 if -1 in polarities else 0


def _text_chars(element: etree._Element) -> int:
    """Characters of text under an element (spaces included: only compared with each other)."""
    return len(element.text_content()) if isinstance(element, lxml.html.HtmlElement) else 0


def _is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def element_polarity(element: etree._Element) -> int:
    """The hint an element gives; furniture tags (header, footer, figure) count as negative."""
    polarity = hint_polarity(element)
    if polarity == 0 and element.tag in furniture_tags():
        return -1
    return polarity


def is_furniture(element: etree._Element, page_chars: int) -> bool:
    """A negatively hinted element, unless it holds most of the page (a mislabelled wrapper).

    A positive hint inside furniture does not save it: comments have "comment-body" parts.
    """
    if element_polarity(element) >= 0:
        return False
    return _text_chars(element) < 0.5 * page_chars


def prune_tree(root: etree._Element) -> None:
    """Drop what never holds article text, in place (the tail text of dropped elements stays).

    Class/id hints are not applied here but weighed per block (``Block.furniture``): a wrong hint
    must not cost the whole article.
    """
    etree.strip_elements(root, *drop_tags(), with_tail=False)
    page_chars = _text_chars(root)
    hidden = [e for e in root.iter() if isinstance(e.tag, str) and _is_hidden(e)]
    for element in hidden:
        # Guard: a page revealed by script after loading keeps its (hidden) body.
        if _text_chars(element) < 0.5 * page_chars:
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
        self.furniture: list[etree._Element] = []

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.parts.append((text, in_link))

    def flush(self, owner: etree._Element) -> None:
        if not self.parts:
            return
        text = _SPACES.sub(" ", "".join(t for t, _ in self.parts)).strip()
        if text:
            link_text = _SPACES.sub(" ", "".join(t for t, link in self.parts if link))
            chars = _nonspace(text)
            link_chars = min(chars, _nonspace(link_text.strip()))
            heading = owner.tag in HEADING_TAGS
            furniture = tuple(self.furniture)
            self.blocks.append(Block(text, chars, link_chars, owner, heading, furniture))
        self.parts = []


def segment_blocks(body: etree._Element) -> list[Block]:
    """The text blocks of a tree, in document order."""
    segmenter = _Segmenter()
    open_blocks: list[etree._Element] = [body]
    page_chars = _text_chars(body)
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
            if is_furniture(element, page_chars):
                segmenter.furniture.append(element)
            if tag == "a":
                link_depth += 1
            elif tag in CELL_TAGS:
                segmenter.add(" ", False)
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
        if segmenter.furniture and segmenter.furniture[-1] is element:
            segmenter.furniture.pop()
        if element is not body:
            segmenter.add(element.tail, link_depth > 0)
    segmenter.flush(body)
    return segmenter.blocks


# --------------------------------------------------------------------------- container choice


def in_furniture(block: Block, outside: frozenset[int] = frozenset()) -> bool:
    """Whether the block sits in furniture, not counting the elements in ``outside``."""
    return any(id(element) not in outside for element in block.furniture)


def block_value(block: Block, use_hints: bool = True) -> float:
    """How much a block speaks for the element holding it being the article."""
    plain = block.chars - block.link_chars
    if use_hints and block.furniture:
        # Text inside furniture (comments, related teasers, share bars) argues against.
        value = -FURNITURE_WEIGHT * plain - LINK_WEIGHT * block.link_chars - BLOCK_COST
    else:
        value = plain - LINK_WEIGHT * block.link_chars - BLOCK_COST
        if block.chars >= SHORT_BLOCK and _SENTENCE_END.search(block.text):
            value += 0.25 * plain  # prose ends its sentences
    return value if value > 0 else NEGATIVE_WEIGHT * value


def _element_scores(blocks: list[Block], use_hints: bool) -> dict[etree._Element, float]:
    scores: dict[etree._Element, float] = {}
    for block in blocks:
        value = block_value(block, use_hints)
        element: etree._Element | None = block.owner
        while element is not None:
            scores[element] = scores.get(element, 0.0) + value
            element = element.getparent()
    return scores


def _depth(element: etree._Element) -> int:
    return sum(1 for _ in element.iterancestors())


def choose_container(blocks: list[Block], use_hints: bool = True) -> etree._Element | None:
    """The smallest element holding nearly all of the best element's score."""
    scores = _element_scores(blocks, use_hints)
    best = max(scores.values(), default=0.0)
    if best <= 0:
        return choose_container(blocks, use_hints=False) if use_hints else None
    eligible = [e for e, s in scores.items() if s >= CONTAINER_SHARE * best]
    # Among nearly-as-good elements prefer a hinted one (class "story-body", <article>), then
    # the deepest.
    return max(eligible, key=lambda e: (hint_polarity(e) > 0 or e.tag == "article", _depth(e), scores[e]))


def _self_and_ancestors(element: etree._Element) -> frozenset[int]:
    return frozenset([id(element)] + [id(a) for a in element.iterancestors()])


def _inside(element: etree._Element, container: etree._Element) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


# --------------------------------------------------------------------------- body text


def is_boilerplate(block: Block) -> bool:
    """A short paragraph of page furniture: "Advertisement", "Share this", "Read more: ..."."""
    if block.chars >= 200:
        return False
    return boilerplate_patterns().match(block.text) is not None or is_timestamp(block.text)


def is_furniture_heading(block: Block) -> bool:
    """ "Related stories", "Read more", "Don't miss": a heading over a list of other articles."""
    return block.chars < 80 and furniture_heading_patterns().match(block.text) is not None


def is_timestamp(text: str) -> bool:
    """A date line ("October 9, 2018 at 4:02 pm", "19.11.2019, 08:57"): a year and a clock time."""
    return len(text.split()) <= 10 and bool(_YEAR.search(text)) and bool(_CLOCK.search(text))


def is_link_list(block: Block) -> bool:
    """Mostly links: a menu item or "related" entry; prose with many links keeps some plain text."""
    density = block.link_density
    return density >= 0.8 or (density > 0.5 and block.chars < 80)


def blocks_inside(blocks: list[Block], container: etree._Element) -> list[Block]:
    return [b for b in blocks if _inside(b.owner, container)]


def body_blocks(inside: list[Block], container: etree._Element, title: str | None) -> list[Block]:
    """The container's blocks (``inside``) that read like article text."""
    outside = _self_and_ancestors(container)
    title_key = _SPACES.sub(" ", title).strip().lower() if title else None
    kept = []
    dropping_list = False  # the list under a "Related stories"-like heading goes with it
    for block in inside:
        if dropping_list and block.owner.tag == "li":
            continue
        dropping_list = is_furniture_heading(block)
        if dropping_list or is_boilerplate(block):
            continue
        if is_link_list(block) or in_furniture(block, outside):
            continue
        if title_key and block.text.lower() == title_key:
            continue
        kept.append(block)
    return _trim_edges(kept)


def _trim_edges(blocks: list[Block]) -> list[Block]:
    """Drop headings left dangling at the end (e.g. "Related stories" over a removed list)."""
    while blocks and blocks[-1].heading:
        blocks = blocks[:-1]
    return blocks


def looks_like_index(inside: list[Block], kept: list[Block]) -> bool:
    """A list of teasers rather than an article: little prose, or a headline link per excerpt.

    ``inside`` are all the container's blocks, ``kept`` those that read like article text.
    """
    prose = [b for b in kept if b.chars >= PROSE_BLOCK and b.link_density < 0.5]
    plain = sum(b.chars - b.link_chars for b in prose)
    headlines = sum(1 for b in inside if b.chars >= 20 and is_link_list(b))
    return plain < MIN_ARTICLE_CHARS or (headlines >= 5 and headlines >= len(prose))


# --------------------------------------------------------------------------- public API


def clean_html(html: str | bytes, url: str | None = None) -> CleanedPage:
    """The article body and metadata of one HTML page; never raises on bad markup."""
    root = parse_html(html if isinstance(html, str) else decode_body(html)[0])
    if root is None:
        return CleanedPage("", html_metadata(PageSignals(url=url), ""), (EMPTY_PAGE_ERROR,))
    signals = read_page_signals(root, url)
    prune_tree(root)
    body = root.find("body")
    blocks = segment_blocks(body if body is not None else root)
    text, errors = _article_text(blocks, signals)
    meta = html_metadata(signals, text)
    return CleanedPage(text, meta, errors)


def _article_text(blocks: list[Block], signals: PageSignals) -> tuple[str, tuple[str, ...]]:
    """The body from the markup; else the page's JSON-LD articleBody; else nothing, with why.

    The articleBody is often a teaser cut at a few hundred characters, so it only replaces
    the markup's text when that is missing or far shorter (a page rendered by script).
    """
    container = choose_container(blocks) if blocks else None
    inside = blocks_inside(blocks, container) if container is not None else []
    kept = body_blocks(inside, container, page_title(signals)) if container is not None else []
    text = "\n\n".join(b.text for b in kept) if kept and not looks_like_index(inside, kept) else ""
    fallback = json_ld_article_body(signals)
    if fallback and len(fallback) > LD_BODY_RATIO * len(text):
        return fallback, ()
    if text:
        return text, ()
    return "", (NO_ARTICLE_ERROR if blocks else EMPTY_PAGE_ERROR,)
