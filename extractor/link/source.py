"""Source linking: who a figure is attributed to, read from the structure of the text, and why.

The first of these that applies gives the source (its ``via``):

1. ``sentence``: the attribution whose content holds the figure (the narrowest one), its cue
   in the figure's sentence ("..., according to X", "X said (that) ...", "..., X said");
   ``quote`` when the cue is in another sentence (a quote running over several sentences);
   else a cue whose clause holds the figure ("X sees growth of 2%, down from 3%"), not
   through a relative or conjoined clause;
2. ``quote``: a figure in a paragraph that opens inside a quote and has no attribution of its
   own continues the quote that ended the paragraph before ("“...,” she said. ¶ “...”");
3. ``article``: a figure outside every attribution is the reporter's own statement: it
   inherits the wire agency the article credits ("(Reuters) -", "With inputs from PTI"),
   marked ``inherited``;
4. null (via ``none``) otherwise: the outlet's own reporting (a site's name says who
   published the page, not who reported it: aggregators carry other outlets' stories).

A pronoun source ("he said") is given as the name it stands for. Attributions without a
source ("it was reported") and cues of intention ("agreed to", "plans to": listed in
``models/link/intention_cues.txt``) give no source: their figures are the reporter's. A source
cited elsewhere in the article is never given to a figure it does not cover.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from extractor.attribution.spans import quote_spans
from extractor.clean.metadata import credited_agency
from extractor.link.discourse import Discourse
from extractor.records import Article, Attribution, Figure, FigureSource, Span
from extractor.support.assets import load_words

INTENTION_CUES = "link/intention_cues.txt"
# Clauses in which a figure is the reporter's, not the speaker's, though they hang from the
# cue's clause: "Smith, who earns $50,000, said ...", "... said, and sales rose 5%".
_OWN_STATEMENT_LINKS = frozenset({"relcl", "acl", "conj", "parataxis"})


@dataclass(slots=True)
class SourceLinker:
    """Chooses figures' sources in one article; built once, then asked per figure."""

    article: Article
    discourse: Discourse
    named: list[Attribution] = field(default_factory=list)  # with a source, sorted by cue
    cue_starts: list[int] = field(default_factory=list)
    quotes: list[Span] = field(default_factory=list)
    inherited: FigureSource | None = None

    @classmethod
    def build(cls, article: Article, discourse: Discourse) -> SourceLinker:
        intentions = load_words(INTENTION_CUES)
        named = sorted(
            (
                a
                for a in article.sources
                if a.source is not None and discourse.head_lemma(a.cue.span) not in intentions
            ),
            key=lambda a: a.cue.span,
        )
        wire = credited_agency(article.text)
        return cls(
            article,
            discourse,
            named,
            [a.cue.span[0] for a in named],
            quote_spans(article.text),
            FigureSource(wire, None, None, inherited=True, via="article") if wire else None,
        )

    def sources(self, figures: list[Figure]) -> list[FigureSource | None]:
        """Each figure's source, in the order of ``figures``."""
        return [
            self._attributed(figure, covering)
            if covering is not None
            else self._in_cue_clause(figure) or self._continued_quote(figure) or self.inherited
            for figure, covering in zip(figures, self._covering(figures), strict=True)
        ]

    def _covering(self, figures: list[Figure]) -> list[Attribution | None]:
        """For each figure, the narrowest named attribution whose content holds it: each
        attribution looks up the figures inside its content parts (bisection on their starts)."""
        order = sorted(range(len(figures)), key=lambda i: figures[i].span)
        starts = [figures[i].span[0] for i in order]
        best: list[Attribution | None] = [None] * len(figures)
        for attribution in self.named:
            width = attribution.content.span[1] - attribution.content.span[0]
            for part in attribution.content.parts or (attribution.content.span,):
                for k in range(bisect_left(starts, part[0]), bisect_left(starts, part[1])):
                    i = order[k]
                    current = best[i]
                    if figures[i].span[1] <= part[1] and (
                        current is None or width < current.content.span[1] - current.content.span[0]
                    ):
                        best[i] = attribution
        return best

    def _attributed(self, figure: Figure, attribution: Attribution) -> FigureSource:
        same = self.discourse.sentence_index(attribution.cue.span[0]) == self.discourse.sentence_index(
            figure.span[0]
        )
        return _figure_source(attribution, "sentence" if same else "quote")

    def _in_cue_clause(self, figure: Figure) -> FigureSource | None:
        """The source of a cue whose clause holds the figure though its content does not
        ("X sees growth of 2%, down from 3%": the parse ends the content early)."""
        discourse = self.discourse
        sentence = discourse.sentences[discourse.sentence_index(figure.span[0])]
        clause = discourse.clause(figure.span)
        if clause is None:
            return None
        for k in range(bisect_left(self.cue_starts, sentence[0]), bisect_left(self.cue_starts, sentence[1])):
            cue_clause = discourse.clause(self.named[k].cue.span)
            if cue_clause is not None and discourse.below(clause, cue_clause, _OWN_STATEMENT_LINKS):
                return _figure_source(self.named[k], "sentence")
        return None

    def _continued_quote(self, figure: Figure) -> FigureSource | None:
        """The source of the quote a paragraph continues, when the figure's paragraph opens
        inside a quote and attributes nothing itself."""
        quote = self._quote_at(figure.span[0])
        if quote is None:
            return None
        paragraph = self.discourse.paragraph(figure.span[0])
        paragraph_start = self.discourse.paragraph_starts[paragraph]
        if self.article.text[paragraph_start : quote[0]].strip():
            return None  # the quote does not open the paragraph
        k = bisect_left(self.cue_starts, paragraph_start)
        if k < len(self.named) and self.discourse.paragraph(self.cue_starts[k]) == paragraph:
            return None  # the paragraph has an attribution of its own
        if k == 0:
            return None
        previous = self.named[k - 1]
        if self.discourse.paragraph(previous.cue.span[0]) != paragraph - 1 or not self._is_quoted(previous):
            return None
        return _figure_source(previous, "quote")

    def _quote_at(self, offset: int) -> Span | None:
        k = bisect_right(self.quotes, (offset, 1 << 62)) - 1
        if k >= 0 and self.quotes[k][0] <= offset < self.quotes[k][1]:
            return self.quotes[k]
        return None

    def _is_quoted(self, attribution: Attribution) -> bool:
        """Whether an attribution's content is (or ends with) a quote."""
        end = attribution.content.span[1]
        quote = self._quote_at(max(attribution.content.span[0], end - 1))
        return quote is not None


def _figure_source(attribution: Attribution, via: str) -> FigureSource:
    source = attribution.source
    name = attribution.resolved or (source.text if source is not None else "")
    span = source.span if source is not None else None
    return FigureSource(name, span, attribution.cue.text, inherited=False, via=via)
