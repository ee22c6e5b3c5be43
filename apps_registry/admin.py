"""Deliberately no admin registrations.

The Django admin is served only on the platform's base domain (public schema, see
core/urls_public.py), where enabled apps have no table: they live in each government's schema.
Governments manage them in their back office (`gestion/`) and through the API, both of which go
through apps_registry.services.
"""
