"""A publisher's `pattern` runs on every citizen's answer: with RE2 it takes time linear in the
answer (no catastrophic backtracking), and a pattern that RE2 or the browser would read otherwise
is refused at save with a located error in both languages."""

from __future__ import annotations

import time

import pytest

from catalog.definition import registry, validate_definition
from catalog.definition.errors import DefinitionErrorCode
from catalog.definition.field_types import FieldValueError
from catalog.definition.patterns import fullmatch, pattern_problem
from tests.catalog.definition.conftest import minimal_definition, t


def test_an_exponential_pattern_answers_a_long_hostile_text_at_once():
    field = {"id": "clave", "type": "text", "label": t("Clave"), "pattern": "^(a+)+$"}
    hostile = "a" * 5_000 + "!"

    started = time.process_time()
    with pytest.raises(FieldValueError):
        registry["text"].clean(field, hostile)
    spent = time.process_time() - started

    # Python's re needed about 10 s for 24 letters (doubling per letter); RE2 is linear.
    assert spent < 1.0


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("[A-Z]{4}[0-9]{6}", "LOMA900517", True),
        ("[A-Z]{4}[0-9]{6}", "LOMA900517X", False),  # the whole text, as HTML's pattern
        ("\\d{5}", "83150", True),
        ("(sí|no)", "sí", True),
    ],
)
def test_patterns_match_the_whole_text_as_the_browser_does(pattern, text, expected):
    assert fullmatch(pattern, text) is expected


@pytest.mark.parametrize(
    "pattern",
    [
        "(?=a)b",  # lookahead: RE2 has none
        "(a)\\1",  # back-reference
        "(?i)abc",  # inline flag: not JavaScript
        "(?P<year>\\d{4})",  # Python/RE2 named group: JavaScript spells it otherwise
        "\\Aabc\\z",
        "\\pL+",
        "[a-",
    ],
)
def test_patterns_that_re2_or_browsers_read_otherwise_are_refused_where_they_are(pattern):
    definition = minimal_definition(
        [{"id": "clave", "type": "text", "label": t("Clave"), "pattern": pattern}]
    )

    problems = [e for e in validate_definition(definition) if e.code == "invalid_pattern"]

    assert pattern_problem(pattern) is not None
    assert [(e.code, e.location) for e in problems] == [
        (DefinitionErrorCode.INVALID_PATTERN, "/form/steps/0/fields/0/pattern")
    ]
    assert problems[0].message_es.startswith("Expresión regular no válida (")
    assert problems[0].message_en.startswith("Invalid regular expression (")


def test_portable_patterns_are_accepted():
    for pattern in ("[A-Z]{4}\\d{6}[HM][A-Z]{5}[0-9A-Z]\\d", "(?:calle|avenida) .+", "\\p{L}+"):
        assert pattern_problem(pattern) is None
