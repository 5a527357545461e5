"""A worker killed (SIGKILL) in the middle of a retention run: the run is marked stopped with the
reason, what it did stays done once, and the next run does the rest.

(Verification emails: tests/petitions/test_outbox.py; signer exports and delivery documents:
tests/petitions/test_report_jobs_worker.py.)
"""

import signal
import time

import pytest
from django.db import connection

from petitions.models import RetentionRun, Signature
from petitions.tasks import report_jobs_check_task, retention_apply_task
from tests.factories import PetitionFactory, verified_signature
from tests.throwaway import wait_until

pytestmark = [
    pytest.mark.faults,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

EXPIRED = 30_000  # unverified signatures past their retention: 300 batches of 100


def test_a_retention_run_killed_mid_way_is_marked_stopped_and_the_next_does_the_rest(
    celery_workers, settings
):
    petition = PetitionFactory()
    kept = [verified_signature(petition=petition, country="FR") for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO petitions_signature (petition_id, name, email, email_normalized,"
            " country, city, consent_to_updates, consent_to_show_name, created_at, ip_hash,"
            " user_agent, verification_email_attempts, verification_email_failure)"
            " SELECT %s, 'Gone ' || n, 'gone' || n || '@example.org',"
            " 'gone' || n || '@example.org', 'AZ', '', false, false,"
            " now() - interval '40 days', '', '', 0, ''"
            " FROM generate_series(1, %s) AS n",
            [petition.pk, EXPIRED],
        )
    worker = celery_workers.worker(queues="celery", PETITIONS_RETENTION_BATCH_SIZE="100")
    retention_apply_task.delay()
    wait_until(lambda: Signature.objects.count() < EXPIRED - 2_000, timeout=60, step=0.01)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)

    stopped = RetentionRun.objects.get()
    left = Signature.objects.filter(verified_at__isnull=True).count()
    assert 0 < left < EXPIRED
    assert stopped.finished_at is None and stopped.error == ""  # it could record nothing

    settings.PETITIONS_JOB_STALE_SECONDS = 1
    time.sleep(1.5)
    report_jobs_check_task()  # what beat runs every minute
    stopped.refresh_from_db()
    assert stopped.error.startswith("Stopped: no progress since ")

    celery_workers.worker(queues="celery", PETITIONS_RETENTION_BATCH_SIZE="100")
    retention_apply_task.delay()  # the next run, on schedule
    wait_until(lambda: RetentionRun.objects.filter(finished_at__isnull=False).exists(), timeout=60)
    rest = RetentionRun.objects.get(finished_at__isnull=False)
    assert rest.unverified_deleted == left
    assert Signature.objects.count() == len(kept)  # every expired one deleted, the verified kept
