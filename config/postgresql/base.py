"""Django's PostgreSQL backend, without a health check for a connection that has just answered.

With CONN_HEALTH_CHECKS, Django asks PostgreSQL `SELECT 1` before the first query of every
request: a round trip that costs nearly a tenth of the machine's time per signature at a peak.
The check is there for a connection that died while it waited (PostgreSQL restarted, a firewall
or pooler dropped it when idle). One that served a request without error under a second ago is
taken as alive, as HikariCP's aliveBypassWindowMs (500 ms) and PgBouncer's server_check_delay
(30 s) do. If it died in that second, its request fails as one in flight would:
config/unavailable.py answers 503, and Django closes the connection for the next request.
"""

import time

from django.db.backends.postgresql import base

ALIVE_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    # When the connection last served a request (or a Celery task) without error (monotonic).
    served_at = float("-inf")

    def close_if_unusable_or_obsolete(self):
        # Called as each request starts and ends; a cursor taken since the last call sets
        # health_check_done.
        served = self.connection is not None and self.health_check_done
        super().close_if_unusable_or_obsolete()
        if served and self.connection is not None and not self.errors_occurred:
            self.served_at = time.monotonic()

    def close_if_health_check_failed(self):
        if self.connection is not None and time.monotonic() - self.served_at < ALIVE_SECONDS:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
