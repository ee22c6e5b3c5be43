"""Writes on a government's own facts, declared in its back office ("Datos del gobierno"): the
name of its identity provider, its agencies (one per shared key of
`catalog.definition.vocabulary.AGENCY_KEYS`) and the code lists it maintains itself.

Shared apps read these through `{{variables}}` and `code_list` fields (tenants.jurisdiction), so
every write here, in its own transaction, bumps the government's facts revision
(`facts_changed`), audits what changed in the government's trail, and refuses anyone but that
government's administrators (or the platform itself). Rows live in the public schema: every
lookup and write is filtered by the government the actor acts for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from django.db import transaction
from django.db.models import Max
from django_tenants.utils import schema_context

from catalog.definition.vocabulary import AGENCY_KEYS
from core.actors import Actor, ActorRole
from core.audit import audit_record
from core.errors import ApplicationError, ErrorDetail
from tenants import errors
from tenants.code_list_input import ItemInput, duplicate, item_problems, line_of, parse_pasted_items
from tenants.jurisdiction import MUNICIPALITIES, facts_changed
from tenants.models import Agency, CodeList, CodeListItem, Government
from tenants.routing import clear_routes

FACTS_WRITERS = (ActorRole.ADMINISTRATOR, ActorRole.SYSTEM)
# A list's key is what a shared app's `code_list` field names ("oficinas"): lower-case,
# starting with a letter, as the definition format's ids.
# What an app's `code_list` field can name (the definition format's slug, at most 40).
CODE_LIST_KEY = re.compile(r"^(?=.{1,40}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$")


# --- identity provider --------------------------------------------------------------------------


@transaction.atomic
def identity_provider_set(*, government: Government, name: str, actor: Actor) -> Government:
    """How citizens know the government's identity service ("Llave Sonora"); blank clears it."""
    _require(actor, government)
    name = name.strip()
    _raise_if(_length(name, 80, "identity_provider_name", "el nombre", "the name"))
    government = Government.objects.select_for_update().get(pk=government.pk)
    before = government.identity_provider_name
    government.identity_provider_name = name
    # save() clears the host → government cache (tenants.routing), as facts_changed needs.
    government.save(update_fields=["identity_provider_name", "updated_at"])
    _changed(
        government,
        actor,
        "jurisdiction.identity_provider_set",
        "government",
        government.slug,
        {"before": before, "after": name},
    )
    return government


# --- agencies ----------------------------------------------------------------------------------


@transaction.atomic
def agency_add(
    *, government: Government, key: str, name_es: str, name_en: str, acronym: str, actor: Actor
) -> Agency:
    """Declare the government's agency in charge of `key` (vocabulary.AGENCY_KEYS)."""
    _require(actor, government)
    key = key.strip()
    values = _agency_values(name_es=name_es, name_en=name_en, acronym=acronym)
    problems = _agency_problems(values)
    if key not in AGENCY_KEYS:
        problems.insert(
            0,
            ErrorDetail(
                errors.AGENCY_KEY_INVALID,
                "Elija el área de la lista.",
                "Choose the area from the list.",
                "key",
            ),
        )
    elif Agency.objects.filter(government=government, key=key).exists():
        problems.insert(
            0,
            ErrorDetail(
                errors.AGENCY_KEY_TAKEN,
                f"Ya registró la dependencia de «{AGENCY_KEYS[key][0]}»; edítela en su fila.",
                f"The agency for '{AGENCY_KEYS[key][1]}' is already declared; edit its row.",
                "key",
            ),
        )
    _raise_if(problems)
    agency = Agency.objects.create(government=government, key=key, **values)
    _changed(government, actor, "jurisdiction.agency_added", "agency", key, values)
    return agency


