"""The government's own wording of an adopted app (apps_registry.adaptations and
adaptation_services): which texts are adaptable, refusals with located errors and nothing saved,
the effective definition, and what an upgrade does to each adaptation."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from apps_registry import errors
from apps_registry.adaptation_services import (
    enabled_app_adapt,
    enabled_app_adaptations_save,
    enabled_app_keep_adaptation,
    enabled_app_unadapt,
)
from apps_registry.adaptations import adaptable_texts, apply_adaptations
from apps_registry.diff import adaptations_impact
from apps_registry.models import EnabledApp, EnabledAppAction, EnabledAppEvent
from apps_registry.selectors import enabled_app_definition
from apps_registry.services import enabled_app_enable, enabled_app_upgrade
from catalog.definition.errors import DefinitionErrorCode
from core.errors import ApplicationError
from tests.apps_registry.conftest import REQUIRED_VALUES, definition_with_overrides, inside

TITLE = "/form/steps/0/title"
LABEL = "/form/steps/0/fields/0/label"
CITIZEN_NAME = "/metadata/citizen_name"


def _codes(exc: pytest.ExceptionInfo[ApplicationError]) -> list[tuple[str, str]]:
    return [(error.code, error.location) for error in exc.value.errors]


@pytest.fixture
def adopted(cdmx, sonora, publish, admin_actor) -> EnabledApp:
    version = publish(cdmx, "constancia-prueba")
    with inside(sonora):
        return enabled_app_enable(
            government=sonora.government,
            app=version.app,
            version=version,
            local_values=REQUIRED_VALUES,
            actor=admin_actor,
        )


def _saved_state(enabled: EnabledApp) -> tuple[Any, ...]:
    enabled.refresh_from_db()
    return (
        copy.deepcopy(enabled.adaptations),
        EnabledAppEvent.objects.filter(
            action__in=[EnabledAppAction.ADAPTED, EnabledAppAction.ADAPTATION_REVIEWED]
        ).count(),
    )


# --- which texts ----------------------------------------------------------------------------------


def test_adaptable_texts_are_the_citizen_visible_ones_with_their_location():
    definition = definition_with_overrides()
    definition["rules"] = [
        {
            "id": "siempre",
            "effect": "show",
            "target": "nombre",
            "when": True,
            "description": {"es-MX": "Regla interna"},
        }
    ]
    definition["form"]["steps"][0]["fields"][0]["help"] = {"es-MX": "Como en tu INE"}

    texts = {item.pointer: item for item in adaptable_texts(definition)}

    assert texts["/form/steps/0/fields/0/help"].location_es == (
        "Paso «Datos» › Pregunta «Nombre» › texto de ayuda"
    )
    assert texts["/form/steps/0/fields/0/help"].location_en == (
        "Step 'Details' › Question 'Name' › help text"
    )
    assert texts[TITLE].group_es == "Paso «Datos»"
    assert {CITIZEN_NAME, "/metadata/description", LABEL, "/workflow/states/0/name"} <= set(texts)
    # rules, override points, place-bound agency and override targets are not adaptable
    assert not [p for p in texts if p.startswith(("/rules", "/overrides", "/metadata/agency"))]
    assert "/metadata/name" not in texts  # an override target: a local value
    assert "/fees/concepts/0/concept" not in texts  # inside the "fees" override target


def test_apply_adaptations_replaces_only_adaptable_texts_and_leaves_the_input_alone():
    definition = definition_with_overrides()
    original = copy.deepcopy(definition)

    effective = apply_adaptations(
        definition,
        {
            TITLE: {"text": {"es-MX": "Tus datos en {{entidad.nombre}}"}},
            "/metadata/name": {"text": {"es-MX": "Por aquí no"}},
            "/form/steps/0/fields/0/type": {"text": {"es-MX": "Tampoco"}},
            "/form/steps/9/title": {"text": {"es-MX": "Ya no existe"}},
            LABEL: {"text": {"es-MX": "  "}},
        },
    )

    assert effective["form"]["steps"][0]["title"] == {"es-MX": "Tus datos en {{entidad.nombre}}"}
    assert effective["metadata"]["name"] == original["metadata"]["name"]
    assert effective["form"]["steps"][0]["fields"][0]["type"] == "text"
    assert (
        effective["form"]["steps"][0]["fields"][0]["label"]
        == original["form"]["steps"][0]["fields"][0]["label"]
    )
    assert definition == original


# --- adapting -----------------------------------------------------------------------------------


def test_adapt_stores_the_source_audits_and_shows_resolved(sonora, adopted, admin_actor):
    with inside(sonora):
        enabled_app_adapt(
            enabled_app=adopted,
            pointer=TITLE,
            text={"es-MX": " Tus datos en {{entidad.nombre}} ", "en": "Your details"},
            actor=admin_actor,
        )

        adopted.refresh_from_db()
        assert adopted.adaptations == {
            TITLE: {
                "text": {"es-MX": "Tus datos en {{entidad.nombre}}", "en": "Your details"},
                "source": {"es-MX": "Datos", "en": "Details"},
                "source_changed": False,
            }
        }
        event = EnabledAppEvent.objects.get(action=EnabledAppAction.ADAPTED)
        assert event.actor_email == "admin@sonora.gob.mx"
        assert event.data == {
            "pointer": TITLE,
            "before": None,
            "after": {"es-MX": "Tus datos en {{entidad.nombre}}", "en": "Your details"},
        }
        effective = enabled_app_definition(adopted)
        assert effective["form"]["steps"][0]["title"] == {
            "es-MX": "Tus datos en Sonora",
            "en": "Your details",
        }

        enabled_app_unadapt(enabled_app=adopted, pointer=TITLE, actor=admin_actor)
        adopted.refresh_from_db()
        assert adopted.adaptations == {}
        assert enabled_app_definition(adopted)["form"]["steps"][0]["title"] == {
            "es-MX": "Datos",
            "en": "Details",
        }
        assert EnabledAppEvent.objects.filter(action=EnabledAppAction.ADAPTED).count() == 2


@pytest.mark.parametrize(
    ("pointer", "code"),
    [
        ("/form/steps/0/fields/0/type", errors.ADAPTATION_NOT_ADAPTABLE),
        ("/form/steps/0/fields/0/id", errors.ADAPTATION_NOT_ADAPTABLE),
        ("/workflow/transitions/0/to", errors.ADAPTATION_NOT_ADAPTABLE),
        ("/fees/concepts/0/amount", errors.ADAPTATION_NOT_ADAPTABLE),
        ("/overrides/0/label", errors.ADAPTATION_NOT_ADAPTABLE),
        ("/metadata/name", errors.ADAPTATION_NOT_ADAPTABLE),
        ("/form/steps/7/title", errors.ADAPTATION_POINTER_UNKNOWN),
        ("/no/existe", errors.ADAPTATION_POINTER_UNKNOWN),
        ("form/steps/0/title", errors.ADAPTATION_POINTER_UNKNOWN),
    ],
)
def test_structure_and_unknown_pointers_are_refused_and_nothing_is_saved(
    sonora, adopted, admin_actor, pointer, code
):
    with inside(sonora):
        before = _saved_state(adopted)
        with pytest.raises(ApplicationError) as refused:
            enabled_app_adapt(
                enabled_app=adopted, pointer=pointer, text={"es-MX": "Texto"}, actor=admin_actor
            )
        assert _codes(refused) == [(code, pointer)]
        assert refused.value.errors[0].message_en
        assert _saved_state(adopted) == before


def test_an_empty_spanish_text_and_an_unknown_variable_are_located_and_nothing_is_saved(
    sonora, adopted, admin_actor
):
    with inside(sonora):
        before = _saved_state(adopted)
        with pytest.raises(ApplicationError) as refused:
            enabled_app_adaptations_save(
                enabled_app=adopted,
                changes={
                    TITLE: {"es-MX": "Bien escrito"},
                    LABEL: {"es-MX": "  ", "en": "Name"},
                    CITIZEN_NAME: {"es-MX": "Trámite en {{entidad.capital}}"},
                },
                actor=admin_actor,
            )

        assert _codes(refused) == [
            (errors.ADAPTATION_TEXT_REQUIRED, f"{LABEL}/es-MX"),
            (str(DefinitionErrorCode.UNKNOWN_VARIABLE), f"{CITIZEN_NAME}/es-MX"),
        ]
        assert _saved_state(adopted) == before  # not even the good one


def test_a_text_equal_to_the_publishers_is_no_adaptation(sonora, adopted, admin_actor):
    with inside(sonora):
        enabled_app_adapt(
            enabled_app=adopted,
            pointer=TITLE,
            text={"es-MX": "Datos", "en": "Details"},
            actor=admin_actor,
        )
        adopted.refresh_from_db()
        assert adopted.adaptations == {}
        with pytest.raises(ApplicationError) as refused:
            enabled_app_unadapt(enabled_app=adopted, pointer=TITLE, actor=admin_actor)
        assert _codes(refused) == [(errors.ADAPTATION_NOT_FOUND, TITLE)]


# --- upgrades -----------------------------------------------------------------------------------


def _new_version(cdmx, publish, change) -> Any:
    definition = definition_with_overrides()
    change(definition)
    return publish(cdmx, "constancia-prueba", definition=definition, version="1.1.0")


def _adapt_title_and_label(sonora, adopted, admin_actor) -> None:
    with inside(sonora):
        enabled_app_adaptations_save(
            enabled_app=adopted,
            changes={TITLE: {"es-MX": "Tus datos"}, LABEL: {"es-MX": "Nombre completo"}},
            actor=admin_actor,
        )


def test_an_adaptation_survives_an_upgrade_when_its_source_is_unchanged(
    cdmx, sonora, publish, adopted, admin_actor
):
    _adapt_title_and_label(sonora, adopted, admin_actor)
    newer = _new_version(
        cdmx, publish, lambda d: d["metadata"].update(description={"es-MX": "Otra descripción"})
    )

    with inside(sonora):
        adopted.refresh_from_db()
        impact = adaptations_impact(
            adopted.adaptations, adopted.version.definition, newer.definition
        )
        assert impact.kept == [TITLE, LABEL]
        assert impact.to_review == []
        enabled_app_upgrade(enabled_app=adopted, to_version=newer, actor=admin_actor)

        adopted.refresh_from_db()
        assert adopted.version == newer
        assert [a["source_changed"] for a in adopted.adaptations.values()] == [False, False]
        effective = enabled_app_definition(adopted)
        assert effective["form"]["steps"][0]["title"] == {"es-MX": "Tus datos"}
        upgraded = EnabledAppEvent.objects.get(action=EnabledAppAction.UPGRADED)
        assert upgraded.data["adaptations_to_review"] == []


def _upgrade_with_title_changed_and_label_removed(cdmx, sonora, publish, adopted, admin_actor):
    _adapt_title_and_label(sonora, adopted, admin_actor)

    def change(definition: dict[str, Any]) -> None:
        definition["form"]["steps"][0]["title"] = {"es-MX": "Datos de la persona"}
        del definition["form"]["steps"][0]["fields"][0]["label"]["en"]
        # the label is now an override point: no longer adaptable
        definition["overrides"].append(
            {
                "key": "etiqueta",
                "type": "translatable",
                "required": False,
                "label": {"es-MX": "Etiqueta"},
                "target": LABEL,
            }
        )

    newer = _new_version(cdmx, publish, change)
    with inside(sonora):
        adopted.refresh_from_db()
        impact = adaptations_impact(
            adopted.adaptations, adopted.version.definition, newer.definition
        )
        assert impact.kept == []
        assert [(r.pointer, r.removed) for r in impact.to_review] == [
            (TITLE, False),
            (LABEL, True),
        ]
        assert impact.to_review[0].new_source == {"es-MX": "Datos de la persona"}
        enabled_app_upgrade(enabled_app=adopted, to_version=newer, actor=admin_actor)
        adopted.refresh_from_db()
    return newer


def test_an_adaptation_whose_source_changed_is_flagged_and_still_applies(
    cdmx, sonora, publish, adopted, admin_actor
):
    _upgrade_with_title_changed_and_label_removed(cdmx, sonora, publish, adopted, admin_actor)

    with inside(sonora):
        assert adopted.adaptations[TITLE] == {
            "text": {"es-MX": "Tus datos"},
            "source": {"es-MX": "Datos", "en": "Details"},
            "source_changed": True,
        }
        assert adopted.adaptations[LABEL]["source_changed"] is True
        upgraded = EnabledAppEvent.objects.get(action=EnabledAppAction.UPGRADED)
        assert upgraded.data["adaptations_to_review"] == [TITLE, LABEL]
        effective = enabled_app_definition(adopted)
        assert effective["form"]["steps"][0]["title"] == {"es-MX": "Tus datos"}
        # the removed one is not applied (the publisher's text stays where it went)
        assert effective["form"]["steps"][0]["fields"][0]["label"] == {"es-MX": "Nombre"}


def test_a_flagged_adaptation_can_be_kept(cdmx, sonora, publish, adopted, admin_actor):
    _upgrade_with_title_changed_and_label_removed(cdmx, sonora, publish, adopted, admin_actor)

    with inside(sonora):
        enabled_app_keep_adaptation(enabled_app=adopted, pointer=TITLE, actor=admin_actor)
        adopted.refresh_from_db()
        assert adopted.adaptations[TITLE] == {
            "text": {"es-MX": "Tus datos"},
            "source": {"es-MX": "Datos de la persona"},
            "source_changed": False,
        }
        event = EnabledAppEvent.objects.get(action=EnabledAppAction.ADAPTATION_REVIEWED)
        assert event.data["decision"] == "keep"
        assert event.data["old_source"] == {"es-MX": "Datos", "en": "Details"}
        assert event.data["new_source"] == {"es-MX": "Datos de la persona"}
        # one whose text went cannot be kept, only dropped
        with pytest.raises(ApplicationError) as refused:
            enabled_app_keep_adaptation(enabled_app=adopted, pointer=LABEL, actor=admin_actor)
        assert _codes(refused) == [(errors.ADAPTATION_POINTER_UNKNOWN, LABEL)]


def test_a_flagged_adaptation_can_be_rewritten(cdmx, sonora, publish, adopted, admin_actor):
    _upgrade_with_title_changed_and_label_removed(cdmx, sonora, publish, adopted, admin_actor)

    with inside(sonora):
        enabled_app_adapt(
            enabled_app=adopted,
            pointer=TITLE,
            text={"es-MX": "Datos de quien lo pide"},
            actor=admin_actor,
        )
        adopted.refresh_from_db()
        assert adopted.adaptations[TITLE] == {
            "text": {"es-MX": "Datos de quien lo pide"},
            "source": {"es-MX": "Datos de la persona"},
            "source_changed": False,
        }
        event = EnabledAppEvent.objects.get(action=EnabledAppAction.ADAPTATION_REVIEWED)
        assert (event.data["decision"], event.data["before"], event.data["after"]) == (
            "rewrite",
            {"es-MX": "Tus datos"},
            {"es-MX": "Datos de quien lo pide"},
        )


def test_a_flagged_adaptation_can_be_dropped_even_when_its_text_went(
    cdmx, sonora, publish, adopted, admin_actor
):
    _upgrade_with_title_changed_and_label_removed(cdmx, sonora, publish, adopted, admin_actor)

    with inside(sonora):
        enabled_app_unadapt(enabled_app=adopted, pointer=LABEL, actor=admin_actor)
        enabled_app_unadapt(enabled_app=adopted, pointer=TITLE, actor=admin_actor)
        adopted.refresh_from_db()
        assert adopted.adaptations == {}
        decisions = EnabledAppEvent.objects.filter(
            action=EnabledAppAction.ADAPTATION_REVIEWED
        ).values_list("data__pointer", "data__decision")
        assert sorted(decisions) == [(LABEL, "drop"), (TITLE, "drop")]
        assert enabled_app_definition(adopted)["form"]["steps"][0]["title"] == {
            "es-MX": "Datos de la persona"
        }
