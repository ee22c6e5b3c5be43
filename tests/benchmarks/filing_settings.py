"""The product's settings for the filing benchmark: the government site's URLconf plus the
benchmark's trivial pages, so both are measured on the same server in the same run.

Two changes: e-mail goes nowhere (a bench machine has no SMTP server, and the acuse e-mail's
delivery is the mail server's time, not the application's) and static URLs need no
collectstatic manifest.
"""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

ROOT_URLCONF = "tests.benchmarks.filing_urls"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