@transaction.atomic
def agency_update(
    *, government: Government, key: str, name_es: str, name_en: str, acronym: str, actor: Actor
) -> Agency:
    _require(actor, government)
    agency = _agency(government, key)
    values = _agency_values(name_es=name_es, name_en=name_en, acronym=acronym)
    _raise_if(_agency_problems(values))
    for name, value in values.items():
        setattr(agency, name, value)
    agency.save(update_fields=[*values, "updated_at"])
    _changed(government, actor, "jurisdiction.agency_updated", "agency", key, values)
    return agency


@transaction.atomic
def agency_remove(*, government: Government, key: str, actor: Actor) -> None:
    _require(actor, government)
    agency = _agency(government, key)
    agency.delete()
    _changed(government, actor, "jurisdiction.agency_removed", "agency", key, {})


def _agency(government: Government, key: str) -> Agency:
    agency = Agency.objects.select_for_update().filter(government=government, key=key).first()
    if agency is None:
        raise ApplicationError.single(
            errors.NOT_FOUND,
            "Su gobierno no tiene esa dependencia.",
            "Your government has no such agency.",
            "key",
        )
    return agency


def _agency_values(*, name_es: str, name_en: str, acronym: str) -> dict[str, str]:
    return {"name_es": name_es.strip(), "name_en": name_en.strip(), "acronym": acronym.strip()}


def _agency_problems(values: Mapping[str, str]) -> list[ErrorDetail]:
    problems = _required(values["name_es"], "name_es", "el nombre", "the name")
    problems += _length(values["name_es"], 300, "name_es", "el nombre", "the name")
    problems += _length(
        values["name_en"], 300, "name_en", "el nombre en inglés", "the English name"
    )
    problems += _length(values["acronym"], 30, "acronym", "las siglas", "the acronym")
    return problems


# --- code lists ----------------------------------------------------------------------------------


@transaction.atomic
def code_list_create(
    *, government: Government, key: str, name_es: str, name_en: str, actor: Actor
) -> CodeList:
    """A list the government maintains itself; shared apps name it by `key`."""
    _require(actor, government)
    key = key.strip()
    name_es, name_en = name_es.strip(), name_en.strip()
    problems: list[ErrorDetail] = []
    if not CODE_LIST_KEY.match(key):
        problems.append(
            ErrorDetail(
                errors.CODE_LIST_KEY_INVALID,
                "La clave lleva de 1 a 40 caracteres: minúsculas sin acentos, dígitos y guiones "
                "entre palabras, y empieza con una letra (p. ej. «oficinas-recaudacion»).",
                "The key has 1 to 40 characters: lower-case letters without accents, digits and "
                "hyphens between words, starting with a letter (e.g. 'oficinas-recaudacion').",
                "key",
            )
        )
    elif key == MUNICIPALITIES:
        problems.append(
            ErrorDetail(
                errors.CODE_LIST_KEY_RESERVED,
                f"«{MUNICIPALITIES}» es el catálogo del INEGI que la plataforma ya ofrece; "
                "elija otra clave.",
                f"'{MUNICIPALITIES}' is INEGI's catalogue, which the platform already offers; "
                "choose another key.",
                "key",
            )
        )
    elif CodeList.objects.filter(government=government, key=key).exists():
        problems.append(
            ErrorDetail(
                errors.CODE_LIST_KEY_TAKEN,
                f"Ya tiene un catálogo con la clave «{key}».",
                f"You already have a list with the key '{key}'.",
                "key",
            )
        )
    problems += _list_name_problems(name_es, name_en)
    _raise_if(problems)
    code_list = CodeList.objects.create(
        government=government, key=key, name_es=name_es, name_en=name_en
    )
    _changed(
        government,
        actor,
        "jurisdiction.code_list_created",
        "code_list",
        key,
        {"name_es": name_es, "name_en": name_en},
    )
    return code_list


