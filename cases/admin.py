"""Deliberately no admin registrations.

The Django admin is served only on the platform's base domain (public schema, see
core/urls_public.py), where cases have no tables: they live in each government's schema. Citizens
follow them in "Mis trámites" and staff in the back office, both through cases.services.
"""
