"""Writes on the shared catalogue, one module per kind of thing written. Every function runs in
one transaction, checks its actor's permission and writes its audit row inside it; views, the
API, the admin and the commands all come through here."""

from catalog.services.agreements import (
    agreement_activate,
    agreement_create,
    agreement_problems,
    agreement_resume,
    agreement_suspend,
    agreement_terminate,
    notice_end,
)
from catalog.services.apps import (
    app_create,
    app_deprecate,
    app_set_sharing_policy,
    version_draft_save,
    version_portability_refresh,
    version_publish,
)
from catalog.services.bundles import (
    FolderImportSummary,
    ImportOutcome,
    bundle_export,
    bundle_import,
    bundle_import_folder,
)
from catalog.services.common import CATALOG_WRITERS, SYSTEM_ACTOR

__all__ = [
    "CATALOG_WRITERS",
    "SYSTEM_ACTOR",
    "FolderImportSummary",
    "ImportOutcome",
    "agreement_activate",
    "agreement_create",
    "agreement_problems",
    "agreement_resume",
    "agreement_suspend",
    "agreement_terminate",
    "app_create",
    "app_deprecate",
    "app_set_sharing_policy",
    "bundle_export",
    "bundle_import",
    "bundle_import_folder",
    "notice_end",
    "version_draft_save",
    "version_portability_refresh",
    "version_publish",
]
