"""Mexican identifiers as the kernel checks them (profile and form fields alike)."""

from __future__ import annotations

import pytest

from core.identifiers import (
    GENERIC_RFCS,
    IdentifierError,
    clean_curp,
    clean_email,
    clean_phone_mx,
    clean_postal_code,
    clean_rfc,
)


def test_curp_is_upper_cased_and_its_check_digit_verified() -> None:
    assert clean_curp(" pegj850312hdfrrn07 ") == "PEGJ850312HDFRRN07"
    with pytest.raises(IdentifierError) as wrong_digit:
        clean_curp("PEGJ850312HDFRRN08")
    assert wrong_digit.value.reason == "check_digit"
    assert wrong_digit.value.message_es == (
        "El dígito verificador de la CURP no coincide; revisa que esté bien escrita."
    )
    assert wrong_digit.value.message_en == (
        "The CURP check digit does not match; check that it is typed correctly."
    )
    with pytest.raises(IdentifierError) as malformed:
        clean_curp("PEGJ850312")
    assert malformed.value.reason == "invalid"
    assert str(malformed.value) == malformed.value.message_es


def test_rfc_persona_fisica_and_moral() -> None:
    assert clean_rfc("gode561231gr8") == "GODE561231GR8"
    assert clean_rfc("MAB9307148T4") == "MAB9307148T4"
    assert clean_rfc("GODE561231GR8", persona="fisica") == "GODE561231GR8"
    assert clean_rfc("MAB9307148T4", persona="moral") == "MAB9307148T4"
    with pytest.raises(IdentifierError) as not_moral:
        clean_rfc("GODE561231GR8", persona="moral")
    assert not_moral.value.reason == "persona"
    assert not_moral.value.message_es == "Escribe un RFC de persona moral (12 caracteres)."
    with pytest.raises(IdentifierError) as not_fisica:
        clean_rfc("MAB9307148T4", persona="fisica")
    assert not_fisica.value.message_en == "Enter an RFC of an individual (13 characters)."


def test_rfc_check_digit() -> None:
    with pytest.raises(IdentifierError) as wrong_digit:
        clean_rfc("GODE561231GR9")
    assert wrong_digit.value.reason == "check_digit"
    # A form may switch the check off (old RFCs issued with wrong digits exist).
    assert clean_rfc("GODE561231GR9", check_digit=False) == "GODE561231GR9"
    with pytest.raises(IdentifierError) as malformed:
        clean_rfc("GODE5612")
    assert malformed.value.reason == "invalid"


def test_generic_rfcs_pass_without_their_check_digit() -> None:
    assert sorted(GENERIC_RFCS) == ["XAXX010101000", "XEXX010101000"]
    assert clean_rfc("xaxx010101000") == "XAXX010101000"
    assert clean_rfc("XEXX010101000", persona="fisica") == "XEXX010101000"


def test_phone_has_ten_digits() -> None:
    assert clean_phone_mx("662 123 4567") == "6621234567"
    assert clean_phone_mx("+52 (662) 123-4567") == "6621234567"
    assert clean_phone_mx("526621234567") == "6621234567"
    for wrong in ("662123456", "66212345678", "teléfono", ""):
        with pytest.raises(IdentifierError) as error:
            clean_phone_mx(wrong)
        assert error.value.message_es == "Escribe un teléfono de 10 dígitos."


def test_postal_code_has_five_digits_and_never_starts_with_00() -> None:
    assert clean_postal_code(" 06700 ") == "06700"
    assert clean_postal_code("83150") == "83150"
    for wrong in ("6700", "067000", "00100", "ABCDE"):
        with pytest.raises(IdentifierError) as error:
            clean_postal_code(wrong)
        assert error.value.message_en == "The postal code has 5 digits."


def test_email_is_normalised_offline() -> None:
    assert clean_email(" Ana@Example.MX ") == "Ana@example.mx"
    with pytest.raises(IdentifierError) as error:
        clean_email("ana@")
    assert error.value.message_es == (
        "Escribe un correo electrónico válido, por ejemplo nombre@dominio.mx."
    )
