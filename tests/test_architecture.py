"""The import architecture of `crawler/`, `monitor/` and `feeds/`, read from the source.

Every import statement counts, at the top of a module or inside a function (`ast.walk`), and
so does `importlib.import_module("...")` with a literal name: an import hidden in a function
still makes a cycle, it only moves the failure from start-up to the first call.

The rules (docs/internals.md, "Layers and allowed imports"):
- no cycle among the modules of the three packages;
- `monitor` imports neither `crawler` nor `feeds`, except its composition roots
  (`COMPOSITION_ROOTS`: the CLI, which starts crawls and exports feeds);
- `feeds` never imports `crawler`; `crawler` never imports `feeds`;
- `crawler` never imports the judges of the monitor (`monitor.classify`,
  `monitor.relevance`, `monitor.analyze`): spiders fetch and parse, the monitor decides;
- `monitor` never imports Scrapy, Twisted, feedgen or Datasette;
- a source declaration (`monitor.sources`) is plain data: it imports only the standard
  library and the registry's own modules, so every layer may read it (the spider and parser
  it names are dotted paths, resolved by the crawler).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "monitor", "feeds")

#: Modules of `monitor` that compose the three packages, each for a reason of its own.
COMPOSITION_ROOTS = {
    "monitor.cli": "the command line: `crawl` runs `crawler.run`, `parse` the pure parsers, "
    "`feeds export` writes feeds",
}
#: What a crawler module may not import (the monitor's judges).
CRAWLER_FORBIDDEN = ("monitor.classify", "monitor.relevance", "monitor.analyze")
#: What the source declarations (`monitor.sources`) may import besides the standard library.
SOURCES_ALLOWED = ("monitor.sources",)
#: Third-party packages `monitor` never imports.
MONITOR_FORBIDDEN_LIBRARIES = ("scrapy", "twisted", "feedgen", "datasette")


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every `.py` file of the three packages."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imported_names(module: str, path: Path, tree: ast.AST) -> list[tuple[str, int]]:
    """(dotted name, line) of everything one module imports, relative imports resolved."""
    names = []
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            names.append((source, node.lineno))
            names += [(f"{source}.{alias.name}", node.lineno) for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append((node.args[0].value, node.lineno))
    return names


def import_graph(root: Path = ROOT) -> tuple[dict[str, dict[str, int]], dict[str, set[str]]]:
    """(internal edges: module -> {imported module: first line}, external top-level names).

    `from a.b import c` is an edge to `a.b.c` when that is a module, and to `a.b` (whose
    `__init__` runs) in any case."""
    files = module_files(root)
    edges: dict[str, dict[str, int]] = {}
    external: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges[module], external[module] = {}, set()
        for name, line in _imported_names(module, path, tree):
            if name.split(".")[0] not in PACKAGES:
                external[module].add(name.split(".")[0])
                continue
            target = name
            while target and target not in files:
                target = target.rpartition(".")[0]
            if target and target != module:
                edges[module].setdefault(target, line)
    return edges, external


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def forbidden_imports(edges: dict[str, dict[str, int]]) -> list[str]:
    """Every import the architecture forbids, as `importer:line -> imported (rule)`."""
    problems = []
    for module, targets in sorted(edges.items()):
        for target, line in sorted(targets.items()):
            rule = None
            if _under(module, "monitor") and module not in COMPOSITION_ROOTS:
                if _under(target, "crawler") or _under(target, "feeds"):
                    rule = "monitor imports neither crawler nor feeds"
            elif _under(module, "feeds") and _under(target, "crawler"):
                rule = "feeds never imports crawler"
            elif _under(module, "crawler"):
                if _under(target, "feeds"):
                    rule = "crawler never imports feeds"
                elif any(_under(target, judge) for judge in CRAWLER_FORBIDDEN):
                    rule = "spiders fetch and parse; the monitor decides"
            if rule:
                problems.append(f"{module}:{line} -> {target} ({rule})")
    return problems


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_the_graph_is_read_from_every_kind_of_import(graph):
    edges, _ = graph
    # a top-level import, an import inside a function and a composition root's crawl
    assert "monitor.transactions" in edges["monitor.store"]
    assert "crawler.run" in edges["monitor.cli"]
    assert "feeds.export" in edges["monitor.cli"]
    assert len(edges) > 100


def test_cycles_are_found(tmp_path):
    """The checker itself: a cycle through an import inside a function, and one through
    `import_module`, are both found; relative imports are resolved."""
    package = tmp_path / "monitor"
    package.mkdir()
    for name in ("crawler", "feeds"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from monitor import b\n")
    (package / "b.py").write_text("def f():\n    from .a import x\n")
    (package / "c.py").write_text(
        "import importlib\n\ndef g():\n    importlib.import_module('monitor.d')\n"
    )
    (package / "d.py").write_text("import monitor.c\nimport crawler\n")
    edges, _ = import_graph(tmp_path)
    assert cycles(edges) == [["monitor.a", "monitor.b"], ["monitor.c", "monitor.d"]]
    assert forbidden_imports(edges) == [
        "monitor.d:2 -> crawler (monitor imports neither crawler nor feeds)"
    ]


def test_no_import_cycles(graph):
    edges, _ = graph
    found = cycles(edges)
    lines = []
    for component in found:
        members = set(component)
        lines += [
            f"  {module}:{line} -> {target}"
            for module in component
            for target, line in sorted(edges[module].items())
            if target in members
        ]
    assert not found, "import cycles:\n" + "\n".join(lines)


def test_no_forbidden_imports(graph):
    edges, _ = graph
    problems = forbidden_imports(edges)
    assert not problems, "imports the architecture forbids:\n  " + "\n  ".join(problems)


def test_monitor_uses_no_crawl_or_publishing_library(graph):
    _, external = graph
    problems = [
        f"{module} imports {library}"
        for module, libraries in sorted(external.items())
        if _under(module, "monitor") and module not in COMPOSITION_ROOTS
        for library in sorted(libraries & set(MONITOR_FORBIDDEN_LIBRARIES))
    ]
    assert not problems, problems


def test_the_composition_roots_exist(graph):
    edges, _ = graph
    assert set(COMPOSITION_ROOTS) <= set(edges)


def test_source_declarations_are_plain_data(graph):
    """`monitor.sources` is read by status, enrich, the scheduler, the crawler's settings and
    the feeds: an import of anything else from the project (or a third-party library) there
    would pull it into every one of them, and the spider it names into the monitor."""
    import sys

    edges, external = graph
    declarations = [m for m in edges if _under(m, "monitor.sources")]
    assert {"monitor.sources", "monitor.sources.pacer_rss", "monitor.sources.govinfo"} <= set(
        declarations
    )
    problems = [
        f"{module} -> {target}"
        for module in declarations
        for target in edges[module]
        if not any(_under(target, allowed) for allowed in SOURCES_ALLOWED)
    ] + [
        f"{module} imports {library}"
        for module in declarations
        for library in sorted(external[module] - set(sys.stdlib_module_names))
    ]
    assert not problems, problems
