"""The portability report in templates: `{% portability_block version.portability %}` shows a
version's score and, by JSON pointer, each text that names its publisher's jurisdiction
(catalog.portability), with a hint for the publisher or a note for an adopting government."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from catalog import portability
from core.i18n import content_language

register = template.Library()

KIND_LABELS = {
    portability.NAME: _("nombre del gobierno"),
    portability.ENTITY: _("entidad federativa"),
    portability.TERRITORIAL_UNIT: _("municipio o alcaldía"),
    portability.UNIT_WORD: _("nombre de la unidad territorial"),
    portability.AGENCY: _("dependencia"),
    portability.ACRONYM: _("siglas de dependencia"),
    portability.DOMAIN: _("dominio"),
    portability.IDENTITY_PROVIDER: _("servicio de identidad"),
}
AUDIENCES = ("publisher", "adopter")


@dataclass(frozen=True)
class FindingRow:
    pointer: str
    language: str
    term: str
    kind: str
    excerpt: str
    hint: str
    link: str = ""  # the page that edits this text (the builder's), when given


@register.inclusion_tag("catalog/_portability.html")
def portability_block(
    report: Any,
    audience: str = "publisher",
    level: int = 2,
    anchor: str = "portabilidad",
    links: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """`report` is `AppVersion.portability` ({} when never computed: shown as such). `links`
    maps a finding's pointer to the page that edits it (the builder gives them)."""
    links = links if isinstance(links, Mapping) else {}
    language = content_language()
    report = report if isinstance(report, Mapping) else {}
    rows = [
        FindingRow(
            pointer=str(item.get("pointer", "")),
            language=str(item.get("language", "")),
            term=str(item.get("term", "")),
            kind=str(KIND_LABELS.get(item.get("kind", ""), item.get("kind", ""))),
            excerpt=str(item.get("excerpt", "")),
            hint=portability.hint(str(item.get("kind", "")), language),
            link=links.get(f"{item.get('pointer', '')}/{item.get('language', '')}")
            or links.get(str(item.get("pointer", "")), ""),
        )
        for item in report.get("findings") or []
        if isinstance(item, Mapping)
    ]
    return {
        "computed": "score" in report,
        "score": report.get("score"),
        "texts": report.get("texts", 0),
        "flagged": len({row.pointer for row in rows}),
        "rows": rows,
        "audience": audience if audience in AUDIENCES else "publisher",
        "heading": f"h{min(max(int(level), 2), 4)}",
        "anchor": anchor,
    }
