"""The builder's "Publicar" page: the diff against the previous published version with each
kind of breaking change called out, the suggested version number, the adopters that will see
"actualización disponible", publishing end to end, and the optional second person's approval."""

from __future__ import annotations

import copy

from django_tenants.utils import tenant_context

from apps_registry.services import enabled_app_enable
from catalog.builder import ops_publish
from catalog.builder.ops_publish import breaking_changes, next_version
from catalog.models import AuditAction, CatalogAuditEvent, PublicationRequest
from catalog.services import version_draft_save
from core.actors import Actor, ActorRole
from core.models import Role
from tests.adopting import adopter_answers
from tests.catalog.factories import make_definition

URL = "/gestion/publicacion/constancia/constructor/publicar/"


def _kinds(old, new):
    return [(item.kind, item.id) for item in breaking_changes(old, new)]


def _field(field_id, label, field_type="text", required=False):
    return {
        "id": field_id,
        "type": field_type,
        "label": {"es-MX": label, "en": label},
        "required": required,
    }


# --- the breaking changes, one kind at a time ----------------------------------------------------


def test_an_unchanged_definition_breaks_nothing():
    assert _kinds(make_definition(), make_definition()) == []


def test_a_removed_field_is_breaking():
    old = make_definition()
    old["form"]["steps"][0]["fields"].append(_field("telefono", "Teléfono"))
    assert _kinds(old, make_definition()) == [(ops_publish.FIELD_REMOVED, "telefono")]


def test_a_renamed_field_is_said_once_as_a_rename():
    old, new = make_definition(), make_definition()
    new["form"]["steps"][0]["fields"][0]["id"] = "nombre_completo"
    found = breaking_changes(old, new)
    assert [(b.kind, b.id, b.detail_es) for b in found] == [
        (ops_publish.FIELD_RENAMED, "nombre", "nombre → nombre_completo")
    ]


def test_a_field_of_another_type_is_breaking():
    old, new = make_definition(), make_definition()
    new["form"]["steps"][0]["fields"][0]["type"] = "textarea"
    assert _kinds(old, new) == [(ops_publish.FIELD_RETYPED, "nombre")]


def test_a_new_required_field_and_a_field_now_required_are_breaking_an_optional_one_is_not():
    old, new = make_definition(), make_definition()
    old["form"]["steps"][0]["fields"][0]["required"] = False
    new["form"]["steps"][0]["fields"].append(_field("telefono", "Teléfono", required=True))
    new["form"]["steps"][0]["fields"].append(_field("correo", "Correo"))
    assert _kinds(old, new) == [
        (ops_publish.FIELD_REQUIRED, "telefono"),
        (ops_publish.FIELD_REQUIRED, "nombre"),
    ]


def _document(required=True, **extra):
    return {
        "id": "identificacion",
        "name": {"es-MX": "Identificación", "en": "ID"},
        "accept": ["application/pdf"],
        "max_size_mb": 5,
        "required": required,
        **extra,
    }


def test_a_new_required_document_is_breaking_a_conditional_one_is_not():
    old, new = make_definition(), make_definition()
    new["documents"] = [_document()]
    assert _kinds(old, new) == [(ops_publish.DOCUMENT_REQUIRED, "identificacion")]
    new["documents"] = [_document(condition={"==": [{"var": "nombre"}, "x"]})]
    assert _kinds(old, new) == []


def test_a_document_now_required_is_breaking():
    old, new = make_definition(), make_definition()
    old["documents"] = [_document(required=False)]
    new["documents"] = [_document(required=True)]
    assert _kinds(old, new) == [(ops_publish.DOCUMENT_REQUIRED, "identificacion")]


def _override(required=True, override_type="text"):
    return {
        "key": "contacto",
        "label": {"es-MX": "Contacto", "en": "Contact"},
        "type": override_type,
        "target": "/metadata/description",
        "required": required,
    }


def test_a_new_required_local_value_or_one_of_another_type_is_breaking():
    old, new = make_definition(), make_definition()
    new["overrides"] = [_override()]
    assert _kinds(old, new) == [(ops_publish.LOCAL_VALUE_REQUIRED, "contacto")]
    new["overrides"] = [_override(required=False)]
    assert _kinds(old, new) == []
    old["overrides"] = [_override(required=False)]
    new["overrides"] = [_override(required=False, override_type="translatable_text")]
    assert _kinds(old, new) == [(ops_publish.LOCAL_VALUE_REQUIRED, "contacto")]


