"""Settings split by concern: base Django settings, the database, then integrations."""

from core.settings.base import *  # noqa: F403
from core.settings.database import *  # noqa: F403
from core.settings.integrations import *  # noqa: F403
