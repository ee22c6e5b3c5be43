"""The product's settings as they are, with the benchmark's URLconf for government sites."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
