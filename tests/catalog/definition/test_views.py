"""The schema is served on the platform host and on every government's host."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from catalog.definition import DEFINITION_SCHEMA_V1, SCHEMA_URL_PATH

pytestmark = pytest.mark.django_db


def test_schema_is_served_on_the_platform_host(db: None) -> None:
    response = Client(HTTP_HOST="localhost").get(SCHEMA_URL_PATH)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json; charset=utf-8"
    assert "max-age=3600" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert json.loads(response.content) == DEFINITION_SCHEMA_V1


def test_schema_is_served_on_a_government_host(cdmx) -> None:
    response = cdmx.client().get("/api/schema/app-definition/v1.json")

    assert response.status_code == 200
    assert json.loads(response.content)["$id"] == "urn:ventanilla:schema:app-definition:v1"


def test_unchanged_schema_answers_not_modified(db: None) -> None:
    client = Client(HTTP_HOST="localhost")
    etag = client.get(SCHEMA_URL_PATH)["ETag"]

    response = client.get(SCHEMA_URL_PATH, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_schema_is_read_only(db: None) -> None:
    response = Client(HTTP_HOST="localhost").post(SCHEMA_URL_PATH, {})

    assert response.status_code == 405
