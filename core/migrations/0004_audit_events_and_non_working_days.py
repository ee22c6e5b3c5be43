"""A government's hash-chained audit trail and its own non-working days."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_identity_providers'),
    ]

    operations = [
        migrations.CreateModel(
            name='NonWorkingDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True, verbose_name='día')),
                ('description', models.CharField(max_length=200, verbose_name='motivo')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'día inhábil',
                'verbose_name_plural': 'días inhábiles',
                'ordering': ('day',),
            },
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('seq', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='número')),
                ('occurred_at', models.DateTimeField(verbose_name='fecha y hora')),
                ('actor_email', models.CharField(blank=True, max_length=254, verbose_name='actor')),
                ('actor_role', models.CharField(blank=True, max_length=32, verbose_name='rol del actor')),
                ('action', models.CharField(max_length=64, verbose_name='acción')),
                ('object_type', models.CharField(max_length=64, verbose_name='tipo de objeto')),
                ('object_id', models.CharField(max_length=64, verbose_name='objeto')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='datos')),
                ('prev_hash', models.CharField(max_length=64, verbose_name='huella anterior')),
                ('hash', models.CharField(max_length=64, unique=True, verbose_name='huella')),
            ],
            options={
                'verbose_name': 'evento de auditoría',
                'verbose_name_plural': 'eventos de auditoría',
                'ordering': ('seq',),
                'indexes': [models.Index(fields=['object_type', 'object_id', 'seq'], name='audit_object_timeline')],
            },
        ),
    ]
