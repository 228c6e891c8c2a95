"""Link: each figure's period, change reference, source, id and summary.

``stage`` (the entry, ``link_figures``) and ``summary`` (the one-line summary).
"""
