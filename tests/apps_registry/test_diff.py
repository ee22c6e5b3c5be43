from __future__ import annotations

from apps_registry.diff import definition_diff, display_value, local_values_impact
from tests.apps_registry.conftest import definition_with_overrides


def _versions():
    """1.0.0 and 1.1.0 of a realistic change: a field added, a document removed, a fee changed,
    a new workflow state with its transition, and a new required override point."""
    old = definition_with_overrides()
    old["documents"] = [
        {
            "id": "identificacion",
            "name": {"es-MX": "Identificación oficial", "en": "Official ID"},
            "accept": ["application/pdf"],
            "max_size_mb": 5,
            "required": True,
        },
        {
            "id": "comprobante_domicilio",
            "name": {"es-MX": "Comprobante de domicilio", "en": "Proof of address"},
            "accept": ["application/pdf"],
            "max_size_mb": 5,
            "required": True,
        },
    ]
    new = definition_with_overrides()
    new["documents"] = [old["documents"][0]]
    new["form"]["steps"][0]["fields"].append(
        {
            "id": "telefono",
            "type": "phone_mx",
            "label": {"es-MX": "Teléfono", "en": "Phone"},
            "required": False,
        }
    )
    new["fees"]["concepts"][0]["amount"] = 275.0
    new["workflow"]["states"].insert(
        1, {"id": "en_revision", "name": {"es-MX": "En revisión", "en": "Under review"}}
    )
    new["workflow"]["transitions"].append(
        {
            "id": "revisar",
            "from": "recibida",
            "to": "en_revision",
            "actor": "case_officer",
            "notify_citizen": True,
            "pauses_clock": False,
            "label": {"es-MX": "Revisar", "en": "Review"},
        }
    )
    new["plazo"] = {"value": 10, "unit": "business_days"}
    new["overrides"] = [o for o in new["overrides"] if o["key"] != "offices"]
    new["overrides"].append(
        {
            "key": "contacto",
            "type": "text",
            "required": True,
            "label": {"es-MX": "Correo de contacto", "en": "Contact e-mail"},
        }
    )
    new["overrides"][2] = {**new["overrides"][2], "type": "text"}  # "name" retyped
    return old, new


def test_diff_of_a_realistic_change():
    old, new = _versions()

    diff = definition_diff(old, new)

    assert [s.key for s in diff.non_empty_sections] == [
        "general",
        "fields",
        "documents",
        "states",
        "transitions",
        "fees",
        "overrides",
    ]
    assert [(i.id, i.label_es) for i in diff.fields.added] == [("telefono", "Teléfono")]
    assert diff.fields.removed == diff.fields.changed == []
    assert [(i.id, i.label_es) for i in diff.documents.removed] == [
        ("comprobante_domicilio", "Comprobante de domicilio")
    ]
    assert [(i.id, i.label_es) for i in diff.states.added] == [("en_revision", "En revisión")]
    assert [i.id for i in diff.transitions.added] == ["revisar"]
    fee = diff.fees.changed[0]
    assert (fee.id, fee.label_es) == ("derecho", "Derecho de expedición")
    assert [(c.attribute, c.before_text, c.after_text) for c in fee.changes] == [
        ("amount", "250.00", "275.00")
    ]
    assert [
        (i.id, i.changes[0].before_text, i.changes[0].after_text) for i in diff.general.changed
    ] == [
        ("plazo", '{"unit": "business_days", "value": 5}', '{"unit": "business_days", "value": 10}')
    ]
    assert [i.id for i in diff.overrides.added] == ["contacto"]
    assert [i.id for i in diff.overrides.removed] == ["offices"]
    assert [(i.id, [c.attribute for c in i.changes]) for i in diff.overrides.changed] == [
        ("name", ["type"])
    ]
    assert diff.rules.is_empty and diff.outputs.is_empty


def test_same_definition_has_an_empty_diff_and_reordering_is_no_change():
    old, _ = _versions()
    reordered = definition_with_overrides()
    reordered["documents"] = list(reversed(old["documents"]))

    assert definition_diff(old, old).is_empty
    assert definition_diff(old, reordered).documents.is_empty


def test_local_values_impact():
    old, new = _versions()
    diff = definition_diff(old, new)
    current = {
        "agency": {"name": {"es-MX": "SH"}},
        "homoclave": "SON-1",
        "name": {"es-MX": "Constancia"},
        "offices": [{"name": {"es-MX": "Of"}, "address": "Hermosillo"}],
    }

    impact = local_values_impact(diff, current)

    assert impact.kept == ["agency", "homoclave"]
    assert impact.removed == ["offices"]
    assert impact.retyped == ["name"]
    assert [(r.key, r.label_es, r.type) for r in impact.new_required] == [
        ("contacto", "Correo de contacto", "text")
    ]
    assert impact.new_optional == []
    assert impact.needs_input is True


def test_display_value():
    assert display_value(None) == "—"
    assert display_value(True) == "sí"
    assert display_value(1099.0) == "1,099.00"
    assert display_value(5) == "5"
    assert display_value({"es-MX": "Recibida", "en": "Received"}) == "Recibida"
    assert display_value(["online", "in_person"]) == "online, in_person"
    assert display_value({"name": {"es-MX": "SEMOVI"}, "acronym": "S"}) == "SEMOVI"
