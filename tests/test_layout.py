"""The layout holds: imports run down the documented layers, no module imports itself through
others, each module stands alone, stays small and says what it owns (see CONTRIBUTING.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SRC = ROOT / "src"

# Lowest first; a module may import its own layer and those below it, never one above. A unit is a
# module or a package (everything under it), matched by the longest prefix. Mirrors CONTRIBUTING.md.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("jxpj.errors",),
    ("jxpj.numbers", "jxpj.explain", "jxpj.resources", "jxpj.strict", "jxpj.markdown", "jxpj.files"),
    ("jxpj.documents",),
    ("jxpj.rules",),
    ("jxpj.models",),
    ("jxpj.office.entry", "jxpj.office.extra", "jxpj.office.archive"),
    ("jxpj.budget", "jxpj.result", "jxpj.engine", "jxpj.zh"),
    ("jxpj.load",),
    ("jxpj.check", "jxpj.review", "jxpj.diff", "jxpj.portfolio", "jxpj.forms"),
    ("jxpj.office",),
    ("jxpj.report",),
    ("jxpj.scaffold",),
    ("jxpj.cli",),
    ("jxpj", "jxpj.__main__"),
)
MAX_LINES = 300


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "jxpj").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def layer(module: str) -> int:
    best = (-1, -1)
    for index, units in enumerate(LAYERS):
        for unit in units:
            if (module == unit or module.startswith(unit + ".")) and len(unit) > best[1]:
                best = (index, len(unit))
    assert best[0] >= 0, f"{module} is in no layer: add it to LAYERS and CONTRIBUTING.md"
    return best[0]


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every jxpj module ``name`` imports, at the top, inside functions or for type checking."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from jxpj.report import render` names a module; `from jxpj.errors import X` a name
            targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module for a in node.names]
        else:
            continue
        out.update(t for t in targets if t.split(".")[0] == "jxpj" and t != name)
    return out


GRAPH = {name: imports(name, path, set(modules())) for name, path in modules().items()}


def test_every_import_runs_down_the_layers():
    upward = [f"{a} (layer {layer(a)}) imports {b} (layer {layer(b)})" for a, deps in GRAPH.items() for b in sorted(deps) if layer(b) > layer(a)]
    assert upward == []


def test_no_module_imports_itself_through_others():
    # The package root only hands names on, lazily; every module passes through it on import.
    graph = {a: {b for b in deps if b != "jxpj"} for a, deps in GRAPH.items()}
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == []


def test_each_module_imports_on_its_own():
    names = sorted(n for n in modules() if n != "jxpj.__main__")  # __main__ runs the program
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'jxpj' or m.startswith('jxpj.')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(SRC)})
    assert run.returncode == 0, run.stderr[-2000:]


def test_the_evidence_model_loads_no_rule():
    script = "import sys, jxpj.models.evidence; print(sorted(m for m in sys.modules if m.startswith('jxpj.rules')))"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(SRC)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_are_small_and_say_what_they_own(name):
    path = modules()[name]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{path.relative_to(ROOT)}: split it along its seams"
    doc = ast.get_docstring(ast.parse(text))
    assert doc, f"{path.relative_to(ROOT)}: its docstring says in one sentence what it owns"
