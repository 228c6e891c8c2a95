"""The package's edges: CLI commands share ``cli.options`` and never import each other, one place
prints ``newsfacts: error: ...``, and every error class lives in the tree of ``errors.py``."""

from __future__ import annotations

import ast
from pathlib import Path

from extractor import errors

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_commands_do_not_import_each_other() -> None:
    commands = sorted((PACKAGE / "cli").glob("*_cmd.py"))
    assert len(commands) >= 3
    command_modules = {f"extractor.cli.{path.stem}" for path in commands}
    for path in commands:
        others = command_modules - {f"extractor.cli.{path.stem}"}
        assert not _imported_modules(path) & others, f"{path.name} imports another command"
        assert "extractor.cli.options" in _imported_modules(path)


def test_one_place_prints_errors() -> None:
    printing = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "newsfacts: error:" in path.read_text(encoding="utf-8")
    ]
    assert printing == ["cli/__init__.py"]


def test_every_error_class_is_in_the_documented_tree() -> None:
    outside = [
        f"{path.relative_to(PACKAGE).as_posix()}: {node.name}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "errors.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name.endswith(("Error", "Exception"))
    ]
    assert outside == []
    tree = errors.__doc__ or ""
    classes = [
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.NewsfactsError)
    ]
    assert len(classes) >= 12
    assert all(f" {name} " in tree for name in classes), "errors.py's docstring draws every class"
