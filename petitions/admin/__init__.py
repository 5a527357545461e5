"""The petitions app's admin, one module per concern (registering on import)."""

from . import petitions, privacy, signatures  # noqa: F401
