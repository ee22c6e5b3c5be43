"""Settings split by concern: base Django settings, the database, then integrations."""

from config.settings.base import *  # noqa: F403
from config.settings.database import *  # noqa: F403
from config.settings.integrations import *  # noqa: F403
