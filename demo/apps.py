from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`make demo` data and the `load_demo` command. Production code never imports it."""

    name = "demo"
    verbose_name = "Demo"
