"""A typed, read-only view of one app definition, like open-forms' FormioConfigurationWrapper.

Code outside this package reads definitions through `Definition` instead of chaining
`definition.get("metadata") or {}` lookups: every default (an absent ficta is "no_aplica", an
absent citizen_name is the name…) is decided here once, and the indexes (fields by id, outputs
by kind, transitions by state) are built at most once per wrapper.

A `Definition` is also a read-only `Mapping` of the definition's top-level keys, so it can be
passed wherever a definition dict is expected today (iter_fields, active_items,
validate_answers, workflow helpers). Wrapping costs nothing (the dict is not copied, so it must
not be changed after wrapping); the effective definition each request uses is already kept per
process by apps_registry.selectors.cached_effective_definition.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any

from catalog.definition.rules import active_items, iter_documents, iter_fields, logic_answers
from catalog.definition.uma import fee_line
from catalog.definition.vocabulary import FICTA_NO_APLICA
from core.i18n import text_in

ACUSE = "acuse"
# Outputs that are the authority's answer: a case in a state issuing one has been resolved.
RESOLUTION_KINDS = frozenset({"resolucion", "constancia"})
CITIZEN = "citizen"
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else _EMPTY


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _mappings(value: object) -> tuple[Mapping[str, Any], ...]:
    return tuple(item for item in _list(value) if isinstance(item, Mapping))


class Definition(Mapping[str, Any]):
    """One (effective) app definition, already validated; a free view over its dict."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data: Mapping[str, Any] = data._data if isinstance(data, Definition) else data

    # --- Mapping ------------------------------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Definition({self.slug!r})"

    @property
    def raw(self) -> Mapping[str, Any]:
        """The definition as stored (read-only at the top; `dict(raw)` serialises as JSON)."""
        return MappingProxyType(self._data)

    # --- metadata -----------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self._data.get("schema_version") or 1)

    @property
    def metadata(self) -> Mapping[str, Any]:
        return _mapping(self._data.get("metadata"))

    @property
    def slug(self) -> str:
        return str(self.metadata.get("slug") or "")

    @property
    def declared_slug(self) -> object:
        """metadata.slug exactly as written, None when absent (where `slug` reads ""): for
        checking a definition that may not have passed validation yet."""
        return self.metadata.get("slug")

    @property
    def name(self) -> Mapping[str, str]:
        """The official name, {"es-MX": ..., "en": ...}."""
        return _mapping(self.metadata.get("name"))

    @property
    def citizen_name(self) -> Mapping[str, str]:
        """The name citizens read (plain language), else the official name."""
        return _mapping(self.metadata.get("citizen_name")) or self.name

    @property
    def description(self) -> Mapping[str, str]:
        return _mapping(self.metadata.get("description"))

    def text(self, value: object, language: str) -> str:
        """Any translatable text of this definition in `language` (Spanish when missing)."""
        return text_in(value, language)

    @property
    def category(self) -> str:
        return str(self.metadata.get("category") or "")

    @property
    def kind(self) -> str:
        """ "tramite" or "servicio"."""
        return str(self.metadata.get("kind") or "")

    @property
    def life_event(self) -> str:
        return str(self.metadata.get("life_event") or "")

    @property
    def homoclave(self) -> str:
        return str(self.metadata.get("homoclave") or "")

    @property
    def synonyms(self) -> tuple[str, ...]:
        return tuple(item for item in _list(self.metadata.get("synonyms")) if isinstance(item, str))

    @property
    def channels(self) -> tuple[str, ...]:
        """ "online", "in_person"."""
        return tuple(str(item) for item in _list(self.metadata.get("channels")))

    @property
    def identity_level(self) -> str:
        return str(self.metadata.get("identity_level") or "")

    @property
    def agency(self) -> Mapping[str, Any]:
        return _mapping(self.metadata.get("agency"))

    @property
    def agency_name(self) -> Mapping[str, str]:
        return _mapping(self.agency.get("name"))

    @property
    def agency_acronym(self) -> str:
        return str(self.agency.get("acronym") or "")

    @property
    def agency_unit(self) -> Mapping[str, str]:
        return _mapping(self.agency.get("unit"))

    @property
    def legal_basis(self) -> tuple[Mapping[str, Any], ...]:
        """The legal references: {"ordenamiento", "articulo", "url"?}."""
        return _mappings(self.metadata.get("legal_basis"))

    @property
    def offices(self) -> tuple[Mapping[str, Any], ...]:
        return _mappings(self.metadata.get("offices"))

    # LNETB art. 54 ficha fields added for the builder (all optional; {} / "" when absent).

    @property
    def applies_when(self) -> Mapping[str, str]:
        """IV: the cases in which the trámite must or may be done."""
        return _mapping(self.metadata.get("applies_when"))

    @property
    def plain_steps(self) -> Mapping[str, str]:
        """IV: the steps to follow, in plain language, one per line."""
        return _mapping(self.metadata.get("plain_steps"))

    @property
    def submission(self) -> str:
        """VI: "formato", "escrito_libre" or "ambos"."""
        return str(self.metadata.get("submission") or "")

    @property
    def formato(self) -> Mapping[str, Any]:
        """VII: {"name", "published_on"?, "published_in"?, "url"?}."""
        return _mapping(self.metadata.get("formato"))

    @property
    def inspection(self) -> Mapping[str, Any]:
        """VIII: {"applies": bool, "purpose"?}."""
        return _mapping(self.metadata.get("inspection"))

    @property
    def contact(self) -> Mapping[str, Any]:
        """IX: the responsible body's official contact."""
        return _mapping(self.metadata.get("contact"))

    @property
    def complaints(self) -> Mapping[str, Any]:
        """XVII: where to file a complaint."""
        return _mapping(self.metadata.get("complaints"))

    @property
    def forked_from(self) -> Mapping[str, Any]:
        """The shared app this one was forked from: {"publisher", "slug", "version"}."""
        return _mapping(self.metadata.get("forked_from"))

    # --- legal terms --------------------------------------------------------------------------

    @property
    def ficta(self) -> str:
        """ "afirmativa", "negativa" or "no_aplica" (the default when the definition is silent)."""
        return str(self._data.get("ficta") or FICTA_NO_APLICA)

    @property
    def plazo(self) -> Mapping[str, Any]:
        """The legal deadline to answer, {"value", "unit", "immediate"?}; {} when none."""
        return _mapping(self._data.get("plazo"))

    @property
    def plazo_days(self) -> tuple[int, str] | None:
        """(value, unit) of the legal deadline, the unit defaulting to "business_days"; None
        without one (as cases.deadlines.plazo_of)."""
        if "value" not in self.plazo:
            return None
        return int(self.plazo["value"]), str(self.plazo.get("unit") or "business_days")

    @property
    def is_immediate(self) -> bool:
        return bool(self.plazo.get("immediate"))

    @property
    def prevencion(self) -> Mapping[str, Any]:
        """{"authority_days", "applicant_days", "unit"}; {} when not declared."""
        return _mapping(self._data.get("prevencion"))

    @property
    def validity(self) -> Mapping[str, Any]:
        """How long what is granted lasts, {"kind", "value"?, "unit"?, "notes"?}."""
        return _mapping(self._data.get("validity"))

    @property
    def fees(self) -> Mapping[str, Any]:
        return _mapping(self._data.get("fees"))

    @property
    def fee_concepts(self) -> tuple[Mapping[str, Any], ...]:
        return _mappings(self.fees.get("concepts"))

    @property
    def fee_lines(self) -> tuple[dict[str, Any], ...]:
        """The concepts as citizens read them: `amount` computed from the UMA when only a UMA
        multiple is given, and `uma_text` ("30 UMA (2025) = $3,394.20") when there is one."""
        return tuple(fee_line(concept) for concept in self.fee_concepts)

    @property
    def payment_alternatives(self) -> tuple[Any, ...]:
        return tuple(_list(self.fees.get("payment_alternatives")))

    @property
    def fee_notes(self) -> Mapping[str, str] | None:
        notes = self.fees.get("notes")
        return notes if isinstance(notes, Mapping) else None

    # --- the form -----------------------------------------------------------------------------

    @cached_property
    def steps(self) -> tuple[Mapping[str, Any], ...]:
        return _mappings(_mapping(self._data.get("form")).get("steps"))

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(str(step.get("id")) for step in self.steps)

    def step(self, step_id: str) -> Mapping[str, Any] | None:
        return next((step for step in self.steps if step.get("id") == step_id), None)

    def step_fields(self, step_id: str) -> tuple[dict[str, Any], ...]:
        step = self.step(step_id)
        fields = _mappings(step.get("fields")) if step is not None else ()
        return tuple(dict(item) for item in fields if isinstance(item.get("id"), str))

    @cached_property
    def fields(self) -> tuple[dict[str, Any], ...]:
        """Every field of every step, in order (as rules.iter_fields)."""
        return tuple(iter_fields(self._data))

    @cached_property
    def _fields_by_id(self) -> Mapping[str, dict[str, Any]]:
        return {item["id"]: item for item in self.fields}

    def field(self, field_id: str) -> dict[str, Any] | None:
        return self._fields_by_id.get(field_id)

    @property
    def field_ids(self) -> tuple[str, ...]:
        return tuple(self._fields_by_id)

    @cached_property
    def documents(self) -> tuple[dict[str, Any], ...]:
        """The documents the citizen attaches (as rules.iter_documents)."""
        return tuple(iter_documents(self._data))

    def document(self, document_id: str) -> dict[str, Any] | None:
        return next((item for item in self.documents if item["id"] == document_id), None)

    @cached_property
    def rules(self) -> tuple[Mapping[str, Any], ...]:
        return tuple(
            rule
            for rule in _mappings(self._data.get("rules"))
            if isinstance(rule.get("target"), str)
        )

    @cached_property
    def rules_by_target(self) -> Mapping[str, tuple[Mapping[str, Any], ...]]:
        grouped: dict[str, list[Mapping[str, Any]]] = {}
        for rule in self.rules:
            grouped.setdefault(str(rule["target"]), []).append(rule)
        return {target: tuple(items) for target, items in grouped.items()}

    def active_items(self, answers: Mapping[str, Any]) -> tuple[set[str], set[str]]:
        """Ids of the visible fields and documents, and of the required ones (rules applied)."""
        return active_items(self._data, answers)

    def logic_answers(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        return logic_answers(self._data, answers)

    # --- outputs ------------------------------------------------------------------------------

    @cached_property
    def outputs(self) -> tuple[Mapping[str, Any], ...]:
        return _mappings(self._data.get("outputs"))

    def output(self, output_id: str) -> Mapping[str, Any] | None:
        return next((item for item in self.outputs if item.get("id") == output_id), None)

    def outputs_of_kind(self, *kinds: str) -> tuple[Mapping[str, Any], ...]:
        return tuple(item for item in self.outputs if item.get("kind") in kinds)

    @property
    def acuse(self) -> Mapping[str, Any] | None:
        """The acknowledgement of receipt the definition declares, if any (the platform's
        default acuse is the caller's business)."""
        return next(iter(self.outputs_of_kind(ACUSE)), None)

    @property
    def resolution_outputs(self) -> tuple[Mapping[str, Any], ...]:
        """Outputs that answer the application (resoluciones, constancias)."""
        return self.outputs_of_kind(*RESOLUTION_KINDS)

    def outputs_on_state(
        self, state_id: str, *, resolutions_only: bool = False
    ) -> tuple[Mapping[str, Any], ...]:
        """Outputs issued when a case reaches `state_id`; only the authority's answers (no
        acuse) with `resolutions_only`."""
        return tuple(
            item
            for item in self.outputs
            if item.get("on_state") == state_id
            and (not resolutions_only or item.get("kind") in RESOLUTION_KINDS)
        )

    # --- workflow -----------------------------------------------------------------------------

    @property
    def workflow(self) -> Mapping[str, Any]:
        return _mapping(self._data.get("workflow"))

    @property
    def initial_state(self) -> str:
        return str(self.workflow.get("initial") or "")

    @cached_property
    def final_states(self) -> frozenset[str]:
        return frozenset(str(state) for state in _list(self.workflow.get("final")))

    @cached_property
    def states(self) -> tuple[Mapping[str, Any], ...]:
        return _mappings(self.workflow.get("states"))

    @property
    def state_ids(self) -> tuple[str, ...]:
        return tuple(str(state.get("id")) for state in self.states)

    def state(self, state_id: str) -> Mapping[str, Any]:
        """The state, or a stand-in named by its id (a case may sit in a state a later version
        dropped)."""
        found = next((item for item in self.states if item.get("id") == state_id), None)
        return (
            found
            if found is not None
            else {"id": state_id, "name": dict.fromkeys(("es-MX", "en"), state_id)}
        )

    def state_name(self, state_id: str, *, citizen: bool = True) -> Mapping[str, str]:
        """The state's name as citizens see it (its citizen_name when it has one)."""
        item = self.state(state_id)
        return _mapping((item.get("citizen_name") if citizen else None) or item.get("name"))

    @cached_property
    def resolution_states(self) -> frozenset[str]:
        """States where the authority has answered: final ones, and those issuing a resolution."""
        issuing = {str(item.get("on_state")) for item in self.resolution_outputs}
        return self.final_states | issuing

    @cached_property
    def transitions(self) -> tuple[Mapping[str, Any], ...]:
        return _mappings(self.workflow.get("transitions"))

    def transition(self, transition_id: str) -> Mapping[str, Any] | None:
        return next((item for item in self.transitions if item.get("id") == transition_id), None)

    def transitions_from(
        self, state_id: str, *, actor: str | None = None
    ) -> tuple[Mapping[str, Any], ...]:
        return tuple(
            item
            for item in self.transitions
            if item.get("from") == state_id and (actor is None or item.get("actor") == actor)
        )

    def transitions_triggered_by(self, trigger: str) -> tuple[Mapping[str, Any], ...]:
        """System transitions such as "plazo_vencido" or "prevencion_vencida"."""
        return tuple(item for item in self.transitions if item.get("trigger") == trigger)

    def correction_transition(self, state_id: str) -> Mapping[str, Any] | None:
        """The citizen's way out of a prevención: a citizen transition from this state that
        does not end the case. None when the case is not waiting for the citizen."""
        return next(
            (
                item
                for item in self.transitions_from(state_id, actor=CITIZEN)
                if item.get("to") not in self.final_states
            ),
            None,
        )

    # --- local values -------------------------------------------------------------------------

    @cached_property
    def overrides(self) -> tuple[Mapping[str, Any], ...]:
        """The override points the publisher declared (apps_registry.local_values's input)."""
        return tuple(item for item in _mappings(self._data.get("overrides")) if "key" in item)

    def override(self, key: str) -> Mapping[str, Any] | None:
        return next((item for item in self.overrides if item["key"] == key), None)
