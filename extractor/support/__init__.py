"""Shared helpers that every stage may use and that use no stage.

``encoding`` (the one bytes-to-text decoder), ``assets`` (loading ``models/``), ``regex_words``
(word lists as regex tries), ``spacy_utils`` (fast reads of a ``Doc``'s arrays).
"""
