"""Architecture rules that must never regress: the core runs without Qt."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import archivist

CORE_MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(archivist.__path__, prefix="archivist.")
    if not name.startswith("archivist.gui")
)


def test_core_modules_never_load_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'shiboken'))]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"core imported Qt: {result.stdout}"
    assert len(CORE_MODULES) > 10


def test_every_module_has_a_docstring() -> None:
    root = Path(archivist.__file__).parent
    missing = []
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8").lstrip()
        if not source.startswith(('"""', "'''")):
            missing.append(str(path.relative_to(root)))
    assert missing == []


def test_test_modules_have_unique_names() -> None:
    """pytest collects tests/core and tests/gui together as top-level modules: a name used in
    both stops the whole run at collection."""
    tests = Path(__file__).resolve().parents[1]
    names = [p.name for p in tests.rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []


_BROAD = {"Exception", "BaseException"}


def _is_broad(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type
    if kinds is None:
        return True
    names = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    return any(isinstance(n, ast.Name) and n.id in _BROAD for n in names)


def _accounted_for(handler: ast.ExceptHandler) -> bool:
    """Re-raised, logged, or handed on (the caught exception used: sent, stored, reported)."""
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in {"log", "logger", "logging"}
        ):
            return True
        if handler.name and isinstance(node, ast.Name) and node.id == handler.name:
            return True
    return False


def test_no_broad_except_is_silent() -> None:
    """Every `except Exception` (or broader) re-raises, logs what happened and why the code
    goes on, or hands the exception on: none swallows a failure without a trace."""
    root = Path(archivist.__file__).parent
    silent = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and _is_broad(node) and not _accounted_for(node):
                silent.append(f"{path.relative_to(root)}:{node.lineno}")
    assert silent == []
