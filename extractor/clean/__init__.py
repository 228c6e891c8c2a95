"""Clean: an HTML page to article text and metadata.

``body`` (the main-text extractor) and ``metadata`` (title, authors, dates, outlet, language).
"""
