from __future__ import annotations

import json
from pathlib import Path

import pytest

from apps_registry.local_values import apply_local_values, validate_local_values
from catalog.definition import validate_definition
from demo.adoptions import SONORA, YUCATAN, local_values_for, not_applicable_for

BUNDLES = sorted((Path(__file__).resolve().parents[2] / "demo/bundles").glob("*/*.json"))


@pytest.mark.parametrize("profile", [SONORA, YUCATAN], ids=["sonora", "yucatan"])
def test_demo_local_values_fill_every_required_point_of_every_bundled_app(profile):
    assert len(BUNDLES) > 40
    for path in BUNDLES:
        bundle = json.loads(path.read_text(encoding="utf-8"))
        for entry in bundle["versions"]:
            definition = entry["definition"]
            values = local_values_for(definition, bundle["app"]["slug"], profile)

            cleaned, problems = validate_local_values(definition, values, require_all=True)

            assert problems == [], (path.name, entry["version"])
            assert validate_definition(apply_local_values(definition, cleaned)) == [], path.name


@pytest.mark.parametrize("profile", [SONORA, YUCATAN], ids=["sonora", "yucatan"])
def test_demo_adopters_pass_the_place_bound_gate_of_every_bundled_app(profile):
    """An adopter sets every place-bound value or marks it "no aplica" (nothing falls back to
    the publisher's), so every real app can go live on its site."""
    for path in BUNDLES:
        bundle = json.loads(path.read_text(encoding="utf-8"))
        definition = bundle["versions"][-1]["definition"]
        values = local_values_for(definition, bundle["app"]["slug"], profile)

        _cleaned, problems = validate_local_values(
            definition,
            values,
            require_all=True,
            not_applicable=not_applicable_for(definition, values),
            is_publisher=False,
        )

        assert problems == [], path.name
