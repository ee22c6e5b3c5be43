"""Bundles: export, import (idempotent, immutable), and the import/export commands."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog import errors
from catalog.bundles import bundle_shape_errors
from catalog.models import AppVersion, CatalogApp, CatalogAuditEvent
from catalog.services import SYSTEM_ACTOR, bundle_export, bundle_import
from core.errors import ApplicationError
from tests.catalog.factories import make_bundle


def row_counts() -> tuple[int, int, int]:
    return (
        CatalogApp.objects.count(),
        AppVersion.objects.count(),
        CatalogAuditEvent.objects.count(),
    )


def test_import_creates_app_and_publishes_every_version(cdmx):
    outcome = bundle_import(
        publisher=cdmx.government,
        bundle=make_bundle("constancia", versions=("1.0.0", "1.1.0")),
        actor=SYSTEM_ACTOR,
    )

    assert outcome.status == "created"
    assert outcome.versions_published == ["1.0.0", "1.1.0"]
    app = CatalogApp.objects.get(publisher=cdmx.government, slug="constancia")
    assert app.latest_version.version == "1.1.0"
    assert all(v.is_published for v in app.versions.all())
    assert app.search_vector is not None


def test_import_twice_is_idempotent(cdmx):
    bundle = make_bundle("constancia", versions=("1.0.0", "1.1.0"))
    bundle_import(publisher=cdmx.government, bundle=bundle, actor=SYSTEM_ACTOR)
    before = row_counts()

    outcome = bundle_import(publisher=cdmx.government, bundle=bundle, actor=SYSTEM_ACTOR)

    assert outcome.status == "unchanged"
    assert outcome.versions_published == []
    assert row_counts() == before


def test_import_adds_only_new_versions(cdmx):
    bundle_import(publisher=cdmx.government, bundle=make_bundle("constancia"), actor=SYSTEM_ACTOR)

    outcome = bundle_import(
        publisher=cdmx.government,
        bundle=make_bundle("constancia", versions=("1.0.0", "2.0.0")),
        actor=SYSTEM_ACTOR,
    )

    assert (outcome.status, outcome.versions_published) == ("updated", ["2.0.0"])


def test_import_refuses_a_published_version_with_a_different_definition(cdmx):
    bundle_import(publisher=cdmx.government, bundle=make_bundle("constancia"), actor=SYSTEM_ACTOR)
    changed = make_bundle("constancia", versions=("1.0.0", "1.1.0"))
    changed["versions"][0]["definition"]["metadata"]["name"]["es-MX"] = "Nombre cambiado"
    before = row_counts()

    with pytest.raises(ApplicationError) as caught:
        bundle_import(publisher=cdmx.government, bundle=changed, actor=SYSTEM_ACTOR)

    assert [(e.code, e.location) for e in caught.value.errors] == [
        (errors.BUNDLE_VERSION_CONFLICT, "/versions/0/definition")
    ]
    # All or nothing: 1.1.0 was not published either.
    assert row_counts() == before


def test_import_refuses_a_new_version_older_than_the_latest(cdmx):
    bundle_import(
        publisher=cdmx.government,
        bundle=make_bundle("constancia", versions=("2.0.0",)),
        actor=SYSTEM_ACTOR,
    )

    with pytest.raises(ApplicationError) as caught:
        bundle_import(
            publisher=cdmx.government,
            bundle=make_bundle("constancia", versions=("1.5.0", "2.0.0")),
            actor=SYSTEM_ACTOR,
        )

    assert [(e.code, e.location) for e in caught.value.errors] == [
        (errors.VERSION_NOT_INCREASING, "/versions/0/version")
    ]


def test_invalid_definition_in_bundle_is_located_by_pointer(cdmx):
    bundle = make_bundle("constancia", versions=("1.0.0", "1.1.0"))
    del bundle["versions"][1]["definition"]["workflow"]

    with pytest.raises(ApplicationError) as caught:
        bundle_import(publisher=cdmx.government, bundle=bundle, actor=SYSTEM_ACTOR)

    assert [e.location for e in caught.value.errors] == ["/versions/1/definition/workflow"]
    assert not CatalogApp.objects.filter(slug="constancia").exists()


def test_bundle_shape_errors_are_located():
    problems = bundle_shape_errors(
        {
            "bundle_format": 2,
            "app": {"slug": "", "sharing_policy": "x"},
            "versions": [{"version": "1"}],
        }
    )

    assert [e.location for e in problems] == [
        "/bundle_format",
        "/app/slug",
        "/app/sharing_policy",
        "/versions/0/version",
        "/versions/0/changelog",
        "/versions/0/definition",
    ]


def test_export_then_import_round_trips(cdmx, sonora):
    bundle = make_bundle("constancia", sharing_policy="agreement", versions=("1.0.0", "1.0.1"))
    bundle_import(publisher=cdmx.government, bundle=bundle, actor=SYSTEM_ACTOR)

    exported = bundle_export(CatalogApp.objects.get(publisher=cdmx.government, slug="constancia"))

    assert exported == bundle
    outcome = bundle_import(publisher=sonora.government, bundle=exported, actor=SYSTEM_ACTOR)
    assert (outcome.status, outcome.versions_published) == ("created", ["1.0.0", "1.0.1"])


def write_bundles(folder, bundles: dict[str, object]) -> None:
    for name, content in bundles.items():
        text = content if isinstance(content, str) else json.dumps(content)
        (folder / name).write_text(text, encoding="utf-8")


def test_import_command_reports_errors_per_file_and_exits_non_zero(cdmx, tmp_path):
    # given: one good bundle, one with an invalid definition, one that is not JSON, one README
    broken = make_bundle("rota")
    del broken["versions"][0]["definition"]["workflow"]
    write_bundles(
        tmp_path,
        {
            "a-buena.json": make_bundle("buena"),
            "b-rota.json": broken,
            "c-mal-json.json": '{"bundle_format": 1,',
            "LEEME.txt": "no es un paquete",
        },
    )
    out, err = StringIO(), StringIO()
    # when
    with pytest.raises(CommandError):
        call_command("import_catalog", str(tmp_path), publisher="cdmx", stdout=out, stderr=err)
    # then
    output, errors_output = out.getvalue(), err.getvalue()
    assert "[1/3] a-buena.json: created 1.0.0" in output
    assert "[2/3] b-rota.json: ERROR" in output
    assert "ignorado (no es .json) / ignored (not .json): LEEME.txt" in output
    assert "b-rota.json: /versions/0/definition/workflow: [" in errors_output
    assert "c-mal-json.json: /: [catalog.bundle_json_invalid]" in errors_output
    assert (
        "creadas/created 1, actualizadas/updated 0, sin cambios/unchanged 0, "
        "con errores/errors 2, ignorados/ignored 1"
    ) in output
    # The good file was imported even though others failed.
    assert CatalogApp.objects.filter(slug="buena").exists()
    assert not CatalogApp.objects.filter(slug="rota").exists()


def test_import_command_twice_reports_unchanged_and_creates_no_rows(cdmx, tmp_path):
    write_bundles(tmp_path, {"uno.json": make_bundle("uno"), "dos.json": make_bundle("dos")})
    call_command("import_catalog", str(tmp_path), publisher="cdmx", stdout=StringIO())
    before = row_counts()
    out = StringIO()

    call_command("import_catalog", str(tmp_path), publisher="cdmx", stdout=out)

    assert row_counts() == before
    assert "sin cambios/unchanged 2, con errores/errors 0" in out.getvalue()


def test_import_command_refuses_unknown_publisher(db, tmp_path):
    with pytest.raises(CommandError, match="nadie"):
        call_command("import_catalog", str(tmp_path), publisher="nadie", stdout=StringIO())


def test_export_command_writes_one_bundle_per_published_app(cdmx, tmp_path):
    bundle_import(publisher=cdmx.government, bundle=make_bundle("uno"), actor=SYSTEM_ACTOR)
    bundle_import(publisher=cdmx.government, bundle=make_bundle("dos"), actor=SYSTEM_ACTOR)

    call_command("export_catalog", str(tmp_path / "out"), publisher="cdmx", stdout=StringIO())

    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["dos.json", "uno.json"]
    assert json.loads((tmp_path / "out" / "uno.json").read_text()) == make_bundle("uno")
