"""The demo catalogue data: hand-written CDMX and Sonora bundles and the synthetic example apps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import demo
from catalog.bundles import bundle_loads, bundle_shape_errors
from catalog.definition import validate_definition
from catalog.models import parse_semver
from demo.synthetic import synthetic_bundles

BUNDLES_DIR = Path(demo.__file__).resolve().parent / "bundles"
BUNDLE_FILES = sorted(BUNDLES_DIR.glob("*/*.json"))


def _load(path: Path) -> dict[str, Any]:
    bundle, errors = bundle_loads(path.read_text(encoding="utf-8"))
    assert errors == []
    assert bundle is not None
    return bundle


def _files_of(publisher: str) -> list[Path]:
    return [path for path in BUNDLE_FILES if path.parent.name == publisher]


@pytest.mark.parametrize(
    "path", BUNDLE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in BUNDLE_FILES]
)
def test_bundle_file_is_a_valid_bundle_with_valid_definitions(path: Path) -> None:
    # when
    bundle = _load(path)

    # then
    assert bundle_shape_errors(bundle) == []
    slug = bundle["app"]["slug"]
    assert path.name == f"{slug}.json"
    for entry in bundle["versions"]:
        definition = entry["definition"]
        assert definition["metadata"]["slug"] == slug
        assert [str(error) for error in validate_definition(definition)] == []
    versions = [parse_semver(entry["version"]) for entry in bundle["versions"]]
    assert versions == sorted(versions)


def test_demo_catalogue_has_at_least_30_cdmx_and_3_sonora_bundles() -> None:
    assert len(_files_of("cdmx")) >= 30
    assert len(_files_of("sonora")) >= 3


def test_bundle_slugs_are_unique_across_publishers() -> None:
    slugs = [_load(path)["app"]["slug"] for path in BUNDLE_FILES]

    assert len(slugs) == len(set(slugs))


def test_hand_written_bundles_are_not_marked_as_examples() -> None:
    for path in BUNDLE_FILES:
        bundle = _load(path)
        assert not bundle["app"]["slug"].startswith("ejemplo-")
        for entry in bundle["versions"]:
            assert not entry["definition"]["metadata"]["name"]["es-MX"].startswith("Ejemplo")


def test_some_cdmx_bundles_have_an_upgrade_with_a_real_change() -> None:
    upgraded = {}
    for path in _files_of("cdmx"):
        bundle = _load(path)
        if len(bundle["versions"]) > 1:
            upgraded[bundle["app"]["slug"]] = bundle["versions"]

    assert len(upgraded) >= 5
    for versions in upgraded.values():
        first, latest = versions[0], versions[-1]
        assert first["definition"] != latest["definition"]
        assert latest["changelog"]["es-MX"] != first["changelog"]["es-MX"]
        assert latest["changelog"]["en"]


def test_every_sharing_policy_is_used_by_cdmx() -> None:
    policies = {_load(path)["app"]["sharing_policy"] for path in _files_of("cdmx")}

    assert policies == {"public", "agreement", "private"}


def test_synthetic_bundles_are_deterministic() -> None:
    assert synthetic_bundles(200) == synthetic_bundles(200)


def test_synthetic_bundles_do_not_change_when_more_are_asked_for() -> None:
    # The demo asks for "whatever is missing up to 200"; the first ones must stay the same.
    assert synthetic_bundles(20) == synthetic_bundles(200)[:20]


def test_synthetic_bundles_depend_on_the_seed() -> None:
    assert synthetic_bundles(5, seed=1) != synthetic_bundles(5, seed=2)


def test_200_synthetic_bundles_are_valid_and_unique() -> None:
    # given
    bundles = synthetic_bundles(200)

    # then
    assert len(bundles) == 200
    assert len({bundle["app"]["slug"] for bundle in bundles}) == 200
    for bundle in bundles:
        assert bundle_shape_errors(bundle) == []
        for entry in bundle["versions"]:
            assert [str(error) for error in validate_definition(entry["definition"])] == []


def test_synthetic_apps_are_marked_as_examples() -> None:
    for bundle in synthetic_bundles(200):
        assert bundle["app"]["slug"].startswith("ejemplo-")
        for entry in bundle["versions"]:
            metadata = entry["definition"]["metadata"]
            assert metadata["slug"] == bundle["app"]["slug"]
            assert metadata["name"]["es-MX"].startswith("Ejemplo: ")
            assert metadata["name"]["en"].startswith("Example: ")
            assert metadata["citizen_name"]["es-MX"].startswith("Ejemplo: ")


def test_synthetic_bundles_vary_categories_and_field_types() -> None:
    definitions = [bundle["versions"][0]["definition"] for bundle in synthetic_bundles(200)]
    categories = {definition["metadata"]["category"] for definition in definitions}
    field_types = {
        field["type"]
        for definition in definitions
        for step in definition["form"]["steps"]
        for field in step["fields"]
    }

    assert len(categories) >= 10
    assert {"curp", "address", "date", "choice", "multiple_choice", "money"} <= field_types


def test_synthetic_bundles_can_carry_a_fixed_number_of_valid_versions() -> None:
    # when
    bundles = synthetic_bundles(3, versions_per_app=3)

    # then
    for bundle in bundles:
        assert [entry["version"] for entry in bundle["versions"]] == ["1.0.0", "1.1.0", "1.2.0"]
        for entry in bundle["versions"]:
            assert validate_definition(entry["definition"]) == []
