"""The form preview renderer: accessible markup that carries the rules for the browser."""

from __future__ import annotations

import json
import re
from html import unescape

from catalog.definition import validate_answers
from catalog.definition.rendering import render_form


def test_every_step_is_a_fieldset_with_a_legend(licencia: dict) -> None:
    html = render_form(licencia)

    assert html.count('<fieldset class="app-form__step"') == 4
    assert "<legend><h2>Datos de la persona solicitante</h2></legend>" in html


def test_inputs_have_labels_and_help_is_described(licencia: dict) -> None:
    html = render_form(licencia)

    assert '<label for="campo-telefono">Teléfono celular' in html
    assert re.search(
        r'<input type="tel" id="campo-telefono" name="telefono"[^>]*'
        r'aria-describedby="campo-telefono-ayuda"',
        html,
    )
    assert 'id="campo-telefono-ayuda">10 dígitos, sin espacios.</p>' in html


def test_errors_sit_next_to_their_field(licencia: dict) -> None:
    answers = {"telefono": "123", "modalidad": "expedicion"}
    _, errors = validate_answers(licencia, answers)

    html = render_form(licencia, answers=answers, errors=errors)

    assert (
        '<p class="app-field__error" id="campo-telefono-error">Escribe un teléfono de 10 dígitos.</p>'
        in html
    )
    assert re.search(r'id="campo-telefono"[^>]*aria-invalid="true"', html)
    assert re.search(
        r'id="campo-telefono"[^>]*aria-describedby="campo-telefono-ayuda campo-telefono-error"',
        html,
    )


def test_rules_travel_as_data_attributes(licencia: dict) -> None:
    html = render_form(licencia)

    match = re.search(r'data-field="motivo_reposicion" data-show-when="([^"]*)"', html)
    assert match
    assert json.loads(unescape(match.group(1))) == [{"==": [{"var": "modalidad"}, "reposicion"]}]


def test_answers_hide_fields_and_documents_the_rules_hide(licencia: dict) -> None:
    html = render_form(licencia, answers={"modalidad": "expedicion"})

    assert re.search(r'data-field="motivo_reposicion"[^>]* hidden>', html)
    assert 'data-document="denuncia_robo" hidden' in html
    assert 'data-document="identificacion_oficial">' in html


def test_english_and_preview(licencia: dict) -> None:
    html = render_form(licencia, language="en", preview=True)

    assert 'lang="en"' in html
    assert "<legend><h2>Applicant details</h2></legend>" in html
    assert "data-preview" in html
    assert 'id="paso-solicitante" disabled' in html


def test_address_parts_have_their_own_labels(licencia: dict) -> None:
    html = render_form(licencia)

    assert '<label for="campo-domicilio-codigo_postal">Código postal' in html
    assert 'name="domicilio.codigo_postal"' in html
    assert 'autocomplete="postal-code"' in html
