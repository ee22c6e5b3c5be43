"""A convenio that is suspended or terminated governs the apps adopted under it: they cannot go
live again, resume or upgrade; they stay as they are until the notice period ends; both
governments' back offices say so."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from apps_registry import errors
from apps_registry.models import EnabledApp, EnabledAppStatus
from apps_registry.selectors import agreement_standing, filing_until
from apps_registry.services import (
    enabled_app_enable,
    enabled_app_go_live,
    enabled_app_pause,
    enabled_app_resume,
    enabled_app_upgrade,
)
from catalog.models import Agreement, AppVersion
from catalog.services import agreement_resume, agreement_suspend, agreement_terminate
from core.errors import ApplicationError
from core.models import Role
from core.templatetags.mx import fecha
from tenants.services import government_onboard
from tests.apps_registry.conftest import REQUIRED_VALUES, inside
from tests.apps_registry.test_views import signed_in  # noqa: F401  (fixture)
from tests.conftest import TEST_PASSWORD, TenantFixture


@pytest.fixture
def adopted(cdmx, sonora, publish, make_agreement, admin_actor) -> dict[str, Any]:
    """CDMX shares an app under convenio; Sonora enabled it LIVE at 1.0.0; 1.1.0 is out."""
    first = publish(cdmx, "constancia-convenio", policy="agreement")
    agreement = make_agreement(cdmx, sonora)
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=first.app,
            version=first,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
    newer = publish(cdmx, "constancia-convenio", version="1.1.0", policy="agreement")
    return {"enabled": enabled, "agreement": agreement, "newer": newer}


def _end(agreement: Agreement, publisher_actor: Any, how: str = "terminate") -> Agreement:
    service = agreement_terminate if how == "terminate" else agreement_suspend
    return service(agreement=agreement, actor=publisher_actor, reason="Fin de la colaboración")


def _codes(refused: pytest.ExceptionInfo[ApplicationError]) -> list[tuple[str, str]]:
    return [(e.code, e.location) for e in refused.value.errors]


@pytest.mark.parametrize("how", ["terminate", "suspend"])
def test_an_ended_convenio_blocks_going_live(sonora, adopted, publisher_actor, admin_actor, how):
    draft = adopted["enabled"]
    with inside(sonora):
        # Back to "configurando", as an app enabled without its values would be.
        EnabledApp.objects.filter(pk=draft.pk).update(status=EnabledAppStatus.DRAFT)
    _end(adopted["agreement"], publisher_actor, how)

    with inside(sonora), pytest.raises(ApplicationError) as refused:
        enabled_app_go_live(enabled_app=draft, actor=admin_actor)

    assert _codes(refused) == [(errors.AGREEMENT_ENDED, "agreement")]
    with inside(sonora):
        assert EnabledApp.objects.get(pk=draft.pk).status == EnabledAppStatus.DRAFT


def test_a_terminated_convenio_blocks_resuming(sonora, adopted, publisher_actor, admin_actor):
    with inside(sonora):
        enabled_app_pause(enabled_app=adopted["enabled"], actor=admin_actor)
    _end(adopted["agreement"], publisher_actor)

    with inside(sonora), pytest.raises(ApplicationError) as refused:
        enabled_app_resume(enabled_app=adopted["enabled"], actor=admin_actor)

    assert _codes(refused) == [(errors.AGREEMENT_ENDED, "agreement")]
    message = refused.value.errors[0].message_es
    assert "terminó el" in message and "Se puede presentar hasta el" in message
    with inside(sonora):
        assert EnabledApp.objects.get(pk=adopted["enabled"].pk).status == EnabledAppStatus.PAUSED


def test_a_terminated_convenio_blocks_upgrading(sonora, adopted, publisher_actor, admin_actor):
    _end(adopted["agreement"], publisher_actor)

    with inside(sonora), pytest.raises(ApplicationError) as refused:
        enabled_app_upgrade(
            enabled_app=adopted["enabled"], to_version=adopted["newer"], actor=admin_actor
        )

    assert _codes(refused) == [(errors.AGREEMENT_ENDED, "agreement")]
    with inside(sonora):
        assert EnabledApp.objects.get(pk=adopted["enabled"].pk).version.version == "1.0.0"


def test_a_live_app_stays_live_until_the_notice_period_ends(sonora, adopted, publisher_actor):
    terminated = _end(adopted["agreement"], publisher_actor)
    today = timezone.localdate()

    with inside(sonora):
        enabled = EnabledApp.objects.select_related("catalog_app").get(pk=adopted["enabled"].pk)
        standing = agreement_standing(enabled)
        assert enabled.status == EnabledAppStatus.LIVE
        assert filing_until(enabled) == today + datetime.timedelta(days=30)
    assert terminated.filing_until == today + datetime.timedelta(days=30)
    assert standing.may_go_live is False
    assert standing.ended is not None and standing.ended.status == "terminated"


def test_resuming_a_suspended_convenio_lets_apps_go_live_again(
    sonora, adopted, publisher_actor, admin_actor
):
    with inside(sonora):
        enabled_app_pause(enabled_app=adopted["enabled"], actor=admin_actor)
    suspended = _end(adopted["agreement"], publisher_actor, "suspend")
    agreement_resume(agreement=suspended, actor=publisher_actor)

    with inside(sonora):
        resumed = enabled_app_resume(enabled_app=adopted["enabled"], actor=admin_actor)
        assert filing_until(resumed) is None
    assert resumed.status == EnabledAppStatus.LIVE


def test_a_public_app_of_the_same_publisher_is_not_governed(
    cdmx, sonora, adopted, publish, publisher_actor, admin_actor
):
    public: AppVersion = publish(cdmx, "constancia-publica")
    with inside(sonora):
        enabled = enabled_app_enable(
            government=sonora.government,
            app=public.app,
            version=public,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )
        enabled_app_pause(enabled_app=enabled, actor=admin_actor)
    _end(adopted["agreement"], publisher_actor)

    with inside(sonora):
        assert enabled_app_resume(enabled_app=enabled, actor=admin_actor).status == "live"
        assert filing_until(enabled) is None


def _notice(agreement: Agreement) -> str:
    with translation.override("es-mx"):
        return (
            f"Convenio terminado el {fecha(timezone.localdate())}; se puede presentar hasta el "
            f"{fecha(agreement.filing_until)}."
        )


def test_both_governments_back_offices_show_the_end_and_the_last_filing_day(
    cdmx,
    sonora,
    adopted,
    publisher_actor,
    signed_in,  # noqa: F811
):
    terminated = _end(adopted["agreement"], publisher_actor)
    notice = _notice(terminated)

    sonora_client = signed_in(sonora)
    enabled_list = sonora_client.get("/gestion/tramites/").content.decode()
    catalogue = sonora_client.get("/gestion/catalogo/").content.decode()
    publisher = signed_in(cdmx, roles=(Role.PUBLISHER,)).get("/gestion/publicacion/")

    assert notice in enabled_list
    ended_section = enabled_list.split("Trámites de convenios que ya no están vigentes")[1]
    assert f'href="/gestion/tramites/{adopted["enabled"].public_id}/"' in ended_section
    assert notice in catalogue
    assert "Motivo: Fin de la colaboración" in catalogue
    assert notice in publisher.content.decode()


def test_lists_say_nothing_while_the_convenio_is_in_force(cdmx, sonora, adopted, signed_in):  # noqa: F811
    enabled_list = signed_in(sonora).get("/gestion/tramites/").content.decode()
    publisher = signed_in(cdmx, roles=(Role.PUBLISHER,)).get("/gestion/publicacion/")

    assert "Convenio terminado" not in enabled_list
    assert "Vigente" in publisher.content.decode()
    assert "Convenio terminado" not in publisher.content.decode()


def test_a_third_government_sees_nothing_of_the_ended_convenio_and_cannot_use_it(
    cdmx,
    sonora,
    adopted,
    publisher_actor,
    signed_in,  # noqa: F811
):
    yucatan = TenantFixture(
        government=government_onboard(
            slug="yucatan",
            name="Gobierno del Estado de Yucatán",
            domain="yucatan.localhost",
            admin_email="admin@yucatan.gob.mx",
            admin_password=TEST_PASSWORD,
            inegi_code="31",
        ).government,
        domain="yucatan.localhost",
        admin_email="admin@yucatan.gob.mx",
    )
    terminated = _end(adopted["agreement"], publisher_actor)
    bulk_url = f"/gestion/convenios/{terminated.public_id}/habilitar-todos/"

    client = signed_in(yucatan, roles=(Role.ADMINISTRATOR, Role.PUBLISHER))
    pages = [
        client.get(url).content.decode()
        for url in ("/gestion/catalogo/", "/gestion/tramites/", "/gestion/publicacion/")
    ]

    for html in pages:
        assert terminated.title not in html
        assert "Convenio terminado" not in html
    assert client.get(bulk_url).status_code == 404
    # Nor can the adopter itself bulk-enable under a convenio that ended.
    assert signed_in(sonora).get(bulk_url).status_code == 404
