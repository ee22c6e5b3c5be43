"""The demo step that gives each government its identity service and agencies."""

from __future__ import annotations

from demo.jurisdictions import JURISDICTIONS, jurisdiction_facts_load
from tenants.jurisdiction import facts_for
from tenants.models import Agency


def test_facts_load_writes_each_governments_own_agencies_and_bumps_the_revision_once(
    sonora, cdmx
) -> None:
    before = sonora.government.jurisdiction_revision

    changed = jurisdiction_facts_load(sonora.government)
    again = jurisdiction_facts_load(sonora.government)
    sonora.government.refresh_from_db()
    facts = facts_for(sonora.government)

    assert (changed, again) == (True, False)
    assert sonora.government.jurisdiction_revision == before + 1
    assert sonora.government.identity_provider_name == "Llave Sonora"
    assert Agency.objects.filter(government=sonora.government).count() == len(
        JURISDICTIONS["sonora"][1]
    )
    assert facts.identity_provider == "Llave Sonora"
    assert not Agency.objects.filter(government=cdmx.government).exists()


def test_no_adopter_names_a_cdmx_agency() -> None:
    cdmx_acronyms = {acronym for _es, _en, acronym in JURISDICTIONS["cdmx"][1].values()}
    for slug in ("sonora", "yucatan"):
        provider, agencies = JURISDICTIONS[slug]
        assert "CDMX" not in provider
        assert not {acronym for _es, _en, acronym in agencies.values()} & (
            cdmx_acronyms - {"SSP", "SCG"}
        )
