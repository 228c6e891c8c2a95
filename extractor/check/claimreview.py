"""schema.org ClaimReview JSON-LD for a verdict (https://schema.org/ClaimReview).

The review names the claim (``claimReviewed``), the articles the evidence comes from as the
claim's appearances (``itemReviewed``: a ``Claim`` with ``appearance`` CreativeWorks), and the
verdict as a ``Rating`` whose ``alternateName`` is the verdict in words. ``author`` is left for
the fact-checker to fill in: the tool does not sign reviews.
"""

from __future__ import annotations

from typing import Any

from extractor.check.checker import CONTRADICTED, NOT_FOUND, SUPPORTED, Verdict

SCHEMA_CONTEXT = "https://schema.org"
# The verdict on schema.org's 1 (false) .. 5 (true) scale, and in words.
RATINGS = {
    SUPPORTED: (5, "Supported by the extracted facts"),
    CONTRADICTED: (1, "Contradicted by the extracted facts"),
    NOT_FOUND: (3, "Not found in the extracted facts"),
}


def claim_review(verdict: Verdict, date_published: str | None = None) -> dict[str, Any]:
    """One ClaimReview object (JSON-LD, with its own ``@context``)."""
    value, words = RATINGS[verdict.verdict]
    review: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "identifier": verdict.claim.id,
        "claimReviewed": verdict.claim.text,
        "itemReviewed": {"@type": "Claim", "appearance": _appearances(verdict)},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": words,
            "ratingExplanation": verdict.reason,
        },
        "author": None,  # the organisation publishing the review: for the user to fill in
    }
    if date_published:
        review["datePublished"] = date_published
    return review


def _appearances(verdict: Verdict) -> list[dict[str, Any]]:
    appearances: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in verdict.evidence:
        if item.relation == "related" or item.candidate.article_id in seen:
            continue
        seen.add(item.candidate.article_id)
        record = item.candidate.record
        work: dict[str, Any] = {"@type": "CreativeWork", "identifier": record["article_id"]}
        for key, field in (("url", "url"), ("headline", "title"), ("datePublished", "published")):
            if record[field]:
                work[key] = record[field]
        if record["outlet"]:
            work["publisher"] = {"@type": "Organization", "name": record["outlet"]}
        work["text"] = (record["sentence_text"] or "").strip()
        appearances.append(work)
    return appearances
