"""The definition package's import graph: field types never import the rules (the old loop
field_types ↔ rules), the kernel imports no app, and no field-type module grows past 600 lines."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import catalog.definition.field_types as field_types_package
from catalog.definition import answers, jsonable_answers, validate_answers
from catalog.definition import field_types as field_types_module

ROOT = Path(__file__).resolve().parents[3]


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def _imports(path: Path) -> set[str]:
    """Modules a file imports, anywhere in it (function-level imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _module_path(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def test_field_types_do_not_import_rules() -> None:
    """Follow the imports of the field-type modules inside catalog.definition: rules.py and
    answers.py are never reached, only the modules below. (The packages' __init__ files are
    not followed: catalog.definition re-exports everything.)"""
    seen: set[str] = set()
    pending = [
        f"catalog.definition.field_types.{path.stem}"
        for path in Path(field_types_package.__file__).parent.glob("*.py")
        if path.stem != "__init__"
    ]
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _module_path(module)
        if path is not None and module != "catalog.definition":
            pending.extend(name for name in _imports(path) if name.startswith("catalog.definition"))
    reached = {name for name in seen if _module_path(name) is not None}
    assert "catalog.definition.rules" not in reached
    assert "catalog.definition.answers" not in reached
    assert reached == {
        "catalog.definition.errors",
        "catalog.definition.patterns",
        "catalog.definition.vocabulary",
        "catalog.definition.field_types.address",
        "catalog.definition.field_types.base",
        "catalog.definition.field_types.choice",
        "catalog.definition.field_types.code_list",
        "catalog.definition.field_types.file",
        "catalog.definition.field_types.identity",
        "catalog.definition.field_types.numbers",
        "catalog.definition.field_types.text",
    }
    # And the other way round, rules import the field types at module level (no lazy import).
    assert "catalog.definition.field_types" in _imports(ROOT / "catalog/definition/rules.py")


def test_identifiers_import_no_app() -> None:
    loaded = _modules_after_import("core.identifiers")
    assert not {name for name in loaded if name.split(".")[0] in {"catalog", "cases", "tenants"}}
    assert not {name for name in loaded if name.startswith("apps_registry")}


def test_core_accounts_services_do_not_use_the_field_types() -> None:
    source = (ROOT / "core" / "accounts" / "services.py").read_text(encoding="utf-8")
    assert "catalog.definition" not in source


def test_old_names_still_work() -> None:
    assert validate_answers is answers.validate_answers
    assert jsonable_answers is answers.jsonable_answers
    assert field_types_module.ADDRESS_PARTS[0][0] == "calle"


def test_field_type_modules_stay_small() -> None:
    package = Path(field_types_package.__file__).parent
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in package.glob("*.py")
    }
    assert {"base.py", "text.py", "numbers.py", "choice.py", "identity.py", "address.py"} <= set(
        sizes
    )
    assert max(sizes.values()) < 600, sizes
