"""Name search by prefix on UPPER(applicant_name) (what `__istartswith` compares), replacing the
plain column index. Written in SQL: Django renders an operator class on an expression index as
invalid SQL."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_procedure_registry_figure"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="cases_case_name_idx"),
        migrations.RunSQL(
            "CREATE INDEX cases_case_name_upper_idx ON cases_case "
            "(UPPER(applicant_name) text_pattern_ops);",
            reverse_sql="DROP INDEX IF EXISTS cases_case_name_upper_idx;",
        ),
    ]
