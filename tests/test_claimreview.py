"""ClaimReview output: schema.org's ClaimReview fields, valid JSON-LD (expanded offline with pyld)."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from extractor.check import Claim, Evidence, Verdict
from extractor.check.claimreview import claim_review
from extractor.check.store import Candidate

RECORD: dict[str, Any] = {
    "id": "f1", "article_id": "a1", "text": "$2.8 billion", "value": 2.8e9, "value_max": None,
    "kind": "money", "unit": "USD", "bound": "=", "change_value": None, "change_unit": None,
    "change_direction": None, "change_text": None, "period_text": None, "period_value": "2021-Q3",
    "source_text": "the company", "source_cue": "said", "span_start": 20, "span_end": 32,
    "sentence_start": 0, "sentence_end": 40, "sentence_text": "Acme earned $2.8 billion in the quarter.",
    "summary": "2.8 billion USD", "url": "https://news.example/acme", "title": "Acme results",
    "published": "2021-11-20", "outlet": "Example News",
}  # fmt: skip
# The part of schema.org's JSON-LD context the review uses, given locally: no network in tests.
SCHEMA_CONTEXT = {
    "@context": {"@vocab": "https://schema.org/", "url": {"@id": "https://schema.org/url", "@type": "@id"}}
}


def _verdict(verdict: str = "contradicted") -> Verdict:
    evidence = Evidence(Candidate(RECORD), "contradicts", 0.9, "value differs")
    return Verdict(
        Claim("c1", "Acme earned $28 billion in the third quarter."), verdict, [evidence], "value differs"
    )


def test_claim_review_has_the_schema_org_fields() -> None:
    review = claim_review(_verdict(), date_published="2021-12-01")
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Acme earned $28 billion in the third quarter."
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    [appearance] = item["appearance"]
    assert appearance["@type"] == "CreativeWork"
    assert appearance["url"] == "https://news.example/acme"
    assert appearance["headline"] == "Acme results"
    assert appearance["publisher"] == {"@type": "Organization", "name": "Example News"}
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == "Contradicted by the extracted facts"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert review["author"] is None  # for the user to fill in
    assert review["datePublished"] == "2021-12-01"


def test_related_evidence_is_no_appearance() -> None:
    verdict = _verdict("not_found")
    verdict.evidence[:] = [Evidence(Candidate(RECORD), "related", 0.3, "value differs")]
    assert claim_review(verdict)["itemReviewed"]["appearance"] == []
    assert claim_review(verdict)["reviewRating"]["alternateName"] == "Not found in the extracted facts"


@pytest.mark.skipif(
    importlib.util.find_spec("pyld") is None, reason="pyld is not installed (pip install '.[test]')"
)
def test_claim_review_expands_as_json_ld() -> None:
    from pyld import jsonld

    def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        assert url.rstrip("/") == "https://schema.org", url
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": SCHEMA_CONTEXT,
        }

    expanded = jsonld.expand(claim_review(_verdict()), {"documentLoader": local_loader})
    [node] = expanded
    schema = "https://schema.org/"
    assert node["@type"] == [schema + "ClaimReview"]
    assert node[schema + "claimReviewed"][0]["@value"].startswith("Acme earned")
    [claim] = node[schema + "itemReviewed"]
    assert claim["@type"] == [schema + "Claim"]
    assert claim[schema + "appearance"][0][schema + "url"] == [{"@id": "https://news.example/acme"}]
    [rating] = node[schema + "reviewRating"]
    assert rating["@type"] == [schema + "Rating"]
    assert rating[schema + "ratingValue"] == [{"@value": 1}]
