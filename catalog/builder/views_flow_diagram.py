"""The workflow diagram of the "Flujo" section: an inline SVG drawn on the server (no JavaScript,
no external tool), with a <title> and <desc> for assistive technology. The page puts the numbered
list of transitions under it; each arrow carries the number of its line in that list.

Layout: a state's column is its distance (in transitions) from the initial state; states no path
reaches go in a last column. Arrows to a later column are straight; those going back or within a
column arc above the boxes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from catalog.builder.ops_flow import es, states, transitions

BOX_W, BOX_H = 176, 56
GAP_X, GAP_Y = 76, 40
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 34, 70, 24
LINE_CHARS = 24


@dataclass(frozen=True)
class Box:
    state_id: str
    x: int
    y: int

    @property
    def middle_y(self) -> int:
        return self.y + BOX_H // 2


def _columns(definition: Mapping[str, Any]) -> dict[str, int]:
    ids = [str(s.get("id")) for s in states(definition)]
    initial = str((definition.get("workflow") or {}).get("initial") or "")
    following: dict[str, list[str]] = {state: [] for state in ids}
    for item in transitions(definition):
        source, target = str(item.get("from")), str(item.get("to"))
        if source in following and target in following:
            following[source].append(target)
    column: dict[str, int] = {}
    if initial in following:
        column[initial] = 0
        queue = deque([initial])
        while queue:
            current = queue.popleft()
            for target in following[current]:
                if target not in column:
                    column[target] = column[current] + 1
                    queue.append(target)
    last = max(column.values(), default=-1) + 1
    for state in ids:
        column.setdefault(state, last)
    return column


def _lines(text: str) -> list[str]:
    """At most two lines of about LINE_CHARS characters (the full name is in the box's title)."""
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= LINE_CHARS or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], (lines[1] + " …")]
    return [line if len(line) <= LINE_CHARS + 2 else line[: LINE_CHARS - 1] + "…" for line in lines]


def layout(definition: Mapping[str, Any]) -> tuple[dict[str, Box], int, int]:
    column = _columns(definition)
    rows: dict[int, int] = {}
    boxes: dict[str, Box] = {}
    for state in states(definition):
        state_id = str(state.get("id"))
        col = column[state_id]
        row = rows.get(col, 0)
        rows[col] = row + 1
        boxes[state_id] = Box(
            state_id, MARGIN_X + col * (BOX_W + GAP_X), MARGIN_TOP + row * (BOX_H + GAP_Y)
        )
    width = MARGIN_X * 2 + (max(column.values(), default=0) + 1) * (BOX_W + GAP_X) - GAP_X
    height = MARGIN_TOP + max(rows.values(), default=1) * (BOX_H + GAP_Y) - GAP_Y + MARGIN_BOTTOM
    return boxes, width, height


def _edge_path(source: Box, target: Box, rank: int) -> tuple[str, float, float]:
    """The arrow's path and where its number goes. `rank` separates arrows between the same
    two boxes."""
    if source.state_id == target.state_id:
        x, y = source.x + BOX_W - 30, source.y
        return (
            f"M {x} {y} C {x - 10} {y - 40}, {x + 40} {y - 40}, {x + 20} {y}",
            x + 15,
            y - 32,
        )
    if target.x > source.x:
        x1, y1 = source.x + BOX_W, source.middle_y + rank * 8
        x2, y2 = target.x, target.middle_y + rank * 8
        # The number sits near the start: arrows leaving different boxes then never share it.
        return f"M {x1} {y1} L {x2} {y2}", x1 + (x2 - x1) * 0.3, y1 + (y2 - y1) * 0.3
    # Back (or within a column): an arc above both boxes.
    x1, y1 = source.x + BOX_W // 2 + 12, source.y
    x2, y2 = target.x + BOX_W // 2 - 12, target.y
    lift = 30 + 14 * rank + abs(x1 - x2) // 12
    top = min(y1, y2) - lift
    return (
        f"M {x1} {y1} C {x1} {top}, {x2} {top}, {x2} {y2}",
        (x1 + x2) / 2,
        top + lift * 0.25,
    )


