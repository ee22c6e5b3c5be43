"""The audit table becomes append-only at the database level: UPDATE and DELETE fail.

Tampering then needs `ALTER TABLE ... DISABLE TRIGGER` (or a superuser bypass), and `verify_audit`
finds the broken chain. The trigger function lives in `public` so that cloning the template schema
copies the trigger with it (django-tenants' clone keeps functions found in `public` qualified).
"""

from django.db import migrations

REFUSE_CHANGE_FUNCTION = """
CREATE OR REPLACE FUNCTION public.core_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'El registro de auditoría solo admite altas / The audit trail is append-only'
        USING ERRCODE = 'restrict_violation';
END;
$$;
"""

APPEND_ONLY_TRIGGER = """
CREATE TRIGGER core_auditevent_append_only
BEFORE UPDATE OR DELETE ON core_auditevent
FOR EACH ROW EXECUTE FUNCTION public.core_auditevent_refuse_change();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_audit_events_and_non_working_days'),
    ]

    operations = [
        migrations.RunSQL(REFUSE_CHANGE_FUNCTION, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(
            APPEND_ONLY_TRIGGER,
            reverse_sql="DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;",
        ),
    ]
