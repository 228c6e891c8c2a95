"""Sources: who says what (source, cue, content).

``stage`` (the entry, ``find_attributions``), ``rules`` (verb, noun and prepositional rules over the
parse), ``forms`` (colon, dash and quote forms), ``spans`` (character-span helpers), ``lexicon`` (the
assets in ``models/attribution``).
"""
