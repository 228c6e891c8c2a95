"""Dates: time expressions found and normalized to TIMEX3 against the publication date.

``stage`` (the entry, ``find_dates``), ``find`` (candidates from the rules), ``rules`` (the patterns in
``models/time``, compiled), ``norm`` (TIMEX3 values), ``arithmetic`` (calendar arithmetic).
(Not ``time``: that would shadow the standard library.)
"""
