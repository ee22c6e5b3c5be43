"""The dashboard page: server-drawn SVG charts with their figures in tables, aggregates only
(no name, CURP or folio), for the case staff of the government whose host it is."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.models import Case
from cases.office.charts import bar_chart, donut_chart
from core.models import Role
from tests.cases.test_officer_views import file_case, signed_in

DASHBOARD = "/gestion/expedientes/tablero/"


def test_bars_scale_to_the_largest_value():
    chart = bar_chart([("Recibida", 2), ("En revisión", 8), ("Aprobada", 0)])

    assert [bar.width for bar in chart.bars] == [80.0, 320.0, 0.0]
    assert [bar.y for bar in chart.bars] == [0, 32, 64]
    assert chart.height == 86


def test_an_empty_bar_chart_draws_no_bar():
    assert bar_chart([("Recibida", 0)]).bars[0].width == 0.0


def test_donut_segments_follow_each_other_from_twelve_oclock():
    chart = donut_chart([("En línea", 3), ("Solo presencial", 97)])

    assert [(s.share, s.dasharray, s.dashoffset) for s in chart.segments] == [
        (3.0, "3.000 97.000", 25.0),
        (97.0, "97.000 3.000", 22.0),
    ]
    assert chart.total == 100


def test_the_dashboard_shows_aggregates_with_tables_and_no_personal_data(
    sonora, citizen, sonora_app, make_user
):
    # given two cases, one resolved within its plazo
    waiting = file_case(sonora, citizen, sonora_app)
    resolved = file_case(sonora, citizen, sonora_app)
    with schema_context(sonora.schema_name):
        Case.objects.filter(pk=resolved.pk).update(status="aprobada", resolved_at=timezone.now())
        waiting = Case.objects.get(pk=waiting.pk)
    officer = make_user(sonora, email="tablero@sonora.gob.mx", roles=[Role.CASE_OFFICER])

    # when
    response = signed_in(sonora, officer).get(DASHBOARD)

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="img"') == 3  # digitisation, timeliness, the app's statuses
    assert page.count("<table") == 3
    assert '<th scope="row">Recibida</th><td>1</td>' in page
    assert '<th scope="row">Aprobada</th><td>1</td>' in page
    assert "<strong>100 %</strong>resueltos dentro del plazo legal" in re.sub(r"\s+", " ", page)
    for personal in (waiting.folio, resolved.folio, waiting.applicant_name, "LOPM900517"):
        assert personal not in page


@pytest.mark.parametrize("roles", [[], [Role.PUBLISHER]])
def test_the_dashboard_is_for_case_staff_only(sonora, make_user, roles):
    user = make_user(sonora, email="otra@sonora.gob.mx", roles=roles, is_staff=bool(roles))

    assert signed_in(sonora, user).get(DASHBOARD).status_code == 403


def test_cdmx_dashboard_does_not_count_sonora_cases(cdmx, sonora, citizen, sonora_app, make_user):
    file_case(sonora, citizen, sonora_app)
    officer = make_user(cdmx, email="tablero@cdmx.gob.mx", roles=[Role.AUDITOR])

    page = signed_in(cdmx, officer).get(DASHBOARD).content.decode()

    assert "Todavía no hay expedientes." in page
    assert "<strong>0</strong>expedientes en total" in re.sub(r"\s+", " ", page)
