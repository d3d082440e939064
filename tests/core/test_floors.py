"""The import contract: every subpackage stands only on the floors below it (imports inside
functions count), Qt only in gui/, Whoosh only in index/, and index/ used only through the
names of its package (the engine's seam). See README, "Architecture"."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import archivist

# Lowest first. A subpackage may import the base modules (archivist/*.py) and the subpackages
# on floors below its own; never one on its own floor or above.
FLOORS: list[set[str]] = [
    {"index"},
    {"archive"},
    {"annotations"},
    {"ach", "importers"},
    {"briefs"},
    {"exchange"},
    {"gui"},
    {"cli"},
]
ONLY_IN = {"PySide6": "gui", "shiboken6": "gui", "whoosh": "index"}


@dataclass(frozen=True)
class Violation:
    where: str  # file:line
    imported: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: imports {self.imported} ({self.why})"


def imported_modules(path: Path, package_root: Path, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, at any depth of the tree
    (inside functions, under `if TYPE_CHECKING`, ...), relative imports resolved."""
    relative = path.relative_to(package_root).with_suffix("")
    parts = [package, *relative.parts]
    if parts[-1] == "__init__":
        parts.pop()
    else:
        parts = parts[:-1] or parts  # the module's package
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[: len(parts) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            if module == package:  # `from archivist import briefs`: a subpackage by name
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def floor_of(subpackage: str) -> int | None:
    for number, names in enumerate(FLOORS):
        if subpackage in names:
            return number
    return None


def contract_violations(package_root: Path, package: str = "archivist") -> list[Violation]:
    violations: list[Violation] = []
    subpackages = {p.name for p in package_root.iterdir() if (p / "__init__.py").exists()}
    for path in sorted(package_root.rglob("*.py")):
        relative = path.relative_to(package_root)
        if relative == Path("__main__.py"):
            continue  # `python -m archivist`: the roof, above every floor
        home = relative.parts[0] if len(relative.parts) > 1 else None  # None: a base module
        for line, module in imported_modules(path, package_root, package):
            where = f"{relative}:{line}"
            top = module.split(".")[0]
            if top in ONLY_IN and home != ONLY_IN[top]:
                violations.append(Violation(where, module, f"{top} only in {ONLY_IN[top]}/"))
            names = module.split(".")
            if names[0] != package or len(names) < 2 or names[1] not in subpackages:
                continue
            target = names[1]
            if target == "index" and home != "index" and len(names) > 2:
                # The engine's seam: its public names are the package's own.
                violations.append(Violation(where, module, "index/ is used through its seam"))
                continue
            if target == home:
                continue
            if home is None:
                violations.append(Violation(where, module, "a base module imports no floor"))
                continue
            mine, theirs = floor_of(home), floor_of(target)
            if mine is None or theirs is None:
                unknown = home if mine is None else target
                violations.append(Violation(where, module, f"{unknown}/ is on no floor"))
            elif theirs >= mine:
                violations.append(Violation(where, module, f"{home}/ must not stand on {target}/"))
    return violations


PACKAGE_ROOT = Path(archivist.__file__).parent


def test_every_subpackage_stands_only_on_the_floors_below() -> None:
    assert [str(v) for v in contract_violations(PACKAGE_ROOT)] == []


def test_every_subpackage_has_a_floor() -> None:
    subpackages = {p.name for p in PACKAGE_ROOT.iterdir() if (p / "__init__.py").exists()}
    assert subpackages - {"resources"} == set().union(*FLOORS)


def _copy_of_the_package(tmp_path: Path) -> Path:
    root = tmp_path / "archivist"
    for path in PACKAGE_ROOT.rglob("*.py"):
        target = root / path.relative_to(PACKAGE_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    return root


def test_an_upward_import_inside_a_function_is_caught(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    listing = root / "archive" / "listing.py"
    listing.write_text(
        listing.read_text(encoding="utf-8")
        + "\n\ndef _shortcut():\n    from ..annotations import queries\n\n    return queries\n",
        encoding="utf-8",
    )
    [violation] = contract_violations(root)
    assert violation.where.startswith("archive/listing.py:")
    assert violation.imported == "archivist.annotations"
    assert violation.why == "archive/ must not stand on annotations/"


def test_qt_outside_gui_and_whoosh_outside_index_are_caught(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    (root / "briefs" / "preview.py").write_text(
        '"""A module that should not exist."""\n\nfrom PySide6.QtGui import QTextDocument\n'
        "import whoosh.query\n",
        encoding="utf-8",
    )
    assert sorted(v.why for v in contract_violations(root)) == [
        "PySide6 only in gui/",
        "whoosh only in index/",
    ]


def test_a_sideways_import_and_a_base_module_reaching_up_are_caught(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    (root / "ach" / "sideways.py").write_text(
        '"""ACH must not import the importers (same floor)."""\n\n'
        "from archivist import importers\n",
        encoding="utf-8",
    )
    (root / "text.py").write_text(
        (root / "text.py").read_text(encoding="utf-8")
        + "\n\ndef _late():\n    import archivist.archive.copies\n",
        encoding="utf-8",
    )
    assert sorted(str(v) for v in contract_violations(root)) == [
        "ach/sideways.py:3: imports archivist.importers (ach/ must not stand on importers/)",
        f"text.py:{len((root / 'text.py').read_text().splitlines())}: imports "
        "archivist.archive.copies (a base module imports no floor)",
    ]


def test_reaching_past_the_engine_seam_is_caught(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    browse = root / "archive" / "browse.py"
    browse.write_text(
        browse.read_text(encoding="utf-8")
        + "\n\ndef _inside():\n    from archivist.index.postings import postings_cache\n\n"
        "    return postings_cache\n",
        encoding="utf-8",
    )
    [violation] = contract_violations(root)
    assert violation.imported == "archivist.index.postings"
    assert violation.why == "index/ is used through its seam"


def test_the_seam_names_are_what_its_modules_define() -> None:
    import archivist.index as engine

    assert sorted(engine.__all__) == sorted(engine._HOMES)
    for name in engine.__all__:
        assert getattr(engine, name) is not None, name
    assert callable(engine.search_page) and engine.search_page.__module__.endswith(".search")
