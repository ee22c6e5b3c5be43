"""Conditions in words ⇄ JSON Logic: the exact JSON the editor writes, read back to the same
words, evaluated alike by the server (datalogic-py) and the browser (json-logic-js)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from catalog.builder.ops_conditions import (
    Condition,
    Logic,
    editable,
    encode_logic,
    logic_words,
    parse_logic,
    stale_option_problems,
)
from catalog.definition.rules import evaluate_rule
from tests.catalog.builder.test_conditions_pages import rules_definition

Q = Condition
CASES = [
    (Q("tipo", "es", ("moral",)), {"==": [{"var": "tipo"}, "moral"]}),
    (Q("tipo", "no_es", ("moral",)), {"!=": [{"var": "tipo"}, "moral"]}),
    (Q("acepta", "es", (False,)), {"===": [{"var": "acepta"}, False]}),
    (Q("acepta", "no_es", (False,)), {"!==": [{"var": "acepta"}, False]}),
    (Q("acepta", "es", (True,)), {"==": [{"var": "acepta"}, True]}),
    (Q("edad", "es", (0,)), {"===": [{"var": "edad"}, 0]}),
    (Q("tipo", "una_de", ("fisica", "moral")), {"in": [{"var": "tipo"}, ["fisica", "moral"]]}),
    (Q("tipo", "ninguna_de", ("moral",)), {"!": {"in": [{"var": "tipo"}, ["moral"]]}}),
    (Q("intereses", "incluye", ("deporte",)), {"in": ["deporte", {"var": "intereses"}]}),
    (Q("intereses", "no_incluye", ("deporte",)), {"!": {"in": ["deporte", {"var": "intereses"}]}}),
    (Q("edad", "mayor", (17,)), {">": [{"var": "edad"}, 17]}),
    (Q("edad", "menor", (65,)), {"<": [{"var": "edad"}, 65]}),
    (Q("edad", "mayor_igual", (18,)), {">=": [{"var": "edad"}, 18]}),
    (Q("edad", "menor_igual", (2.5,)), {"<=": [{"var": "edad"}, 2.5]}),
    (Q("razon", "contestada"), {"!": {"missing": ["razon"]}}),
    (Q("razon", "no_contestada"), {"missing": ["razon"]}),
]


@pytest.mark.parametrize(("condition", "expected"), CASES)
def test_each_condition_in_words_writes_exact_json_logic_and_reads_back(condition, expected):
    logic = Logic("all", (condition,))
    assert encode_logic(logic) == expected
    assert parse_logic(expected) == logic


def test_groups_write_and_or_and_read_back():
    conditions = (CASES[0][0], CASES[10][0])
    for match, operator in (("all", "and"), ("any", "or")):
        logic = Logic(match, conditions)
        written = encode_logic(logic)
        assert written == {operator: [CASES[0][1], CASES[10][1]]}
        assert parse_logic(written) == logic


@pytest.mark.parametrize(
    "logic",
    [
        {"and": [{"==": [{"var": "tipo"}, "moral"]}, {"or": [{"missing": ["razon"]}]}]},
        {"!!": [{"var": "edad"}]},  # 0 is an answer `!!` takes as false
        {"cat": ["a", "b"]},
        {"==": [{"var": "tipo"}, {"var": "razon"}]},
        {"==": [{"var": ["tipo", "x"]}, "moral"]},
        True,
    ],
)
def test_what_the_editor_cannot_express_is_not_editable(logic):
    assert parse_logic(logic) is None or editable(logic, rules_definition()) is None


def test_a_condition_on_a_document_is_not_editable_but_has_words():
    definition = rules_definition()
    logic = {"!": {"missing": ["ine"]}}
    assert editable(logic, definition) is None
    assert logic_words({"and": [logic, {"!!": [{"var": "razon"}]}]}, definition)


def test_words_use_labels():
    words = logic_words(
        {"or": [{"==": [{"var": "tipo"}, "moral"]}, {">": [{"var": "edad"}, 17]}]},
        rules_definition(),
    )
    assert words == "«Tipo de persona» es «Persona moral» o «Edad» es mayor que «17»"


def test_a_rule_on_an_option_that_no_longer_exists_is_located():
    definition = rules_definition()
    definition["rules"] = [
        {"id": "r", "effect": "show", "target": "razon", "when": CASES[6][1]},
    ]
    definition["form"]["steps"][0]["fields"][1]["options"].pop()  # "moral" removed
    problems = stale_option_problems(definition)
    assert [p.location for p in problems] == [
        "/definition/rules/0/when",
        "/definition/documents/1/condition",
    ]
    assert "moral" in problems[0].message_es


BUNDLES = sorted(Path("demo/bundles").glob("**/*.json"))


def test_no_real_bundle_has_a_condition_on_a_missing_option_and_most_rules_are_editable():
    editable_count = total = 0
    for path in BUNDLES:
        definition = json.loads(path.read_text())["versions"][-1]["definition"]
        assert stale_option_problems(definition) == [], path
        for rule in definition.get("rules", []):
            total += 1
            editable_count += editable(rule["when"], definition) is not None
    assert editable_count == total  # "!!" on a multiple choice reads as "está contestada"


DATA = [
    {},
    {"tipo": "moral"},
    {"tipo": "fisica"},
    {"acepta": False},
    {"acepta": True},
    {"edad": 0},
    {"edad": 17},
    {"edad": 18},
    {"edad": 2.5},
    {"edad": 70},
    {"intereses": ["deporte"]},
    {"intereses": ["cultura"]},
    {"razon": "ACME"},
]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node for json-logic-js")
def test_server_and_browser_evaluate_every_written_condition_alike(tmp_path):
    rules = [expected for _condition, expected in CASES]
    rules.append(encode_logic(Logic("any", (CASES[0][0], CASES[10][0]))))
    rules.append(encode_logic(Logic("all", (CASES[2][0], CASES[14][0]))))
    script = tmp_path / "check.js"
    script.write_text(
        "const logic = require(process.argv[2]);\n"
        "const [rules, data] = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "console.log(JSON.stringify(rules.map(r => data.map(d => {\n"
        "  try { return logic.truthy(logic.apply(r, d)); } catch (e) { return false; }\n"
        "}))));\n"
    )
    vendor = Path("cases/static/cases/vendor/json-logic-2.0.5.js").resolve()
    result = subprocess.run(
        ["node", str(script), str(vendor)],
        input=json.dumps([rules, DATA]),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    browser = json.loads(result.stdout)
    server = [[evaluate_rule(rule, data) for data in DATA] for rule in rules]
    assert server == browser
