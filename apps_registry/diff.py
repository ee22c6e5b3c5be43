"""What an upgrade means for an adopter: the structural diff between two versions and its effect
on the adopter's local values (both pure, in catalog.definition.diff, which the publisher's builder
reads too), and its effect on the adopter's own wording (here: it reads the adaptations).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from apps_registry.adaptations import adaptable_texts, source_changed
from catalog.definition.diff import (
    Change,
    DefinitionDiff,
    DiffItem,
    DiffSection,
    LocalValuesImpact,
    OverrideRef,
    definition_diff,
    display_value,
    local_values_impact,
)

__all__ = [
    "AdaptationReview",
    "AdaptationsImpact",
    "Change",
    "DefinitionDiff",
    "DiffItem",
    "DiffSection",
    "LocalValuesImpact",
    "OverrideRef",
    "adaptations_impact",
    "definition_diff",
    "display_value",
    "local_values_impact",
]


# --- the adopter's own wording ----------------------------------------------------------------


@dataclass(frozen=True)
class AdaptationReview:
    """One of the adopter's own texts whose publisher's source changed or went upstream."""

    pointer: str
    location_es: str
    location_en: str
    # The adopter's text, the publisher's text it was written against, and the new one (None:
    # the new version no longer has an adaptable text there).
    text: Mapping[str, str]
    source: Mapping[str, str]
    new_source: Mapping[str, str] | None

    @property
    def removed(self) -> bool:
        return self.new_source is None

    def location(self, language: str) -> str:
        return self.location_en if language == "en" else self.location_es


@dataclass
class AdaptationsImpact:
    """What an upgrade means for the adopter's own wording: never silently lost or kept."""

    # Pointers whose source is the same in the new version: kept as they are.
    kept: list[str] = field(default_factory=list)
    # Those the adopter reviews after upgrading (kept, rewritten or dropped).
    to_review: list[AdaptationReview] = field(default_factory=list)


def adaptations_impact(
    adaptations: Mapping[str, Any], old: Mapping[str, Any], new: Mapping[str, Any]
) -> AdaptationsImpact:
    impact = AdaptationsImpact()
    old_texts = {item.pointer: item for item in adaptable_texts(old)}
    new_texts = {item.pointer: item for item in adaptable_texts(new)}
    for pointer, adaptation in adaptations.items():
        now = new_texts.get(pointer)
        if not source_changed(adaptation, now):
            impact.kept.append(pointer)
            continue
        where = now or old_texts.get(pointer)
        impact.to_review.append(
            AdaptationReview(
                pointer=pointer,
                location_es=where.location_es if where else pointer,
                location_en=where.location_en if where else pointer,
                text=adaptation.get("text") or {},
                source=adaptation.get("source") or {},
                new_source=now.text if now else None,
            )
        )
    return impact