def test_a_new_jurisdiction_variable_is_breaking():
    old, new = make_definition(), make_definition()
    new["metadata"]["description"]["es-MX"] = "Trámite de {{entidad.nombre}}."
    assert _kinds(old, new) == [(ops_publish.VARIABLE_ADDED, "entidad.nombre")]


def test_changed_workflow_states_are_breaking():
    old, new = make_definition(), make_definition()
    workflow = new["workflow"]
    workflow["states"].insert(1, {"id": "revision", "name": {"es-MX": "En revisión"}})
    workflow["transitions"][0]["from"] = "revision"
    workflow["transitions"][1]["from"] = "revision"
    workflow["transitions"].append(
        {**copy.deepcopy(workflow["transitions"][0]), "id": "revisar", "to": "revision"}
    )
    workflow["transitions"][-1]["from"] = "recibida"
    kinds = _kinds(old, new)
    assert (ops_publish.WORKFLOW_CHANGED, "revision") in kinds
    assert (ops_publish.WORKFLOW_CHANGED, "aprobar") in kinds
    assert {kind for kind, _id in kinds} == {ops_publish.WORKFLOW_CHANGED}


def test_a_removed_state_is_breaking():
    old, new = make_definition(), make_definition()
    new["workflow"]["final"] = ["aprobada"]
    new["workflow"]["states"] = new["workflow"]["states"][:2]
    new["workflow"]["transitions"] = new["workflow"]["transitions"][:1]
    kinds = _kinds(old, new)
    assert (ops_publish.WORKFLOW_CHANGED, "rechazada") in kinds
    assert (ops_publish.WORKFLOW_CHANGED, "workflow.final") in kinds


def test_the_next_version_is_minor_unless_something_breaks():
    assert next_version("1.4.2", breaking=False) == "1.5.0"
    assert next_version("1.4.2", breaking=True) == "2.0.0"
    assert next_version(None, breaking=True) == "1.0.0"


# --- the page ----------------------------------------------------------------------------------


def _draft_with(app, actor, change):
    definition = make_definition("constancia")
    change(definition)
    return version_draft_save(app=app, version="1.1.0", definition=definition, actor=actor)


def test_the_page_calls_out_breaking_changes_and_suggests_a_major_version(
    cdmx, builder_app, signed_in, actor_of, page_form
):
    app = builder_app(cdmx)
    _draft_with(
        app,
        actor_of(cdmx),
        lambda d: d["form"]["steps"][0]["fields"].append(_field("rfc", "RFC", required=True)),
    )
    response = signed_in(cdmx).get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-breaking="field_required"' in html
    assert "1 cambio rompe algo" in html
    assert page_form(response)["version"] == "2.0.0"
    assert 'aria-current="page">Publicar' in html


def test_without_breaking_changes_the_next_minor_is_suggested(
    cdmx, builder_app, signed_in, page_form
):
    builder_app(cdmx)
    response = signed_in(cdmx).get(URL)
    assert "Ningún cambio rompe algo" in response.content.decode()
    assert page_form(response)["version"] == "1.1.0"


def test_publishing_works_end_to_end(cdmx, builder_app, signed_in, page_form, draft_of):
    app = builder_app(cdmx)
    client = signed_in(cdmx)
    data = page_form(client.get(URL))
    data.update(
        changelog_es="Se aclara el nombre.", changelog_en="Name clarified.", accion="publicar"
    )

    response = client.post(URL, data)

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.latest_version.version == "1.1.0"
    assert app.latest_version.changelog == {
        "es-MX": "Se aclara el nombre.",
        "en": "Name clarified.",
    }
    assert draft_of(app) is None
    assert CatalogAuditEvent.objects.filter(app=app, action=AuditAction.VERSION_PUBLISHED).exists()


def test_the_chosen_version_number_is_published(cdmx, builder_app, signed_in, page_form):
    app = builder_app(cdmx)
    client = signed_in(cdmx)
    data = page_form(client.get(URL))
    data.update(version="2.0.0", changelog_es="Cambio mayor.", accion="publicar")

    assert client.post(URL, data).status_code == 302
    app.refresh_from_db()
    assert app.latest_version.version == "2.0.0"


