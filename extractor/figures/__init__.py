"""Figures: numbers that state facts, with what they count, their bound and their change.

``stage`` (the entry, ``find_figures``), ``numbers`` (the number grammar), ``units`` (unit readings),
``nouns`` (the counted noun), ``changes`` (changes and their targets), ``filters`` (non-figures),
``lexicon`` (the assets in ``models/figures``).
"""
