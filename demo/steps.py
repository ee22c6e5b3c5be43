"""`make demo` data: an ordered list of steps, each app adding its own. Every step is idempotent,
so running the demo twice keeps the data and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

Reporter = Callable[[str], None]

# "module.function" paths, run in this order. Later issues append their own steps.
DEMO_STEPS: list[str] = [
    "demo.governments.load_operator",
    "demo.governments.load_governments",
    "demo.jurisdictions.load_jurisdictions",
    "demo.catalog.load_catalog",
    "demo.adoptions.load_adoptions",
    "demo.citizens.load_citizen_cases",
    "demo.officers.load_officer_cases",
]

DEMO_PASSWORD = "Ventanilla-2026"  # noqa: S105  (demo only; printed by `make demo`)


@dataclass(frozen=True)
class DemoAccount:
    tenant: str
    email: str
    role: str


def run_demo_steps(report: Reporter) -> None:
    for index, dotted in enumerate(DEMO_STEPS, start=1):
        report(f"[{index}/{len(DEMO_STEPS)}] {dotted}")
        step: Callable[[Reporter], None] = import_string(dotted)
        step(report)
