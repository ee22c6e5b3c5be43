"""Stable error codes of enabled apps. Clients and tests match on these, never on messages."""

APP_NOT_ADOPTABLE = "apps_registry.app_not_adoptable"
VERSION_INVALID = "apps_registry.version_invalid"
ALREADY_ENABLED = "apps_registry.already_enabled"
STATUS_TRANSITION = "apps_registry.status_transition"
UPGRADE_INVALID = "apps_registry.upgrade_invalid"
AGREEMENT_NOT_USABLE = "apps_registry.agreement_not_usable"
# The convenio the app was adopted under is suspended, terminated or expired.
AGREEMENT_ENDED = "apps_registry.agreement_ended"
# Local values (location: the override key, then a JSON pointer inside the value when useful).
LOCAL_VALUE_UNKNOWN = "apps_registry.local_value_unknown"
LOCAL_VALUE_REQUIRED = "apps_registry.local_value_required"
LOCAL_VALUE_INVALID = "apps_registry.local_value_invalid"
NOT_FOUND = "apps_registry.not_found"
# Adaptations, the government's own wording (location: the JSON pointer of the text, then the
# language when the problem is in one of them).
ADAPTATION_POINTER_UNKNOWN = "apps_registry.adaptation_pointer_unknown"
ADAPTATION_NOT_ADAPTABLE = "apps_registry.adaptation_not_adaptable"
ADAPTATION_TEXT_REQUIRED = "apps_registry.adaptation_text_required"
ADAPTATION_NOT_FOUND = "apps_registry.adaptation_not_found"
# A place-bound value (agency, offices, legal basis, fees, homoclave) neither set nor "no aplica".
LOCAL_VALUE_PLACE_BOUND = "apps_registry.local_value_place_bound"
NOT_APPLICABLE_INVALID = "apps_registry.not_applicable_invalid"
