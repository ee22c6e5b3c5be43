"""Django settings shared by every environment. Environment values come from `environment.py`."""

from __future__ import annotations

from config.settings.environment import (
    BASE_DIR,
    BASE_DOMAIN,
    DEBUG,
    EXTRA_ALLOWED_HOSTS,
    MEDIA_ROOT,
    SECRET_KEY,
    SECURE_COOKIES,
    STATIC_ROOT,
    TENANT_ROUTE_TTL,
)

if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-demo-key-only-for-local-development"

# Apps whose tables live in the public schema (shared by every government).
SHARED_APPS = [
    "django_tenants",
    "core",
    "tenants",
    "catalog",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
# Apps whose tables live in every government's own schema. Users and sessions are here too, so a
# citizen of Sonora and a citizen of CDMX are different accounts (architecture decision 3).
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "core",
    "apps_registry",
    "cases",
    # API tokens belong to users, so they live in the tenant schema with them.
    "rest_framework.authtoken",
]
INSTALLED_APPS = [
    *SHARED_APPS,
    *(app for app in TENANT_APPS if app not in SHARED_APPS),
    # `make demo` data and its command; owns no tables.
    "demo",
]

TENANT_MODEL = "tenants.Government"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# Every tenant schema is cloned from this one, which holds every tenant migration already applied.
TENANT_TEMPLATE_SCHEMA = "tenant_template"
# Set search_path once per request (per tenant switch), not before every query.
TENANT_LIMIT_SET_CALLS = True
# Seconds a process remembers which government serves a host (tenants.routing).
VENTANILLA_TENANT_ROUTE_TTL = TENANT_ROUTE_TTL
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
VENTANILLA_BASE_DOMAIN = BASE_DOMAIN

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

ALLOWED_HOSTS = [BASE_DOMAIN, f".{BASE_DOMAIN}", *EXTRA_ALLOWED_HOSTS]
if DEBUG:
    ALLOWED_HOSTS += ["testserver", "127.0.0.1"]

MIDDLEWARE = [
    # Answers /healthz and /readyz for any Host header, before tenant routing.
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files are the same for every government: served before the host lookup.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenants.middleware.TenantRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.i18n.SpanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.platform",
            ],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Spanish (Mexico) first, English second. Source strings are written in Spanish, so anything not
# yet translated still shows in Spanish.
LANGUAGE_CODE = "es-mx"
# Each language named in itself, so the switch reads "English" to a Spanish reader and vice versa.
LANGUAGES = [("es-mx", "Español (México)"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Mexico_City"
FORMAT_MODULE_PATH = ["core.formats"]

# Host-only cookies: never set on the parent domain, so a session of cdmx.<domain> is never sent
# to sonora.<domain>.
SESSION_COOKIE_DOMAIN = None
# Django's database sessions and ModelBackend, with their per-request reads in plain SQL (see
# core.sessions and core.accounts.backends).
SESSION_ENGINE = "core.sessions"
AUTHENTICATION_BACKENDS = ["core.accounts.backends.AccountBackend"]
CSRF_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_DOMAIN = None
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

STATIC_URL = "/static/"
STATIC_ROOT = STATIC_ROOT
STATICFILES_DIRS = [BASE_DIR / "core" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = MEDIA_ROOT
STORAGES = {
    # Each tenant's files live under its own prefix (MEDIA_ROOT/<schema>/...).
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Token auth that answers "no token" on the base domain, whose schema has no token table.
        "catalog.api.authentication.TenantTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ventanilla API",
    "DESCRIPTION": "API de la plataforma Ventanilla para compartir trámites entre gobiernos.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc served from our own static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = "no-responder@ventanilla.gob.mx"

# In development WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