def test_refusals_are_located_and_keep_what_was_typed(
    cdmx, builder_app, signed_in, page_form, draft_of
):
    app = builder_app(cdmx)
    client = signed_in(cdmx)
    data = page_form(client.get(URL))
    data.update(
        version="0.9.0", changelog_es="", changelog_en="Typed in English", accion="publicar"
    )

    response = client.post(URL, data)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Error:" in html.split("</title>")[0]
    assert 'href="#id_version"' in html
    assert "Typed in English" in html
    assert draft_of(app).version == "1.1.0"
    assert app.versions.filter(published_at__isnull=False).count() == 1


def test_a_stale_page_is_told_and_publishes_nothing(
    cdmx, builder_app, signed_in, page_form, actor_of, draft_of
):
    app = builder_app(cdmx)
    client = signed_in(cdmx)
    data = page_form(client.get(URL))
    _draft_with(app, actor_of(cdmx), lambda d: None)  # someone else saves meanwhile
    data.update(changelog_es="Notas", accion="publicar")

    response = client.post(URL, data)

    assert response.status_code == 200
    assert "Otra persona guardó este borrador" in response.content.decode()
    assert draft_of(app) is not None


def test_the_adopters_that_will_see_the_update_are_listed(
    cdmx, sonora, builder_app, signed_in, actor_of
):
    app = builder_app(cdmx)
    version = app.latest_version
    with tenant_context(sonora.government):
        enabled_app_enable(
            government=sonora.government,
            app=app,
            version=version,
            **adopter_answers(sonora, version),
            actor=Actor.named("admin@sonora.gob.mx", ActorRole.ADMINISTRATOR, schema="sonora"),
        )

    html = signed_in(cdmx).get(URL).content.decode()

    assert 'data-adopter="sonora"' in html
    assert "Ningún gobierno lo ha adoptado" not in html


def test_no_adopters_says_so(cdmx, builder_app, signed_in):
    builder_app(cdmx)
    assert "Ningún gobierno lo ha adoptado" in signed_in(cdmx).get(URL).content.decode()


def test_without_a_draft_the_page_says_there_is_nothing_to_publish(cdmx, builder_app, signed_in):
    builder_app(cdmx, draft=False)
    response = signed_in(cdmx).get(URL)
    assert response.status_code == 200
    assert "No hay borrador" in response.content.decode()


# --- the second person's approval --------------------------------------------------------------


def _require_approval(tenant):
    tenant.government.publish_requires_approval = True
    tenant.government.save(update_fields=["publish_requires_approval"])


def test_with_approval_on_a_publisher_requests_and_another_one_approves(
    cdmx, builder_app, signed_in, page_form, draft_of
):
    app = builder_app(cdmx)
    _require_approval(cdmx)
    first = signed_in(cdmx, email="ana@cdmx.gob.mx")
    data = page_form(first.get(URL))
    assert "Solicitar aprobación" in first.get(URL).content.decode()
    data.update(changelog_es="Notas de Ana", accion="solicitar")

    assert first.post(URL, data).status_code == 302
    publication = PublicationRequest.objects.get(app=app)
    assert (publication.status, publication.requested_by_email) == ("pending", "ana@cdmx.gob.mx")
    assert draft_of(app) is not None  # nothing published yet

    # The same person cannot approve: no button, and a forged POST is refused.
    own_page = first.get(URL).content.decode()
    assert "Aprobar y publicar" not in own_page
    refused = first.post(URL, {"accion": "aprobar", "solicitud": publication.pk})
    assert "no quien la solicitó" in refused.content.decode()
    assert draft_of(app) is not None

    second = signed_in(cdmx, email="beto@cdmx.gob.mx")
    assert "Aprobar y publicar la versión 1.1.0" in second.get(URL).content.decode()
    response = second.post(URL, {"accion": "aprobar", "solicitud": publication.pk})

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.latest_version.version == "1.1.0"
    assert app.latest_version.published_by_email == "beto@cdmx.gob.mx"
    assert app.latest_version.changelog == {"es-MX": "Notas de Ana"}
    publication.refresh_from_db()
    assert (publication.status, publication.decided_by_email) == ("approved", "beto@cdmx.gob.mx")
    actions = list(
        CatalogAuditEvent.objects.filter(app=app)
        .order_by("id")
        .values_list("action", "actor_email")
    )
    assert (AuditAction.PUBLICATION_REQUESTED, "ana@cdmx.gob.mx") in actions
    assert (AuditAction.PUBLICATION_APPROVED, "beto@cdmx.gob.mx") in actions


