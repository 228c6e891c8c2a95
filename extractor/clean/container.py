"""The main container: the element of the page that holds the article.

Every element is scored by the blocks inside it (prose for, links and furniture against); the
container is the smallest element holding nearly all of the best score, so an article split by ad
slots is taken whole while the teasers around it are not. Sibling elements that read like more of
the same article (a second text block after an image gallery) are merged in, and the best
element outside the container is kept as the next-best candidate.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from extractor.clean.blocks import Block, within
from extractor.clean.hints import hint_polarity
from extractor.clean.paragraphs import Kind, ends_sentence

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
# A sibling of the container joins it when it scores this share of the container's score.
SIBLING_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class Containers:
    """The chosen container with the siblings merged into it, and every element's score."""

    roots: tuple[etree._Element, ...]
    scores: dict[etree._Element, float]

    def next_best(self) -> etree._Element | None:
        """The best element that neither holds nor sits inside one of the roots."""
        roots = set(self.roots)
        above = {a for r in self.roots for a in r.iterancestors()}
        outside = {e: s for e, s in self.scores.items() if e not in above and not within(e, roots)}
        return _pick(outside)


def block_value(block: Block, kind: Kind, use_hints: bool = True) -> float:
    """How much a block speaks for the element holding it being the article."""
    plain = block.plain_chars
    if use_hints and block.furniture:
        # Text inside furniture (comments, related teasers, share bars) argues against.
        value = -FURNITURE_WEIGHT * plain - LINK_WEIGHT * block.link_chars - BLOCK_COST
    else:
        value = plain - LINK_WEIGHT * block.link_chars - BLOCK_COST
        if block.chars >= SHORT_BLOCK and ends_sentence(block.text):
            value += 0.25 * plain  # prose ends its sentences
        if kind == Kind.GOOD:
            value += 0.25 * plain
    return value if value > 0 else NEGATIVE_WEIGHT * value


def line_value(block: Block, kind: Kind) -> float:
    """How much a block speaks for its element holding a page that has no prose: its plain text,
    unless it is a link or furniture."""
    if kind == Kind.BAD or block.furniture:
        return -NEGATIVE_WEIGHT * block.chars
    return float(block.plain_chars)


def element_scores(blocks: list[Block], kinds: list[Kind], use_hints: bool) -> dict[etree._Element, float]:
    return _summed(blocks, [block_value(b, k, use_hints) for b, k in zip(blocks, kinds, strict=True)])


def choose_line_container(blocks: list[Block], kinds: list[Kind]) -> etree._Element | None:
    """The element holding most of the plain text of a page without prose (a photo gallery with
    lines of captions and facts)."""
    return _pick(_summed(blocks, [line_value(b, k) for b, k in zip(blocks, kinds, strict=True)]))


def _summed(blocks: list[Block], values: list[float]) -> dict[etree._Element, float]:
    """Every element's score: the values of the blocks inside it."""
    scores: dict[etree._Element, float] = {}
    for block, value in zip(blocks, values, strict=True):
        element: etree._Element | None = block.owner
        while element is not None:
            scores[element] = scores.get(element, 0.0) + value
            element = element.getparent()
    return scores


def _depth(element: etree._Element) -> int:
    return sum(1 for _ in element.iterancestors())


def _pick(scores: dict[etree._Element, float]) -> etree._Element | None:
    """The smallest element holding nearly all of the best element's score."""
    best = max(scores.values(), default=0.0)
    if best <= 0:
        return None
    eligible = [e for e, s in scores.items() if s >= CONTAINER_SHARE * best]
    # Among nearly-as-good elements prefer a hinted one (class "story-body", <article>), then
    # the deepest.
    return max(eligible, key=lambda e: (hint_polarity(e) > 0 or e.tag == "article", _depth(e), scores[e]))


def _siblings(container: etree._Element, scores: dict[etree._Element, float]) -> list[etree._Element]:
    """Siblings scoring a good share of the container: more of the same article."""
    parent = container.getparent()
    if parent is None or container.tag in ("body", "html"):
        return []
    floor = SIBLING_SHARE * scores[container]
    return [s for s in parent if s is not container and scores.get(s, 0.0) >= floor and hint_polarity(s) >= 0]


def _above_single_block(blocks: list[Block], container: etree._Element) -> etree._Element:
    """The container's parent when the container is a single block: one long paragraph outscores
    the short lines of the article around it (an address, a closing line, a one-line quote)."""
    parent = container.getparent()
    if parent is None or parent.tag in ("body", "html") or len(blocks_inside(blocks, (container,))) > 1:
        return container
    return parent


def choose_containers(blocks: list[Block], kinds: list[Kind], use_hints: bool = True) -> Containers:
    """The article's container with its siblings, and the best element that is neither of them."""
    scores = element_scores(blocks, kinds, use_hints)
    container = _pick(scores)
    if container is None and use_hints:
        scores = element_scores(blocks, kinds, use_hints=False)
        container = _pick(scores)
    if container is None:
        return Containers((), scores)
    container = _above_single_block(blocks, container)
    return Containers((container, *_siblings(container, scores)), scores)


def blocks_inside(blocks: list[Block], roots: tuple[etree._Element, ...]) -> list[int]:
    """Indexes of the blocks under any of the roots, in document order."""
    root_set = set(roots)
    return [i for i, b in enumerate(blocks) if within(b.owner, root_set)]
