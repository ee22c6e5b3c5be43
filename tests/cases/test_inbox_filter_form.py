"""The inbox's filters from its query string (cases.office.forms.InboxFilterForm): the page's
parameter names, every one optional, and a value that does not parse left out as if not given."""

from __future__ import annotations

import uuid
from datetime import date

from django.http import QueryDict

from cases.office.forms import InboxFilterForm
from cases.office.selectors import OPEN, InboxFilters


def _filters(query: str) -> InboxFilters:
    return InboxFilterForm(QueryDict(query)).filters(viewer=None)


def test_no_parameters_are_the_open_cases_of_everyone() -> None:
    assert _filters("") == InboxFilters(status=OPEN)


def test_each_parameter_becomes_its_filter() -> None:
    app = uuid.uuid4()

    filters = _filters(
        f"tramite={app}&estado=en_revision&asignado=mios&plazo=vencidos"
        "&desde=2026-01-31&hasta=2026-02-01&q=%20Ana%20L%C3%B3pez"
    )

    assert filters == InboxFilters(
        app=app,
        status="en_revision",
        assigned="mios",
        deadline="vencidos",
        filed_from=date(2026, 1, 31),
        filed_to=date(2026, 2, 1),
        query=" Ana López",
    )


def test_values_that_do_not_parse_are_ignored_and_the_rest_kept() -> None:
    filters = _filters("tramite=no-es-uuid&desde=2026-13-01&hasta=ayer&estado=todos")

    assert filters == InboxFilters(status="todos")


def test_a_long_search_is_cut_to_its_first_hundred_characters() -> None:
    assert _filters("q=" + "a" * 150).query == "a" * 100
