"""Identity providers a government offers (OpenID Connect) and the accounts linked to them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_citizen_profile'),
    ]

    operations = [
        migrations.CreateModel(
            name='IdentityProviderConfig',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(unique=True, verbose_name='clave')),
                ('kind', models.CharField(choices=[('oidc', 'OpenID Connect')], default='oidc', max_length=20, verbose_name='tipo')),
                ('display_name', models.CharField(max_length=100, verbose_name='nombre visible')),
                ('issuer', models.URLField(verbose_name='emisor (issuer)')),
                ('client_id', models.CharField(max_length=255, verbose_name='identificador de cliente')),
                ('client_secret', models.CharField(blank=True, max_length=255, verbose_name='secreto de cliente')),
                ('scopes', models.CharField(default='openid email profile', max_length=255, verbose_name='alcances')),
                ('enabled', models.BooleanField(default=True, verbose_name='habilitado')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'proveedor de identidad',
                'verbose_name_plural': 'proveedores de identidad',
                'ordering': ('display_name',),
            },
        ),
        migrations.CreateModel(
            name='ExternalIdentity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('provider_key', models.SlugField()),
                ('subject', models.CharField(max_length=255)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='external_identities', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'identidad externa',
                'verbose_name_plural': 'identidades externas',
                'ordering': ('provider_key', 'subject'),
                'constraints': [models.UniqueConstraint(fields=('provider_key', 'subject'), name='external_identity_unique_subject')],
            },
        ),
    ]
