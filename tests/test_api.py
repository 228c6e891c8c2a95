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


def test_errors_pickle_with_their_context() -> None:
    """Errors cross process boundaries (batch workers) with every field intact."""
    import pickle

    from extractor.errors import EmptyDocumentError, ModelNotFoundError, TransientFetchError

    document = pickle.loads(pickle.dumps(EmptyDocumentError("d1", "no text", stage="clean")))
    assert (type(document), document.doc_id, document.reason, document.stage) == (
        EmptyDocumentError,
        "d1",
        "no text",
        "clean",
    )
    assert str(document) == "d1: no text"
    fetch = pickle.loads(pickle.dumps(TransientFetchError("https://x.example/", "read timeout")))
    assert (fetch.url, fetch.reason, fetch.transient, str(fetch)) == (
        "https://x.example/",
        "read timeout",
        True,
        "https://x.example/: read timeout",
    )
    model = pickle.loads(pickle.dumps(ModelNotFoundError("xx_missing")))
    assert model.name == "xx_missing" and "is not installed" in str(model)