@transaction.atomic
def code_list_update(*, code_list: CodeList, name_es: str, name_en: str, actor: Actor) -> CodeList:
    """Rename a list. Its key stays: shared apps already name it."""
    government = code_list.government
    _require(actor, government)
    name_es, name_en = name_es.strip(), name_en.strip()
    _raise_if(_list_name_problems(name_es, name_en))
    code_list.name_es, code_list.name_en = name_es, name_en
    code_list.save(update_fields=["name_es", "name_en", "updated_at"])
    _changed(
        government,
        actor,
        "jurisdiction.code_list_renamed",
        "code_list",
        code_list.key,
        {"name_es": name_es, "name_en": name_en},
    )
    return code_list


@transaction.atomic
def code_list_delete(*, code_list: CodeList, actor: Actor) -> None:
    government = code_list.government
    _require(actor, government)
    key = code_list.key
    code_list.delete()
    _changed(government, actor, "jurisdiction.code_list_deleted", "code_list", key, {})


def _list_name_problems(name_es: str, name_en: str) -> list[ErrorDetail]:
    problems = _required(name_es, "name_es", "el nombre", "the name")
    problems += _length(name_es, 200, "name_es", "el nombre", "the name")
    problems += _length(name_en, 200, "name_en", "el nombre en inglés", "the English name")
    return problems


# --- items ------------------------------------------------------------------------------------


@transaction.atomic
def code_list_item_add(
    *, code_list: CodeList, code: str, label_es: str, label_en: str, actor: Actor
) -> CodeListItem:
    """Add an option at the end of the list."""
    government = code_list.government
    _require(actor, government)
    _lock(code_list)
    item = ItemInput(code.strip(), label_es.strip(), label_en.strip())
    problems = item_problems(item)
    if item.code and code_list.items.filter(code=item.code).exists():
        problems.insert(0, duplicate(item.code, "code"))
    _raise_if(problems)
    created = CodeListItem.objects.create(
        code_list=code_list,
        code=item.code,
        label_es=item.label_es,
        label_en=item.label_en,
        position=_next_position(code_list),
    )
    _changed(
        government,
        actor,
        "jurisdiction.code_list_item_added",
        "code_list",
        code_list.key,
        {"code": item.code, "label_es": item.label_es},
    )
    return created


@transaction.atomic
def code_list_item_update(
    *, item: CodeListItem, code: str, label_es: str, label_en: str, actor: Actor
) -> CodeListItem:
    code_list = item.code_list
    government = code_list.government
    _require(actor, government)
    _lock(code_list)
    values = ItemInput(code.strip(), label_es.strip(), label_en.strip())
    problems = item_problems(values)
    if values.code and code_list.items.filter(code=values.code).exclude(pk=item.pk).exists():
        problems.insert(0, duplicate(values.code, "code"))
    _raise_if(problems)
    before = item.code
    item.code, item.label_es, item.label_en = values.code, values.label_es, values.label_en
    item.save(update_fields=["code", "label_es", "label_en"])
    _changed(
        government,
        actor,
        "jurisdiction.code_list_item_updated",
        "code_list",
        code_list.key,
        {"before": before, "code": values.code, "label_es": values.label_es},
    )
    return item


@transaction.atomic
def code_list_item_remove(*, item: CodeListItem, actor: Actor) -> None:
    code_list = item.code_list
    government = code_list.government
    _require(actor, government)
    _lock(code_list)
    code = item.code
    item.delete()
    _changed(
        government,
        actor,
        "jurisdiction.code_list_item_removed",
        "code_list",
        code_list.key,
        {"code": code},
    )


