"""CDMX's hand-written apps read as the serving government's own: no text outside the override
points (the publisher's own agency, offices and legal basis, which adopters replace) names CDMX,
its alcaldías or its agencies; place-bound words are jurisdiction variables instead."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import demo
from demo.crawl import Matcher

CDMX_BUNDLES = sorted((Path(demo.__file__).resolve().parent / "bundles" / "cdmx").glob("*.json"))
# Override points: the publisher's own facts, replaced by each adopter's values.
OWN_FACTS = re.compile(r"^/metadata/(offices|legal_basis|agency|homoclave)(/|$)|/legal_basis/")
STRUCTURE = re.compile(r"/(id|value|target|var|slug)$")


def _texts(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield pointer, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{pointer}/{index}")


@pytest.mark.parametrize("path", CDMX_BUNDLES, ids=[p.stem for p in CDMX_BUNDLES])
def test_cdmx_bundle_names_no_cdmx_term_outside_its_own_facts(path: Path) -> None:
    matcher = Matcher.for_terms("cdmx")
    bundle = json.loads(path.read_text(encoding="utf-8"))

    found = [
        (entry["version"], pointer, terms)
        for entry in bundle["versions"]
        for pointer, text in _texts(entry["definition"])
        if not OWN_FACTS.search(pointer)
        and not STRUCTURE.search(pointer)
        and (terms := matcher.find(text))
    ]

    assert found == []


def test_alcaldia_fields_became_municipality_code_lists() -> None:
    fields = [
        field
        for path in CDMX_BUNDLES
        for entry in json.loads(path.read_text(encoding="utf-8"))["versions"]
        for step in entry["definition"]["form"]["steps"]
        for field in step.get("fields", [])
        if field.get("type") == "code_list"
    ]

    assert len(fields) == 10
    assert {field["list"] for field in fields} == {"municipios"}
    assert {field["id"] for field in fields} == {"municipio"}
    assert {field["label"]["es-MX"] for field in fields} == {"{{Entidad.unidad_territorial}}"}
