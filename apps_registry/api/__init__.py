"""REST API of the current government's enabled apps (DRF, documented with drf-spectacular)."""
