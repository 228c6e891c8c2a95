"""HTML page -> article body text and page metadata (the cleaning stage).

The page is decoded, parsed, pruned and cut into text blocks (``extractor.clean.blocks``); each
block is classified as prose, a short line or furniture (``extractor.clean.paragraphs``). The body
is then chosen among candidates, compared before giving up:

1. the main container (``extractor.clean.container``): the smallest element holding nearly all
   of the page's prose score, with the sibling elements that read like more of the article; its
   blocks are kept unless they are furniture (link lists, boilerplate lines, lists under a
   "Related" heading, elements hinted as furniture by class/id, teaser cards of other articles)
   or captions (inside an element hinted as an image's, a gallery's or a video's);
2. the next-best container, when the first holds no running text;
3. a density pass over all the page's blocks (prose paragraphs, and the short lines between them),
   which wins when it finds far more prose than the container: the container was too small;
4. the page's JSON-LD articleBody, when the markup has no text or far less of it.

The lead paragraph printed between the headline and the body, outside the body's element, is then
put back in front of it (``extractor.clean.lead``).

A page that reads like a list of teasers still gets its best text, with a warning; only a page
with no running text at all gets no body, with an error saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.clean.blocks import Block, parse_html, prune_tree, segment_blocks
from extractor.clean.container import Containers, blocks_inside, choose_containers, choose_line_container
from extractor.clean.lead import with_lead
from extractor.clean.metadata import (
    PageSignals,
    guess_language,
    html_metadata,
    json_ld_article_body,
    page_title,
    read_page_signals,
    text_metadata,
)
from extractor.clean.paragraphs import (
    GOOD_CHARS,
    PROSE_STOP_SHARE,
    Kind,
    classify_all,
    is_furniture_heading,
    stop_share,
    stop_words,
    weighted_chars,
)
from extractor.clean.teasers import teaser_cards
from extractor.records import PageMetadata
from extractor.support.encoding import decode_body

__all__ = ["CleanedPage", "clean_html", "text_metadata"]

NO_ARTICLE_ERROR = "no article body found: the page has no running text"
EMPTY_PAGE_ERROR = "no article body found: the page has no text"
INDEX_WARNING = "looks like an index page: the body may be a list of teasers"
LINES_WARNING = "no running text: the body is the page's short lines of text"

# The JSON-LD articleBody replaces the markup's text when it is this many times longer.
LD_BODY_RATIO = 3.0
# The density pass replaces the container when it finds this many times more prose.
DENSITY_RATIO = 2.0
# A container holding less than this share of the density pass's prose is widened to the nearest
# ancestor holding this much of it.
COVERAGE = 0.75
WIDE_COVERAGE = 0.85
# ... provided that the ancestor keeps this share of the container's score (adds little furniture).
WIDEN_SCORE_SHARE = 0.5
# A page with at least this many headline links, and as many of them as paragraphs of prose,
# reads like an index of teasers.
INDEX_HEADLINES = 5
# A page without prose gets its lines of text as its body when they hold this many characters.
LINES_MIN_CHARS = 80
# Characters of text read to guess the page's language.
LANGUAGE_SAMPLE = 4000


@dataclass(frozen=True, slots=True)
class CleanedPage:
    """The cleaned article of one page."""

    text: str  # article body, paragraphs separated by one blank line; title not included
    meta: PageMetadata
    errors: tuple[str, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """The blocks of a page with their kinds, in document order."""

    blocks: list[Block]
    kinds: list[Kind]

    def prose(self, kept: list[int]) -> float:
        """How much prose a candidate holds: paragraphs in full, lines of text by half."""
        total = 0.0
        for i in kept:
            kind, block = self.kinds[i], self.blocks[i]
            if kind >= Kind.NEAR:
                weight = 1.0 if kind == Kind.GOOD else 0.5
                total += weight * (weighted_chars(block.text, block.chars) - block.link_chars)
        return total

    def has_running_text(self, kept: list[int]) -> bool:
        return any(self.kinds[i] >= Kind.NEAR for i in kept)


# --------------------------------------------------------------------------- candidates


def container_body(page: Page, inside: list[int], title: str | None, use_hints: bool = True) -> list[int]:
    """The container's blocks (``inside``) that read like article text."""
    title_key = " ".join(title.split()).lower() if title else None
    teasers = teaser_cards(page.blocks, page.kinds, inside)
    kept = []
    dropping_list = False  # the list under a "Related stories"-like heading goes with it
    for i in inside:
        block = page.blocks[i]
        if i in teasers:
            continue
        if dropping_list and block.owner.tag == "li":
            continue
        dropping_list = is_furniture_heading(block)
        if dropping_list or page.kinds[i] == Kind.BAD or (use_hints and block.furniture):
            continue
        if title_key and block.text.lower() == title_key:
            continue
        if use_hints and block.media:  # a caption (a gallery's: found by the density pass)
            continue
        kept.append(i)
    return _trim_edges(page, kept)


