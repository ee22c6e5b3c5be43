"""REST API of the shared catalogue (DRF, documented with drf-spectacular)."""
