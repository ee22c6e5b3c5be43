"""What a government is, as the shared apps it serves name it: its names, its entity, what its
territorial units are called, its identity provider, its agencies and its code lists.

`facts_for(government)` reads them once (two queries); `catalog.definition.variables` resolves a
definition's `{{variables}}` against them. Every write that changes a fact bumps
`Government.jurisdiction_revision` (`facts_changed`), which is part of the key under which
each process keeps effective definitions, so a change shows on the next request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.db.models import F

from tenants import inegi
from tenants.models import Agency, CodeList, Government

MUNICIPALITIES = "municipios"


@dataclass(frozen=True)
class AgencyFacts:
    key: str
    name_es: str
    name_en: str
    acronym: str

    def name(self, language: str) -> str:
        return (self.name_en or self.name_es) if language == "en" else self.name_es


@dataclass(frozen=True)
class CodeOption:
    code: str
    label_es: str
    label_en: str

    def label(self, language: str) -> str:
        return (self.label_en or self.label_es) if language == "en" else self.label_es


@dataclass(frozen=True)
class JurisdictionFacts:
    schema_name: str
    name: str
    short_name: str
    entity_code: str
    identity_provider: str
    contact_email: str
    contact_phone: str
    agencies: Mapping[str, AgencyFacts] = field(default_factory=lambda: MappingProxyType({}))
    # Lists the government maintains itself (its offices…), by key; municipalities are read
    # from INEGI's catalogue on demand (`code_list`).
    own_lists: Mapping[str, tuple[CodeOption, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def entity_name(self, language: str) -> str:
        return inegi.entity_name(self.entity_code, language)

    def territorial_unit(self, language: str, *, plural: bool = False) -> str:
        return inegi.territorial_unit(self.entity_code, language, plural=plural)

    def code_list(self, key: str) -> tuple[CodeOption, ...] | None:
        """The options of list `key` on this government's site; None when it has no such list."""
        if key == MUNICIPALITIES:
            return (
                tuple(
                    CodeOption(code, name, name)
                    for code, name in inegi.municipalities(self.entity_code)
                )
                or None
            )
        return self.own_lists.get(key)


def facts_for(government: Government) -> JurisdictionFacts:
    agencies = {
        agency.key: AgencyFacts(agency.key, agency.name_es, agency.name_en, agency.acronym)
        for agency in Agency.objects.filter(government=government)
    }
    own_lists = {
        code_list.key: tuple(
            CodeOption(item.code, item.label_es, item.label_en) for item in code_list.items.all()
        )
        for code_list in CodeList.objects.filter(government=government).prefetch_related("items")
    }
    return JurisdictionFacts(
        schema_name=government.schema_name,
        name=government.name,
        short_name=government.display_name or government.name,
        entity_code=government.inegi_code,
        identity_provider=government.identity_provider_name,
        contact_email=government.contact_email,
        contact_phone=government.contact_phone,
        agencies=MappingProxyType(agencies),
        own_lists=MappingProxyType(own_lists),
    )


def facts_changed(government: Government) -> None:
    """Call inside the transaction of any write to a government's facts, agencies or lists."""
    Government.objects.filter(pk=government.pk).update(
        jurisdiction_revision=F("jurisdiction_revision") + 1
    )
    government.refresh_from_db(fields=["jurisdiction_revision"])
