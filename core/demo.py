"""`make demo` data: an ordered list of steps, each app adding its own. Every step is idempotent,
so running the demo twice keeps the data and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

Reporter = Callable[[str], None]

# "module.function" paths, run in this order. Later issues append their own steps.
DEMO_STEPS: list[str] = [
    "tenants.demo.load_operator",
    "tenants.demo.load_governments",
    "catalog.demo.load_catalog",
    "apps_registry.demo.load_adoptions",
    "cases.demo.load_citizen_cases",
    "cases.demo_officers.load_officer_cases",
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
