"""The public API is pinned: every exported name exists, and nothing is exported by accident."""

from __future__ import annotations

import extractor


def test_all_names_resolve() -> None:
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None, name


def test_exported_names_are_pinned() -> None:
    assert set(extractor.__all__) == {
        "DEFAULT_MODEL",
        "Article",
        "Attribution",
        "Change",
        "Document",
        "DocumentError",
        "EmptyDocumentError",
        "FetchError",
        "Figure",
        "FigureSource",
        "InputFormatError",
        "Mention",
        "ModelNotFoundError",
        "NewsfactsError",
        "Options",
        "PageMetadata",
        "Provenance",
        "SinkError",
        "TerminalFetchError",
        "TransientFetchError",
        "UsageError",
        "Timex",
        "__version__",
        "extract",
        "extract_many",
        "load_nlp",
    }


def test_importing_the_data_model_does_not_load_spacy() -> None:
    import subprocess
    import sys

    code = "import sys, extractor, extractor.records; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
