"""A government's site with the benchmark's trivial pages added (see filing_settings.py)."""

from config.urls_tenant import urlpatterns as tenant_patterns
from tests.benchmarks.urls import urlpatterns as bench_patterns

urlpatterns = [*bench_patterns, *tenant_patterns]
