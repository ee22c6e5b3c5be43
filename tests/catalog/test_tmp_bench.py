from tests.benchmarks.report import Report
from tests.benchmarks import bench_catalog
from catalog.models import CatalogApp

def test_bench(cdmx):
    before = CatalogApp.objects.count()
    r = Report()
    r.start_section("bench_catalog")
    bench_catalog.run(r)
    r.print_table([])
    assert CatalogApp.objects.count() == before
