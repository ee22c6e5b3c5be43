"""The "Costos y plazos" page: fees (fixed and in UMA), plazo, ficta, prevención and validity."""

from __future__ import annotations

import pytest

from catalog.definition.uma import uma_amount, uma_text

URL = "/gestion/publicacion/constancia/constructor/costos/"


@pytest.fixture
def page(cdmx, builder_app, signed_in, page_form):
    app = builder_app(cdmx)
    client = signed_in(cdmx)
    return app, client, page_form(client.get(URL))


def test_a_fixed_fee_and_payment_options_are_added_with_an_id_from_the_label(
    page, draft_of, page_form
):
    app, client, data = page
    data.update(
        {
            "fees-0-concept_es": "Expedición de la constancia",
            "fees-0-concept_en": "Issuing the certificate",
            "fees-0-amount": "1,099.50",
            "fees-0-fiscal_year": "2025",
            "fees-0-notes_es": "Por cada constancia.",
            "payment-0-text_es": "Ventanilla bancaria",
            "payment-0-text_en": "Bank counter",
            "fee_notes_es": "Pago antes de presentar la solicitud.",
        }
    )

    assert client.post(URL, data).status_code == 302
    fees = draft_of(app).definition["fees"]
    assert fees["concepts"] == [
        {
            "id": "expedicion_de_la_constancia",
            "concept": {"es-MX": "Expedición de la constancia", "en": "Issuing the certificate"},
            "amount": 1099.5,
            "fiscal_year": 2025,
            "notes": {"es-MX": "Por cada constancia."},
            "currency": "MXN",
        }
    ]
    assert fees["payment_alternatives"] == [{"es-MX": "Ventanilla bancaria", "en": "Bank counter"}]
    assert fees["notes"] == {"es-MX": "Pago antes de presentar la solicitud."}
    # Round trip: the saved page shows it again and saving it unchanged changes nothing.
    again = client.get(URL)
    assert "Concepto de pago 1: Expedición de la constancia" in again.content.decode()
    before = draft_of(app).definition
    assert client.post(URL, page_form(again)).status_code == 302
    assert draft_of(app).definition == before


def test_a_fee_in_uma_is_saved_and_shown_in_pesos(page, draft_of, page_form):
    app, client, data = page
    data.update(
        {
            "fees-0-concept_es": "Licencia de construcción",
            "fees-0-uma_multiple": "30",
            "fees-0-fiscal_year": "2025",
            "fees-0-per_unit_es": "metro cuadrado",
            "fees-0-per_unit_en": "square metre",
        }
    )

    assert client.post(URL, data).status_code == 302
    concept = draft_of(app).definition["fees"]["concepts"][0]
    assert concept["uma_multiple"] == 30
    assert "amount" not in concept
    assert concept["per_unit"] == {"es-MX": "metro cuadrado", "en": "square metre"}
    html = client.get(URL).content.decode()
    assert "= $3,394.20 con la UMA de 2025 ($113.14 diarios)" in html


def test_uma_computation():
    assert str(uma_amount(30, 2025)) == "3394.20"
    assert str(uma_amount("1.5", 2024)) == "162.86"  # 162.855 rounded half up
    assert uma_amount(30, 2019) is None
    assert (
        uma_text({"uma_multiple": 30, "fiscal_year": 2025}, "es-MX") == "30 UMA (2025) = $3,394.20"
    )
    assert (
        uma_text({"uma_multiple": 2, "fiscal_year": 2023, "per_unit": {"es-MX": "copia"}}, "es-MX")
        == "2 UMA (2023) = $207.48 por copia"
    )


def test_a_uma_year_without_a_known_value_is_refused_beside_the_year(page, draft_of):
    app, client, data = page
    before = draft_of(app).definition
    data.update(
        {"fees-0-concept_es": "Derecho", "fees-0-uma_multiple": "10", "fees-0-fiscal_year": "2019"}
    )

    response = client.post(URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "No se conoce el valor de la UMA de 2019" in html
    assert 'href="#id_fees-0-fiscal_year"' in html
    assert 'id="id_fees-0-fiscal_year-errores"' in html
    assert 'value="Derecho"' in html
    assert draft_of(app).definition == before


def test_a_concept_without_amount_or_uma_is_refused_beside_the_amount(page, draft_of):
    app, client, data = page
    data.update({"fees-0-concept_es": "Derecho", "fees-0-fiscal_year": "2025"})

    response = client.post(URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Escriba el monto en pesos o el número de UMA" in html
    assert 'href="#id_fees-0-amount"' in html
    assert "fees" in draft_of(app).definition and draft_of(app).definition["fees"]["concepts"] == []


def test_an_amount_that_is_not_a_number_is_refused_keeping_what_was_typed(page, draft_of):
    app, client, data = page
    before = draft_of(app).definition
    data.update(
        {"fees-0-concept_es": "Derecho", "fees-0-amount": "mil", "fees-0-fiscal_year": "2025"}
    )

    response = client.post(URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_fees-0-amount-errores"' in html
    assert 'value="mil"' in html
    assert draft_of(app).definition == before


def test_plazo_ficta_prevencion_and_validity_are_saved(page, draft_of):
    app, client, data = page
    data.update(
        {
            "plazo_value": "15",
            "plazo_unit": "calendar_days",
            "plazo_immediate": "1",
            "ficta": "afirmativa",
            "prevencion_authority_days": "10",
            "prevencion_applicant_days": "7",
            "prevencion_unit": "calendar_days",
            "validity_kind": "periodo",
            "validity_value": "3",
            "validity_unit": "years",
            "validity_notes_es": "Renovable.",
        }
    )

    assert client.post(URL, data).status_code == 302
    definition = draft_of(app).definition
    assert definition["plazo"] == {"value": 15, "unit": "calendar_days", "immediate": True}
    assert definition["ficta"] == "afirmativa"
    assert definition["prevencion"] == {
        "authority_days": 10,
        "applicant_days": 7,
        "unit": "calendar_days",
    }
    assert definition["validity"] == {
        "kind": "periodo",
        "value": 3,
        "unit": "years",
        "notes": {"es-MX": "Renovable."},
    }


def test_ficta_is_explained_in_words(page):
    _app, client, _data = page
    html = client.get(URL).content.decode()
    assert "Afirmativa ficta: si la autoridad no responde a tiempo, se entiende aprobado." in html
    assert '<option value="negativa" selected>' in html


def test_a_period_validity_without_duration_is_refused_at_its_control(page, draft_of):
    app, client, data = page
    data.update({"validity_kind": "periodo", "validity_value": "", "validity_unit": ""})

    response = client.post(URL, data)

    assert response.status_code == 200
    assert "Error: " in response.content.decode()
    assert draft_of(app).definition["validity"] == {"kind": "permanente"}


def test_removing_a_fee_row_removes_the_concept(page, draft_of, page_form):
    app, client, data = page
    data.update(
        {"fees-0-concept_es": "Derecho", "fees-0-amount": "10", "fees-0-fiscal_year": "2025"}
    )
    assert client.post(URL, data).status_code == 302
    data = page_form(client.get(URL))
    for name in [key for key in data if key.startswith("fees-0-")]:
        data[name] = ""

    assert client.post(URL, data).status_code == 302
    assert draft_of(app).definition["fees"]["concepts"] == []
