"""Database-level guarantees the ORM cannot give on its own:

* `es_unaccent`: Spanish full-text search that ignores accents ("tramite" finds "trámite"), built
  on the `unaccent` contrib extension (trusted since PostgreSQL 13, so no superuser needed).
* A trigger that refuses to change or delete a published app version, whatever client runs the
  SQL (the model refuses too, but `QuerySet.update()` and raw SQL bypass the model).
"""

from django.db import migrations

SEARCH_FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'es_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION public.es_unaccent (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION public.es_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END
$$;
"""
SEARCH_REVERSE = "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.es_unaccent;"

IMMUTABLE_FORWARD = """
CREATE OR REPLACE FUNCTION catalog_appversion_refuse_published_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.published_at IS NOT NULL THEN
            RAISE EXCEPTION 'catalog.version_immutable: published version % of app % cannot be deleted', OLD.version, OLD.app_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.published_at IS NOT NULL AND (
        NEW.app_id IS DISTINCT FROM OLD.app_id
        OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.major IS DISTINCT FROM OLD.major
        OR NEW.minor IS DISTINCT FROM OLD.minor
        OR NEW.patch IS DISTINCT FROM OLD.patch
        OR NEW.definition IS DISTINCT FROM OLD.definition
        OR NEW.changelog IS DISTINCT FROM OLD.changelog
        OR NEW.published_at IS DISTINCT FROM OLD.published_at
        OR NEW.published_by_email IS DISTINCT FROM OLD.published_by_email
        OR NEW.published_by_schema IS DISTINCT FROM OLD.published_by_schema
    ) THEN
        RAISE EXCEPTION 'catalog.version_immutable: published version % of app % cannot be changed', OLD.version, OLD.app_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_appversion_immutable
    BEFORE UPDATE OR DELETE ON catalog_appversion
    FOR EACH ROW EXECUTE FUNCTION catalog_appversion_refuse_published_change();
"""
IMMUTABLE_REVERSE = """
DROP TRIGGER IF EXISTS catalog_appversion_immutable ON catalog_appversion;
DROP FUNCTION IF EXISTS catalog_appversion_refuse_published_change();
"""


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_catalog_apps_versions_agreements")]

    operations = [
        migrations.RunSQL(SEARCH_FORWARD, SEARCH_REVERSE),
        migrations.RunSQL(IMMUTABLE_FORWARD, IMMUTABLE_REVERSE),
    ]
