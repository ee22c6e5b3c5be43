"""The officer back office's forms: the inbox's filters, read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.office.selectors import OPEN, InboxFilters
from core.models import User

QUERY_MAX_LENGTH = 100


class InboxFilterForm(forms.Form):
    """The inbox's GET parameters (the names its page and its links use). Every field is
    optional, and a value that does not parse (a malformed date or procedure id) is left out of
    the filters, as if not given: a link with a stale or mistyped parameter still shows the
    inbox. The values are shown back from the query string itself (the page's own select and
    input elements), so the form is not rendered."""

    tramite = forms.UUIDField(required=False)
    # Status ids come from each procedure's definition: any text, matched by the selector.
    estado = forms.CharField(required=False)
    # ASSIGNED_MINE, ASSIGNED_NONE or an officer's public id (checked by the selector).
    asignado = forms.CharField(required=False)
    plazo = forms.CharField(required=False)
    desde = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    hasta = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    # Cut rather than refused when longer: a pasted paragraph still searches its beginning.
    q = forms.CharField(required=False, strip=False)

    def clean_q(self) -> str:
        return str(self.cleaned_data["q"])[:QUERY_MAX_LENGTH]

    def filters(self, *, viewer: User | None) -> InboxFilters:
        """The filters of the valid fields; `viewer` is who "mine" means."""
        self.is_valid()  # invalid fields are simply missing from cleaned_data
        data: dict[str, Any] = self.cleaned_data
        return InboxFilters(
            app=data.get("tramite"),
            status=data.get("estado") or OPEN,
            assigned=data.get("asignado") or "",
            viewer=viewer,
            deadline=data.get("plazo") or "",
            filed_from=data.get("desde"),
            filed_to=data.get("hasta"),
            query=data.get("q") or "",
        )