def _trim_edges(page: Page, kept: list[int]) -> list[int]:
    """Drop headings left dangling at the end (e.g. "Related stories" over a removed list)."""
    while kept and page.blocks[kept[-1]].heading:
        kept = kept[:-1]
    return kept


def density_body(page: Page, use_hints: bool = True) -> list[int]:
    """Prose paragraphs of the whole page, with the lines and headings between them (jusText's
    context rule: a short block between paragraphs is text, one among links is not)."""
    kinds = [
        Kind.BAD if use_hints and b.furniture else k for b, k in zip(page.blocks, page.kinds, strict=True)
    ]
    kept = []
    for i, kind in enumerate(kinds):
        if kind == Kind.GOOD or (kind > Kind.BAD and _between_prose(kinds, i)):
            kept.append(i)
    return kept


def _neighbour(kinds: list[Kind], i: int, step: int) -> Kind:
    """The nearest kind before (step -1) or after (step 1) that is not a short block."""
    i += step
    while 0 <= i < len(kinds):
        if kinds[i] != Kind.SHORT:
            return kinds[i]
        i += step
    return Kind.BAD


def _between_prose(kinds: list[Kind], i: int) -> bool:
    before, after = _neighbour(kinds, i, -1), _neighbour(kinds, i, 1)
    if kinds[i] == Kind.NEAR:
        return Kind.GOOD in (before, after)
    return before >= Kind.NEAR and after == Kind.GOOD


def looks_like_index(page: Page, inside: list[int], kept: list[int]) -> bool:
    """A list of teasers rather than an article: headlines (linked lines) at least as many as the
    prose paragraphs. Little prose alone is no sign: a wire brief of one sentence is an article.

    ``inside`` are all the container's blocks, ``kept`` those that read like article text.
    """
    prose = sum(1 for i in kept if page.kinds[i] == Kind.GOOD)
    headlines = sum(1 for i in inside if page.blocks[i].chars >= 20 and page.kinds[i] == Kind.BAD)
    return headlines >= INDEX_HEADLINES and headlines >= prose


def choose_body(page: Page, title: str | None) -> tuple[list[int], tuple[str, ...]]:
    """The best candidate's blocks, and a warning when they read like an index page.

    When every candidate is empty the class/id hints are dropped and the choice made again: a
    page whose text all sits in elements hinted as furniture (a forum thread of "comments")
    still has that text.
    """
    inside, kept = _best_candidate(page, title, use_hints=True)
    if not page.has_running_text(kept):
        inside, kept = _best_candidate(page, title, use_hints=False)
    if not page.has_running_text(kept):
        lines = lines_body(page, title)
        return lines, (LINES_WARNING,) if lines else ()
    warnings = (INDEX_WARNING,) if looks_like_index(page, inside, kept) else ()
    return with_lead(page.blocks, page.kinds, kept), warnings


def lines_body(page: Page, title: str | None) -> list[int]:
    """The lines of text of the element holding most of a page that has no prose (a gallery's
    captions and facts), when they add up to a few sentences' worth."""
    root = choose_line_container(page.blocks, page.kinds)
    if root is None:
        return []
    kept = container_body(page, blocks_inside(page.blocks, (root,)), title)
    return kept if sum(page.blocks[i].plain_chars for i in kept) >= LINES_MIN_CHARS else []


