"""Fetch: polite, safe retrieval of pages with provenance.

``fetcher`` (the ``Fetcher``), ``session`` (HTTP session, cache, capped reads), ``pacing`` (per-host rate
and backoff), ``robots`` (robots.txt), ``safety`` (the address guard), ``warc`` (WARC write and read),
``discover`` (article URLs from feeds and sitemaps).
"""
