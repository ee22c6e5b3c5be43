"""A government's own facts, declared by its administrators (/gestion/datos/…): the name of its
identity provider (with what every jurisdiction variable reads as on its site), its agencies
and the code lists it maintains itself. Shared apps read all of it through `{{variables}}` and
`code_list` fields.

Agencies and lists are public-schema rows of every government: each one is looked up through
the government of the host (`request.tenant`), so another government's key or id is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST

from catalog.definition.variables import describe, known_variables, value_of
from catalog.definition.vocabulary import AGENCY_KEYS
from core.actors import Actor
from core.errors import ApplicationError
from core.i18n import is_english
from core.models import Role
from core.permissions import role_required
from tenants import jurisdiction_selectors as selectors
from tenants import jurisdiction_services as services
from tenants.backoffice.forms import (
    AgencyForm,
    CodeListForm,
    CodeListItemForm,
    CodeListPasteForm,
    IdentityProviderForm,
    MoveForm,
)
from tenants.backoffice.views import ShownError
from tenants.jurisdiction import facts_for
from tenants.models import CodeList, CodeListItem, Government
from tenants.requests import TenantRequest
from tenants.services import government_set_publish_approval

T = TypeVar("T")
# A refused write's page: the summary on top, each message next to its field.
Errors = tuple[list[ShownError], dict[str, dict[str, list[ShownError]]]]


@dataclass(frozen=True)
class VariableRow:
    variable: str
    meaning: str
    value_es: str | None
    value_en: str | None


def _language() -> str:
    return "en" if is_english(get_language()) else "es-MX"


def _area(key: str) -> str:
    es, en = AGENCY_KEYS.get(key, (key, key))
    return en if _language() == "en" else es


def variable_rows(government: Government) -> list[VariableRow]:
    """Each jurisdiction variable and what it reads as on this government's site, in both
    languages (None: no value yet, so an app using it cannot go live here)."""
    facts = facts_for(government)
    return [
        VariableRow(
            f"{{{{{name}}}}}",
            describe(name, _language()),
            value_of(name, facts, "es-MX"),
            value_of(name, facts, "en"),
        )
        for name in known_variables()
    ]


def _refused(error: ApplicationError, **forms: Form) -> Errors:
    """Locate each problem at its field in whichever of `forms` has it ("items/3", a pasted
    line, is the `items` field); the rest go to the summary alone."""
    summary: list[ShownError] = []
    by_form: dict[str, dict[str, list[ShownError]]] = {name: {} for name in forms}
    for problem in error.errors:
        field = problem.location.split("/")[0]
        owner = next((name for name, form in forms.items() if field in form.fields), None)
        if owner is None:
            summary.append(ShownError("", problem.message))
            continue
        shown = ShownError(forms[owner].add_prefix(field), problem.message)
        summary.append(shown)
        by_form[owner].setdefault(field, []).append(shown)
    return summary, by_form


def _attempt(write: Callable[[], T], **forms: Form) -> tuple[T | None, Errors | None]:
    """Run a service call: (its result, None), or (None, the located errors) when refused."""
    try:
        return write(), None
    except ApplicationError as error:
        return None, _refused(error, **forms)


def _actor(request: TenantRequest) -> Actor:
    return Actor.from_request(request)


def _clean(form: Form) -> dict[str, Any]:
    form.is_valid()  # the fields are all optional text: the services decide what is acceptable
    return form.cleaned_data


# --- the facts page ------------------------------------------------------------------------------


def _facts_page(
    request: TenantRequest,
    *,
    identity: IdentityProviderForm | None = None,
    agency: AgencyForm | None = None,
    code_list: CodeListForm | None = None,
    refused: Errors | None = None,
) -> HttpResponse:
    government = request.tenant
    agencies = list(selectors.agencies_of(government))
    used = {row.key for row in agencies}
    summary, by_form = refused or ([], {})
    return render(
        request,
        "tenants/backoffice/facts.html",
        {
            "identity_form": identity
            or IdentityProviderForm(
                prefix="identidad",
                initial={"identity_provider_name": government.identity_provider_name},
            ),
            "variables": variable_rows(government),
            "agencies": [(row, _area(row.key)) for row in agencies],
            "free_keys": [(key, _area(key)) for key in AGENCY_KEYS if key not in used],
            "agency_form": agency or AgencyForm(prefix="dependencia"),
            "code_lists": selectors.code_lists_of(government),
            "code_list_form": code_list or CodeListForm(prefix="catalogo"),
            "errors": summary,
            "form_errors": by_form,
        },
        status=422 if summary else 200,
    )


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD"])
def facts(request: TenantRequest) -> HttpResponse:
    return _facts_page(request)


@role_required(Role.ADMINISTRATOR)
@require_POST
def identity_provider(request: TenantRequest) -> HttpResponse:
    form = IdentityProviderForm(request.POST, prefix="identidad")
    data = _clean(form)
    _result, refused = _attempt(
        lambda: services.identity_provider_set(
            government=request.tenant,
            name=data.get("identity_provider_name", ""),
            actor=_actor(request),
        ),
        identity=form,
    )
    if refused:
        return _facts_page(request, identity=form, refused=refused)
    messages.success(request, gettext("Nombre del servicio de identidad guardado."))
    return redirect("tenant_admin:facts")


@role_required(Role.ADMINISTRATOR)
@require_POST
def publish_approval(request: TenantRequest) -> HttpResponse:
    """Whether a second person with the publisher role approves each publication."""
    required = request.POST.get("publish_requires_approval") == "1"
    government_set_publish_approval(
        government=request.tenant, required=required, actor=_actor(request)
    )
    messages.success(
        request,
        gettext("Cada publicación necesitará la aprobación de una segunda persona.")
        if required
        else gettext("Quien tenga el rol de publicación podrá publicar sin otra aprobación."),
    )
    return redirect("tenant_admin:facts")


# --- agencies ----------------------------------------------------------------------------------


@role_required(Role.ADMINISTRATOR)
@require_POST
def agency_add(request: TenantRequest) -> HttpResponse:
    form = AgencyForm(request.POST, prefix="dependencia")
    data = _clean(form)
    _result, refused = _attempt(
        lambda: services.agency_add(
            government=request.tenant,
            key=data.get("key", ""),
            name_es=data.get("name_es", ""),
            name_en=data.get("name_en", ""),
            acronym=data.get("acronym", ""),
            actor=_actor(request),
        ),
        agency=form,
    )
    if refused:
        return _facts_page(request, agency=form, refused=refused)
    messages.success(request, gettext("Dependencia agregada."))
    return redirect("tenant_admin:facts")


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def agency_edit(request: TenantRequest, key: str) -> HttpResponse:
    agency = selectors.agency_get(request.tenant, key)
    if agency is None:
        raise Http404
    refused: Errors = ([], {})
    if request.method == "POST":
        form = AgencyForm(request.POST)
        data = _clean(form)
        _result, failed = _attempt(
            lambda: services.agency_update(
                government=request.tenant,
                key=agency.key,
                name_es=data.get("name_es", ""),
                name_en=data.get("name_en", ""),
                acronym=data.get("acronym", ""),
                actor=_actor(request),
            ),
            agency=form,
        )
        if failed is None:
            messages.success(request, gettext("Dependencia guardada."))
            return redirect("tenant_admin:facts")
        refused = failed
    else:
        form = AgencyForm(
            initial={
                "name_es": agency.name_es,
                "name_en": agency.name_en,
                "acronym": agency.acronym,
            }
        )
    return render(
        request,
        "tenants/backoffice/agency_edit.html",
        {
            "agency": agency,
            "area": _area(agency.key),
            "name_variable": f"{{{{dependencia.{agency.key}.nombre}}}}",
            "acronym_variable": f"{{{{dependencia.{agency.key}.siglas}}}}",
            "form": form,
            "errors": refused[0],
            "field_errors": refused[1].get("agency", {}),
        },
        status=422 if refused[0] else 200,
    )


@role_required(Role.ADMINISTRATOR)
@require_POST
def agency_remove(request: TenantRequest, key: str) -> HttpResponse:
    if selectors.agency_get(request.tenant, key) is None:
        raise Http404
    services.agency_remove(government=request.tenant, key=key, actor=_actor(request))
    messages.success(request, gettext("Dependencia quitada."))
    return redirect("tenant_admin:facts")


# --- code lists ----------------------------------------------------------------------------------


@role_required(Role.ADMINISTRATOR)
@require_POST
def code_list_create(request: TenantRequest) -> HttpResponse:
    form = CodeListForm(request.POST, prefix="catalogo")
    data = _clean(form)
    created, refused = _attempt(
        lambda: services.code_list_create(
            government=request.tenant,
            key=data.get("key", ""),
            name_es=data.get("name_es", ""),
            name_en=data.get("name_en", ""),
            actor=_actor(request),
        ),
        code_list=form,
    )
    if refused or created is None:
        return _facts_page(request, code_list=form, refused=refused)
    messages.success(request, gettext("Catálogo creado. Agregue sus opciones."))
    return redirect("tenant_admin:code_list", key=created.key)


def _code_list(request: TenantRequest, key: str) -> CodeList:
    code_list = selectors.code_list_get(request.tenant, key)
    if code_list is None:
        raise Http404
    return code_list


def _item(code_list: CodeList, item_id: int) -> CodeListItem:
    item = selectors.code_list_item_get(code_list, item_id)
    if item is None:
        raise Http404
    return item


def _code_list_page(
    request: TenantRequest,
    code_list: CodeList,
    *,
    rename: CodeListForm | None = None,
    item: CodeListItemForm | None = None,
    paste: CodeListPasteForm | None = None,
    refused: Errors | None = None,
) -> HttpResponse:
    summary, by_form = refused or ([], {})
    return render(
        request,
        "tenants/backoffice/code_list.html",
        {
            "code_list": code_list,
            "items": list(selectors.code_list_items(code_list)),
            "rename_form": rename
            or CodeListForm(
                prefix="catalogo",
                initial={"name_es": code_list.name_es, "name_en": code_list.name_en},
            ),
            "item_form": item or CodeListItemForm(prefix="opcion"),
            "paste_form": paste or CodeListPasteForm(prefix="pegar"),
            "errors": summary,
            "form_errors": by_form,
        },
        status=422 if summary else 200,
    )


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def code_list(request: TenantRequest, key: str) -> HttpResponse:
    """The list and its options; a POST renames it."""
    found = _code_list(request, key)
    if request.method != "POST":
        return _code_list_page(request, found)
    form = CodeListForm(request.POST, prefix="catalogo")
    data = _clean(form)
    _result, refused = _attempt(
        lambda: services.code_list_update(
            code_list=found,
            name_es=data.get("name_es", ""),
            name_en=data.get("name_en", ""),
            actor=_actor(request),
        ),
        rename=form,
    )
    if refused:
        return _code_list_page(request, found, rename=form, refused=refused)
    messages.success(request, gettext("Nombre del catálogo guardado."))
    return redirect("tenant_admin:code_list", key=found.key)


@role_required(Role.ADMINISTRATOR)
@require_POST
def code_list_delete(request: TenantRequest, key: str) -> HttpResponse:
    found = _code_list(request, key)
    services.code_list_delete(code_list=found, actor=_actor(request))
    messages.success(request, gettext("Catálogo eliminado."))
    return redirect("tenant_admin:facts")


@role_required(Role.ADMINISTRATOR)
@require_POST
def code_list_item_add(request: TenantRequest, key: str) -> HttpResponse:
    found = _code_list(request, key)
    form = CodeListItemForm(request.POST, prefix="opcion")
    data = _clean(form)
    _result, refused = _attempt(
        lambda: services.code_list_item_add(
            code_list=found,
            code=data.get("code", ""),
            label_es=data.get("label_es", ""),
            label_en=data.get("label_en", ""),
            actor=_actor(request),
        ),
        item=form,
    )
    if refused:
        return _code_list_page(request, found, item=form, refused=refused)
    messages.success(request, gettext("Opción agregada."))
    return redirect("tenant_admin:code_list", key=found.key)


@role_required(Role.ADMINISTRATOR)
@require_POST
def code_list_paste(request: TenantRequest, key: str) -> HttpResponse:
    found = _code_list(request, key)
    form = CodeListPasteForm(request.POST, prefix="pegar")
    data = _clean(form)
    created, refused = _attempt(
        lambda: services.code_list_items_paste(
            code_list=found,
            text=data.get("items", ""),
            replace=bool(data.get("replace")),
            actor=_actor(request),
        ),
        paste=form,
    )
    if refused or created is None:
        return _code_list_page(request, found, paste=form, refused=refused)
    messages.success(request, gettext("Se guardaron %(count)s opciones.") % {"count": len(created)})
    return redirect("tenant_admin:code_list", key=found.key)


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def code_list_item_edit(request: TenantRequest, key: str, item_id: int) -> HttpResponse:
    found = _code_list(request, key)
    item = _item(found, item_id)
    refused: Errors = ([], {})
    if request.method == "POST":
        form = CodeListItemForm(request.POST)
        data = _clean(form)
        _result, failed = _attempt(
            lambda: services.code_list_item_update(
                item=item,
                code=data.get("code", ""),
                label_es=data.get("label_es", ""),
                label_en=data.get("label_en", ""),
                actor=_actor(request),
            ),
            item=form,
        )
        if failed is None:
            messages.success(request, gettext("Opción guardada."))
            return redirect("tenant_admin:code_list", key=found.key)
        refused = failed
    else:
        form = CodeListItemForm(
            initial={"code": item.code, "label_es": item.label_es, "label_en": item.label_en}
        )
    return render(
        request,
        "tenants/backoffice/code_list_item.html",
        {
            "code_list": found,
            "item": item,
            "form": form,
            "errors": refused[0],
            "field_errors": refused[1].get("item", {}),
        },
        status=422 if refused[0] else 200,
    )


@role_required(Role.ADMINISTRATOR)
@require_POST
def code_list_item_remove(request: TenantRequest, key: str, item_id: int) -> HttpResponse:
    found = _code_list(request, key)
    item = _item(found, item_id)
    services.code_list_item_remove(item=item, actor=_actor(request))
    messages.success(request, gettext("Opción quitada: %(code)s.") % {"code": item.code})
    return redirect("tenant_admin:code_list", key=found.key)


@role_required(Role.ADMINISTRATOR)
@require_POST
def code_list_item_move(request: TenantRequest, key: str, item_id: int) -> HttpResponse:
    found = _code_list(request, key)
    item = _item(found, item_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.code_list_item_move(
        item=item, direction=form.cleaned_data["direction"], actor=_actor(request)
    )
    # Back to the moved option, so keyboard and screen-reader users keep their place.
    return redirect(
        f"{reverse('tenant_admin:code_list', kwargs={'key': found.key})}#opcion-{item.pk}"
    )
