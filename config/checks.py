"""System checks of the deployment, run by `manage.py migrate` (so by `make serve`) first."""

from django.core import checks
from django.db import DatabaseError, connections


@checks.register(checks.Tags.database)
def database_reachable(databases=None, **kwargs):
    """Say what to do when the database cannot be reached, instead of a traceback."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        try:
            connection.ensure_connection()
        except DatabaseError as error:
            errors.append(
                checks.Error(
                    f"The database cannot be reached: {str(error).strip()}",
                    hint=_hint(connection.settings_dict, connection.vendor),
                    id="config.E001",
                )
            )
    return errors


def _hint(settings_dict, vendor):
    name = settings_dict["NAME"]
    if vendor == "postgresql":
        return (
            f'If the database "{name}" does not exist yet, create it (as a PostgreSQL superuser: '
            f"createdb -h {settings_dict['HOST'] or 'localhost'} -p {settings_dict['PORT'] or 5432} "
            f"-O {settings_dict['USER'] or 'USER'} {name}), then run this again. Otherwise check "
            "DATABASE_URL (user, password, host, port) and that PostgreSQL is running."
        )
    return f"Check DATABASE_URL: the directory of {name} must exist and be writable."
