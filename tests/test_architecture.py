"""The house's rules (docs/architecture.md), read from the code's own imports: imports point down
the floors, the kernel imports no app, the citizen's and the officer's packages never import each
other, nothing imports the demo, no module imports itself back through others, and no source file
outgrows 600 lines. Reading files as text needs no database."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = ("config", "core", "tenants", "catalog", "apps_registry", "cases", "demo")
MAX_LINES = 600

# Lowest first. A module belongs to the longest prefix that names it.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("tenants",),
    ("catalog",),
    ("apps_registry",),
    ("cases",),
    ("cases.outputs",),
    ("cases.filing", "cases.office"),
    ("config", "demo"),
)

# The only imports that climb, each with its reason in docs/architecture.md.
ALLOWED_UPWARD = {
    ("catalog.backoffice.views", "apps_registry.selectors"),
    # The builder's "Publicar" page lists the governments that will see "actualización
    # disponible", from the same aggregate read as the app's page above.
    ("catalog.builder.views_publish", "apps_registry.selectors"),
    ("cases.management.commands.apply_ficta", "cases.office.ficta"),
    # A government declares the facts the shared definition format names (its agency keys) and
    # its back office shows what each of the format's variables reads as on its site.
    ("tenants.jurisdiction_services", "catalog.definition.vocabulary"),
    ("tenants.backoffice.facts", "catalog.definition.vocabulary"),
    ("tenants.backoffice.facts", "catalog.definition.variables"),
}


def _modules() -> Iterator[tuple[str, Path]]:
    for folder in SOURCE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


MODULES = dict(_modules())


def _imports(name: str, path: Path) -> set[str]:
    """The project modules `name` imports (at any depth of the file: a function-level import
    is still a dependency)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _floor(module: str) -> int:
    best, best_length = -1, -1
    for level, prefixes in enumerate(FLOORS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = level, len(prefix)
    return best


def _group(module: str) -> str:
    for prefixes in FLOORS[::-1]:
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                return prefix
    return module


def test_every_module_has_a_floor():
    assert [module for module in MODULES if _floor(module) < 0] == []


def test_imports_point_down_but_for_the_named_exceptions():
    upward = {
        (module, target)
        for module, targets in GRAPH.items()
        for target in targets
        if _floor(target) > _floor(module)
    }
    assert upward == ALLOWED_UPWARD


def test_the_citizen_and_the_officer_packages_never_import_each_other():
    crossing = {
        (module, target)
        for module, targets in GRAPH.items()
        for target in targets
        if _floor(module) == _floor(target) == len(FLOORS) - 2 and _group(module) != _group(target)
    }
    assert crossing == set()


def test_nothing_imports_the_demo_or_the_project_package():
    importers = {
        (module, target)
        for module, targets in GRAPH.items()
        for target in targets
        if _group(target) in {"demo", "config"} and _group(module) != _group(target)
    }
    assert importers == set()


def test_no_import_loops():
    # Tarjan's strongly connected components over the module graph.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
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
                loops.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert loops == []


def test_source_files_stay_under_600_lines():
    long_files = {
        str(path.relative_to(ROOT)): lines
        for path in MODULES.values()
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_LINES
    }
    assert long_files == {}