def test_with_approval_on_publishing_directly_is_refused_everywhere(
    cdmx, builder_app, signed_in, page_form, draft_of
):
    app = builder_app(cdmx)
    _require_approval(cdmx)
    client = signed_in(cdmx)
    data = page_form(client.get(URL))
    data.update(changelog_es="Notas", accion="publicar")

    response = client.post(URL, data)
    assert "otra persona apruebe" in response.content.decode()
    # The JSON editor's publish page goes through the same service.
    old = client.post(
        "/gestion/publicacion/constancia/borrador/publicar/", {"changelog_es": "Notas"}
    )
    assert old.status_code == 200
    assert draft_of(app) is not None


def test_a_draft_changed_after_the_request_cannot_be_approved_until_requested_again(
    cdmx, builder_app, signed_in, page_form, actor_of, draft_of
):
    app = builder_app(cdmx)
    _require_approval(cdmx)
    first = signed_in(cdmx, email="ana@cdmx.gob.mx")
    data = page_form(first.get(URL))
    data.update(changelog_es="Notas", accion="solicitar")
    first.post(URL, data)
    publication = PublicationRequest.objects.get(app=app)
    _draft_with(app, actor_of(cdmx), lambda d: None)

    second = signed_in(cdmx, email="beto@cdmx.gob.mx")
    page = second.get(URL).content.decode()
    assert "El borrador cambió después de la solicitud" in page
    refused = second.post(URL, {"accion": "aprobar", "solicitud": publication.pk})
    assert "El borrador cambió" in refused.content.decode()
    assert draft_of(app) is not None

    assert second.post(URL, {"accion": "retirar", "solicitud": publication.pk}).status_code == 302
    publication.refresh_from_db()
    assert publication.status == "withdrawn"
    assert CatalogAuditEvent.objects.filter(
        app=app, action=AuditAction.PUBLICATION_WITHDRAWN
    ).exists()


def test_a_case_officer_cannot_approve(cdmx, builder_app, signed_in, page_form):
    app = builder_app(cdmx)
    _require_approval(cdmx)
    first = signed_in(cdmx, email="ana@cdmx.gob.mx")
    data = page_form(first.get(URL))
    data.update(changelog_es="Notas", accion="solicitar")
    first.post(URL, data)
    publication = PublicationRequest.objects.get(app=app)

    officer = signed_in(cdmx, roles=(Role.CASE_OFFICER,))
    assert officer.post(URL, {"accion": "aprobar", "solicitud": publication.pk}).status_code == 403
    publication.refresh_from_db()
    assert publication.status == "pending"


# --- isolation ---------------------------------------------------------------------------------


def test_another_governments_publisher_can_neither_see_nor_publish_nor_approve(
    cdmx, sonora, builder_app, signed_in, page_form, draft_of
):
    app = builder_app(cdmx)
    _require_approval(cdmx)
    own = signed_in(cdmx, email="ana@cdmx.gob.mx")
    data = page_form(own.get(URL))
    data.update(changelog_es="Notas", accion="solicitar")
    own.post(URL, data)
    publication = PublicationRequest.objects.get(app=app)
    other = signed_in(sonora)

    assert other.get(URL).status_code == 404
    assert other.post(URL, {**data, "accion": "publicar"}).status_code == 404
    assert other.post(URL, {"accion": "aprobar", "solicitud": publication.pk}).status_code == 404
    publication.refresh_from_db()
    assert publication.status == "pending"
    assert draft_of(app) is not None


def test_a_request_id_of_another_app_is_not_pending_here(
    cdmx, builder_app, signed_in, page_form, draft_of
):
    first_app = builder_app(cdmx)
    builder_app(cdmx, slug="otra")
    _require_approval(cdmx)
    ana = signed_in(cdmx, email="ana@cdmx.gob.mx")
    other_url = URL.replace("constancia", "otra")
    data = page_form(ana.get(other_url))
    data.update(changelog_es="Notas", accion="solicitar")
    ana.post(other_url, data)
    publication = PublicationRequest.objects.get(app__slug="otra")

    beto = signed_in(cdmx, email="beto@cdmx.gob.mx")
    response = beto.post(URL, {"accion": "aprobar", "solicitud": publication.pk})

    assert "ya no está pendiente" in response.content.decode()
    assert draft_of(first_app) is not None
