"""The app builder: the publisher's pages that change a draft definition without writing JSON.

`operations` are pure functions over a definition dict; `services.builder_save` applies one to
the app's draft with a concurrency check and saves it through `version_draft_save` (so the
definition validator runs on every save); the pages live in `views` and `pages`. Conventions for
adding a section: docs/builder.md.
"""
