"""A real Celery worker killed mid-export (SIGKILL): the export is failed, and written again."""

import signal
import time

import pytest
from django.db import connection

from petitions.models import SignerExport
from petitions.reporting.jobs import report_jobs_check
from petitions.tasks import report_jobs_check_task
from tests.factories import PetitionFactory, UserFactory
from tests.throwaway import wait_until

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    # First: on SQLite, skipped before the petition's rows are inserted by PostgreSQL's SQL.
    pytest.mark.usefixtures("celery_workers"),
]

SIGNERS = 200_000  # a few seconds of writing, long enough to kill the worker mid-way


@pytest.fixture
def start_worker(celery_workers, tmp_path, settings):
    """Start a real worker process on the default queue, writing into the tests' MEDIA_ROOT;
    return it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")

    def start(**environment):
        return celery_workers.worker(queues="celery", MEDIA_ROOT=settings.MEDIA_ROOT, **environment)

    return start


@pytest.fixture
def petition():
    """A petition with SIGNERS consenting signers, inserted by PostgreSQL itself."""
    petition = PetitionFactory(slug="truth")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO petitions_signature (petition_id, name, email, email_normalized,"
            " country, city, consent_to_updates, created_at, verified_at, ip_hash, user_agent)"
            " SELECT %s, 'Signer ' || n, 'signer' || n || '@example.org',"
            " 'signer' || n || '@example.org', 'AZ', '', true, now(), now(), '', ''"
            " FROM generate_series(1, %s) AS n",
            [petition.pk, SIGNERS],
        )
    return petition


@pytest.fixture
def exporter_client(client):
    client.force_login(
        UserFactory(permissions=["petitions.view_petition", "petitions.export_signers"])
    )
    return client


def status_of(export_id):
    return SignerExport.objects.values_list("status", flat=True).get(pk=export_id)


def test_an_export_whose_worker_was_killed_is_failed_and_written_again(
    exporter_client, petition, start_worker, settings
):
    worker = start_worker()
    exporter_client.post(f"/admin/petitions/petition/{petition.pk}/signer-export/")
    export = SignerExport.objects.get()
    wait_until(lambda: status_of(export.pk) == "running", timeout=60)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert status_of(export.pk) == "running"  # the worker could record nothing

    settings.PETITIONS_JOB_STALE_SECONDS = 2
    time.sleep(2.5)
    report_jobs_check_task()  # what beat runs every minute
    export.refresh_from_db()
    assert export.status == "failed"
    assert export.error.startswith("Stopped: no progress since ")
    response = exporter_client.get(f"/admin/petitions/signerexport/{export.pk}/download/")
    assert response.status_code == 404

    start_worker()
    exporter_client.post(
        "/admin/petitions/signerexport/", {"action": "run_again", "_selected_action": [export.pk]}
    )
    again = SignerExport.objects.exclude(pk=export.pk).get()
    wait_until(lambda: status_of(again.pk) in ("finished", "failed"), timeout=120, step=0.2)
    again.refresh_from_db()
    assert (again.status, again.row_count) == ("finished", SIGNERS)
    with again.file.open("rb") as file:
        assert sum(1 for _line in file) == SIGNERS + 1  # and the header
    assert status_of(export.pk) == "failed"


def test_a_long_export_still_writing_is_never_taken_for_stopped(
    exporter_client, petition, start_worker, settings
):
    # Stopped after 2 s without progress: the worker records progress every 0.2 s.
    settings.PETITIONS_JOB_STALE_SECONDS = 2
    start_worker(PETITIONS_JOB_STALE_SECONDS="2")
    exporter_client.post(f"/admin/petitions/petition/{petition.pk}/signer-export/")
    export = SignerExport.objects.get()
    wait_until(lambda: status_of(export.pk) == "running", timeout=60)
    began = time.monotonic()
    while status_of(export.pk) == "running":
        report_jobs_check(model=SignerExport)
        time.sleep(0.1)
    export.refresh_from_db()
    assert (export.status, export.error, export.row_count) == ("finished", "", SIGNERS)
    assert time.monotonic() - began > 2  # long enough to have been taken for stopped