def workflow_svg(
    definition: Mapping[str, Any], *, problem_states: Sequence[str] = ()
) -> SafeString:
    """The diagram as inline SVG markup (every text escaped). Initial state: a filled dot with an
    arrow into it; final states: a double border; states with a problem: a thicker dashed
    border and "⚠"."""
    boxes, width, height = layout(definition)
    workflow = definition.get("workflow") or {}
    initial = workflow.get("initial")
    finals = set(workflow.get("final") or [])
    items = transitions(definition)
    title = _("Diagrama del flujo")
    desc = _(
        "%(states)s estados y %(transitions)s transiciones. La lista numerada bajo el diagrama "
        "describe cada transición; cada flecha lleva su número."
    ) % {"states": len(boxes), "transitions": len(items)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flow-diagram" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="flujo-diagrama-titulo flujo-diagrama-desc">',
        f'<title id="flujo-diagrama-titulo">{escape(title)}</title>',
        f'<desc id="flujo-diagrama-desc">{escape(desc)}</desc>',
        '<defs><marker id="flujo-flecha" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" fill="#1f2937"/></marker></defs>',
    ]
    seen: dict[tuple[str, str], int] = {}
    labels = []
    for number, item in enumerate(items, start=1):
        source, target = boxes.get(str(item.get("from"))), boxes.get(str(item.get("to")))
        if source is None or target is None:
            continue
        pair = (source.state_id, target.state_id)
        rank = seen.get(pair, 0)
        seen[pair] = rank + 1
        path, lx, ly = _edge_path(source, target, rank)
        label = es(item.get("label"), str(item.get("id")))
        system = " system" if item.get("actor") == "system" else ""
        dashed = ' stroke-dasharray="5 4"' if system else ""
        parts.append(
            f'<g class="flow-edge{system}" data-transition="{escape(item.get("id"))}">'
            f"<title>{number}. {escape(label)}</title>"
            f'<path d="{path}" fill="none" stroke="#1f2937" stroke-width="1.6"'
            f'{dashed} marker-end="url(#flujo-flecha)"/>'
            "</g>"
        )
        labels.append(
            f'<g class="flow-edge-number" aria-hidden="true"><circle cx="{lx:.0f}" '
            f'cy="{ly:.0f}" r="10" fill="#fff" stroke="#1f2937"/><text x="{lx:.0f}" '
            f'y="{ly + 4:.0f}" text-anchor="middle" font-size="11">{number}</text></g>'
        )
    parts.extend(labels)
    for state in states(definition):
        state_id = str(state.get("id"))
        box = boxes[state_id]
        name = es(state.get("name"), state_id)
        classes = ["flow-state"]
        marks = []
        if state_id == initial:
            classes.append("initial")
            marks.append(_("inicial"))
        if state_id in finals:
            classes.append("final")
            marks.append(_("final"))
        problem = state_id in problem_states
        if problem:
            classes.append("problem")
            marks.append(_("con problemas"))
        full = f"{name} ({', '.join(marks)})" if marks else name
        stroke = "#b91c1c" if problem else "#1f2937"
        dash = ' stroke-dasharray="6 3"' if problem else ""
        parts.append(
            f'<g class="{" ".join(classes)}" data-state="{escape(state_id)}">'
            f"<title>{escape(full)}</title>"
            f'<rect x="{box.x}" y="{box.y}" width="{BOX_W}" height="{BOX_H}" rx="10" '
            f'fill="#f8fafc" stroke="{stroke}" stroke-width="{3 if problem else 1.6}"{dash}/>'
        )
        if state_id in finals:
            parts.append(
                f'<rect x="{box.x + 4}" y="{box.y + 4}" width="{BOX_W - 8}" '
                f'height="{BOX_H - 8}" rx="7" fill="none" stroke="{stroke}" stroke-width="1.2"/>'
            )
        if state_id == initial:
            cx = box.x - 22
            parts.append(
                f'<circle cx="{cx}" cy="{box.middle_y}" r="7" fill="#1f2937"/>'
                f'<path d="M {cx + 7} {box.middle_y} L {box.x} {box.middle_y}" stroke="#1f2937" '
                f'stroke-width="1.6" marker-end="url(#flujo-flecha)"/>'
            )
        lines = _lines(("⚠ " if problem else "") + name)
        first_y = box.middle_y + 5 - (len(lines) - 1) * 8
        for position, line in enumerate(lines):
            parts.append(
                f'<text x="{box.x + BOX_W // 2}" y="{first_y + position * 16}" '
                f'text-anchor="middle" font-size="13">{escape(line)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