@transaction.atomic
def code_list_item_move(
    *, item: CodeListItem, direction: Literal["up", "down"], actor: Actor
) -> CodeListItem:
    """Swap the option with its neighbour; at either end nothing changes."""
    code_list = item.code_list
    government = code_list.government
    _require(actor, government)
    _lock(code_list)
    items = list(code_list.items.order_by("position", "id"))
    index = next(n for n, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return item
    items[index], items[target] = items[target], items[index]
    _renumber(items)
    _changed(
        government,
        actor,
        "jurisdiction.code_list_reordered",
        "code_list",
        code_list.key,
        {"code": item.code, "direction": direction},
    )
    return next(other for other in items if other.pk == item.pk)


@transaction.atomic
def code_list_items_paste(
    *, code_list: CodeList, text: str, replace: bool = False, actor: Actor
) -> list[CodeListItem]:
    """Add many options at once from pasted text, one "code|label" (or "code|label|English
    label") a line; blank lines are skipped. With `replace`, the pasted options become the whole
    list. Every problem is reported at once, located at `items/<line>` (the 1-based line of the
    text), and then nothing is saved."""
    government = code_list.government
    _require(actor, government)
    _lock(code_list)
    parsed, problems = parse_pasted_items(text)
    existing = set() if replace else set(code_list.items.values_list("code", flat=True))
    for line, item in parsed:
        if item.code in existing:
            problems.append(duplicate(item.code, f"items/{line}", line=line))
    if not parsed and not problems:
        problems.append(
            ErrorDetail(
                errors.PASTE_EMPTY,
                "Pegue al menos una línea «clave|texto».",
                "Paste at least one 'code|label' line.",
                "items",
            )
        )
    _raise_if(sorted(problems, key=line_of))
    if replace:
        code_list.items.all().delete()
    start = _next_position(code_list)
    created = CodeListItem.objects.bulk_create(
        CodeListItem(
            code_list=code_list,
            code=item.code,
            label_es=item.label_es,
            label_en=item.label_en,
            position=start + offset,
        )
        for offset, (_line, item) in enumerate(parsed)
    )
    _changed(
        government,
        actor,
        "jurisdiction.code_list_items_pasted",
        "code_list",
        code_list.key,
        {"count": len(created), "replace": replace},
    )
    return created


def _lock(code_list: CodeList) -> None:
    """Serialise writes on one list: positions and the one-code check read, then write."""
    CodeList.objects.select_for_update().filter(pk=code_list.pk).first()


def _next_position(code_list: CodeList) -> int:
    last = code_list.items.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _renumber(items: Iterable[CodeListItem]) -> None:
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    CodeListItem.objects.bulk_update(changed, ["position"])


# --- shared ------------------------------------------------------------------------------------


def _require(actor: Actor, government: Government) -> None:
    """Administrators act for their own government only; the platform (demo, commands) for any."""
    actor.require(*FACTS_WRITERS)
    if not actor.is_system and actor.schema != government.schema_name:
        raise ApplicationError.single(
            errors.NOT_FOUND,
            "Su gobierno no tiene ese dato.",
            "Your government has no such record.",
        )


def _required(value: str, field: str, what_es: str, what_en: str) -> list[ErrorDetail]:
    if value:
        return []
    return [
        ErrorDetail(
            errors.VALUE_REQUIRED,
            f"Escriba {what_es}.",
            f"Enter {what_en}.",
            field,
        )
    ]


def _length(value: str, limit: int, field: str, what_es: str, what_en: str) -> list[ErrorDetail]:
    if len(value) <= limit:
        return []
    return [
        ErrorDetail(
            errors.TOO_LONG,
            f"Escriba {what_es} en {limit} caracteres o menos.",
            f"Write {what_en} in {limit} characters or fewer.",
            field,
        )
    ]


def _raise_if(problems: list[ErrorDetail]) -> None:
    if problems:
        raise ApplicationError(problems)


def _changed(
    government: Government,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str,
    data: Mapping[str, Any],
) -> None:
    """What every write ends with, inside its transaction: the facts revision (so effective
    definitions are rebuilt), this process's host cache (it holds the Government row whose
    revision keys them: an `update()` sends no signal) and the government's audit trail."""
    facts_changed(government)
    clear_routes()
    transaction.on_commit(clear_routes)
    with schema_context(government.schema_name):
        audit_record(
            action=action,
            actor_email=actor.email,
            actor_role=actor.role,
            object_type=object_type,
            object_id=object_id,
            data=dict(data),
        )
