from __future__ import annotations

import logging

from django.core.cache import cache
from django_tenants.utils import schema_context

from core.observability import TenantLogFilter


def test_cache_keys_are_prefixed_by_schema(cdmx, sonora):
    with schema_context(cdmx.schema_name):
        cache.set("tramites-destacados", ["licencia"])
        cdmx_key = cache.make_key("tramites-destacados")
    with schema_context(sonora.schema_name):
        sonora_value = cache.get("tramites-destacados")
        sonora_key = cache.make_key("tramites-destacados")

    assert cdmx_key.startswith("cdmx:")
    assert sonora_key.startswith("sonora:")
    assert sonora_value is None
    with schema_context(cdmx.schema_name):
        assert cache.get("tramites-destacados") == ["licencia"]


def test_log_records_name_their_tenant(sonora):
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hola", None, None)

    with schema_context(sonora.schema_name):
        TenantLogFilter().filter(record)

    assert record.schema_name == "sonora"
