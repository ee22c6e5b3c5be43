"""What every benchmark module writes to: progress lines while it works, figures for the table.

A benchmark module is a module with `run(report: Report) -> None`; it calls
`report.progress("…")` on long work and `report.figure(...)` for each result.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    section: str
    label: str
    value: float | str
    unit: str = ""
    goal: str = ""
    # "yes"/"no" when the figure has a goal it can be checked against, "" otherwise.
    met: str = ""
    note: str = ""


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    section: str = ""
    _started: float = field(default_factory=time.monotonic)

    def start_section(self, title: str) -> None:
        self.section = title
        self.progress(title)

    def progress(self, message: str) -> None:
        elapsed = time.monotonic() - self._started
        print(f"  [{elapsed:6.1f} s] {message}", flush=True)

    def figure(
        self,
        label: str,
        value: float | str,
        unit: str = "",
        goal: str = "",
        *,
        met: bool | None = None,
        note: str = "",
    ) -> None:
        self.figures.append(
            Figure(
                section=self.section,
                label=label,
                value=value,
                unit=unit,
                goal=goal,
                met="" if met is None else ("yes" if met else "NO"),
                note=note,
            )
        )

    # Calling the report itself records a figure, for modules that prefer report("…", 1.0, "s").
    __call__ = figure

    def print_table(self, heading: list[tuple[str, str]]) -> None:
        out = sys.stdout
        out.write("\n")
        for key, value in heading:
            out.write(f"{key:<22}{value}\n")
        rows = [("", "figure", "value", "unit", "goal", "met")]
        section = None
        for fig in self.figures:
            if fig.section != section:
                section = fig.section
                rows.append((section, "", "", "", "", ""))
            rows.append(("", fig.label, _format(fig.value), fig.unit, fig.goal, fig.met))
        widths = [max(len(row[i]) for row in rows) for i in range(1, 6)]
        rule = "-" * (sum(widths) + 3 * 4 + 2)
        out.write(rule + "\n")
        for row in rows:
            if row[0]:
                out.write(f"{row[0]}\n")
                continue
            label, value, unit, goal, met = row[1:]
            out.write(
                f"  {label:<{widths[0]}} | {value:>{widths[1]}} | {unit:<{widths[2]}} | "
                f"{goal:<{widths[3]}} | {met}\n"
            )
            if row is rows[0]:
                out.write(rule + "\n")
        out.write(rule + "\n")
        notes = [f for f in self.figures if f.note]
        for fig in notes:
            out.write(f"  * {fig.label}: {fig.note}\n")
        out.flush()


def _format(value: float | str) -> str:
    if isinstance(value, str):
        return value
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