def _best_candidate(page: Page, title: str | None, use_hints: bool) -> tuple[list[int], list[int]]:
    """The blocks considered and the blocks kept: the container's, else the next-best
    container's, unless the density pass finds far more prose."""
    containers = choose_containers(page.blocks, page.kinds, use_hints)
    density = density_body(page, use_hints)
    inside = _widened(page, containers, density)
    kept = container_body(page, inside, title, use_hints)
    next_best = containers.next_best() if not page.has_running_text(kept) else None
    if next_best is not None:
        inside = blocks_inside(page.blocks, (next_best,))
        kept = container_body(page, inside, title, use_hints)
    if page.prose(density) > DENSITY_RATIO * max(page.prose(kept), GOOD_CHARS):
        kept = sorted(set(density) | set(kept))
        inside = list(range(kept[0], kept[-1] + 1))  # the stretch of page it spans, links and all
    return inside, kept


def _widened(page: Page, containers: Containers, density: list[int]) -> list[int]:
    """The container's blocks; when it holds too little of the page's prose (a recipe whose
    steps sit apart from its introduction), those of the nearest ancestor that holds most of it
    and scores no less (it adds more prose than furniture)."""
    roots = containers.roots
    inside = blocks_inside(page.blocks, roots)
    total = page.prose(density)
    if not roots or total <= 0 or _covered(page, inside, density) >= COVERAGE * total:
        return inside
    floor = WIDEN_SCORE_SHARE * containers.scores[roots[0]]
    for ancestor in roots[0].iterancestors():
        if ancestor.tag in ("body", "html") or containers.scores.get(ancestor, 0.0) < floor:
            break
        wider = blocks_inside(page.blocks, (ancestor,))
        if _covered(page, wider, density) >= WIDE_COVERAGE * total:
            return wider
    return inside


def _covered(page: Page, inside: list[int], density: list[int]) -> float:
    """The prose of the density pass that lies inside a container."""
    members = set(inside)
    return page.prose([i for i in density if i in members])


# --------------------------------------------------------------------------- public API


def page_language(signals: PageSignals, blocks: list[Block]) -> str | None:
    """The declared language when its stop words are frequent in the page's text (a page may
    declare the wrong one), else a guess from the text."""
    sample, size = [], 0
    for block in blocks:
        if block.chars >= 40 and size < LANGUAGE_SAMPLE:
            sample.append(block.text)
            size += len(block.text)
    text = " ".join(sample)
    declared = (signals.lang or "").replace("_", "-").split("-")[0].strip().lower()
    share = stop_share(text, stop_words(declared))
    if share is not None and share >= PROSE_STOP_SHARE:
        return declared
    return guess_language(text) or declared or None


def clean_html(html: str | bytes, url: str | None = None) -> CleanedPage:
    """The article body and metadata of one HTML page; never raises on bad markup."""
    root = parse_html(html if isinstance(html, str) else decode_body(html)[0])
    if root is None:
        return CleanedPage("", html_metadata(PageSignals(url=url), ""), (EMPTY_PAGE_ERROR,))
    signals = read_page_signals(root, url)
    prune_tree(root)
    body = root.find("body")
    blocks = segment_blocks(body if body is not None else root)
    page = Page(blocks, classify_all(blocks, stop_words(page_language(signals, blocks))))
    text, errors, warnings = _article_text(page, signals)
    return CleanedPage(text, html_metadata(signals, text), errors, warnings)


def _article_text(page: Page, signals: PageSignals) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The body from the markup; else the page's JSON-LD articleBody; else nothing, with why.

    The articleBody is often a teaser cut at a few hundred characters, so it only replaces
    the markup's text when that is missing or far shorter (a page rendered by script).
    """
    kept, warnings = choose_body(page, page_title(signals)) if page.blocks else ([], ())
    text = "\n\n".join(page.blocks[i].text for i in kept)
    fallback = json_ld_article_body(signals)
    if fallback and len(fallback) > LD_BODY_RATIO * len(text):
        return _with_lead(page, kept, fallback), (), ()
    if text:
        return text, (), warnings
    return "", (NO_ARTICLE_ERROR if page.blocks else EMPTY_PAGE_ERROR,), ()


def _with_lead(page: Page, kept: list[int], ld_body: str) -> str:
    """The JSON-LD articleBody after the markup's paragraphs that it lacks (the standfirst of a
    page whose full text sits in JSON-LD: the markup shows the lead, the articleBody the rest)."""
    ld_key = " ".join(ld_body.split())
    lead = [
        page.blocks[i].text for i in kept if page.kinds[i] >= Kind.NEAR and page.blocks[i].text not in ld_key
    ]
    return "\n\n".join([*lead, ld_body])
