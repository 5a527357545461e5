"""Retention: unverified signatures deleted after 30 days, closed petitions' signatures
anonymized 6 months after closing, in batches, counts unchanged, every run recorded."""

import datetime
import io
import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from petitions.models import DeliveryDocument, Petition, RetentionRun, Signature, SignerExport
from petitions.selectors import petition_count
from petitions.services import country_counts_recount
from petitions.tasks import report_jobs_check_task, retention_apply_task
from tests.factories import (
    AddresseeFactory,
    PetitionFactory,
    SignatureFactory,
    verified_signature,
)
from tests.petitions.helpers import confirm, sign_json, verification_links

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)


def days_ago(days):
    return timezone.now() - days * DAY


def unverified_signature(*, signed_days_ago, **fields):
    """An unverified signature whose one verification email was asked for when signing."""
    signed_at = days_ago(signed_days_ago)
    return SignatureFactory(
        created_at=signed_at, verification_email_requested_at=signed_at, **fields
    )


def counted(petition):
    for cache in caches.all():
        cache.clear()
    return petition_count(petition_id=petition.pk).signature_count


def apply_retention(*options):
    out = io.StringIO()
    call_command("apply_retention", *options, stdout=out)
    return out.getvalue()


def closed_petition(*, closed_days_ago):
    petition = PetitionFactory(opens_at=days_ago(closed_days_ago + 30))
    signatures = [
        verified_signature(
            petition=petition,
            name=f"Signer {n}",
            city="Baku",
            consent_to_updates=True,
            consent_to_show_name=True,
            ip_hash="ab" * 32,
            user_agent="Firefox",
            created_at=days_ago(closed_days_ago + 1),
        )
        for n in range(3)
    ]
    Petition.objects.filter(pk=petition.pk).update(closes_at=days_ago(closed_days_ago))
    return petition, signatures


def test_unverified_signatures_are_deleted_after_the_period_and_counts_stay():
    petition = PetitionFactory()
    old = unverified_signature(petition=petition, signed_days_ago=31)
    recent = unverified_signature(petition=petition, signed_days_ago=29)
    old_but_verified = verified_signature(petition=petition, created_at=days_ago(40))

    output = apply_retention()

    assert not Signature.objects.filter(pk=old.pk).exists()
    assert Signature.objects.filter(pk__in=[recent.pk, old_but_verified.pk]).count() == 2
    assert "older than 30 days deleted: 1" in output
    assert counted(petition) == 1
    assert country_counts_recount(petition=petition) == []


def test_a_link_sent_again_near_the_end_of_the_period_still_confirms_after_retention(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    verification_links("leyla@example.org")
    # Signed 31 days ago; the first link went out then and was never clicked.
    Signature.objects.update(
        created_at=days_ago(31),
        verification_email_requested_at=days_ago(31),
        verification_email_sent_at=days_ago(31),
    )
    sign_json(client, petition)  # the supporter asks for a new link, valid for 7 more days
    link = verification_links("leyla@example.org")[-1]

    apply_retention()

    assert "your signature is confirmed" in confirm(client, link).content.decode()
    assert counted(petition) == 1


def test_the_unverified_period_is_a_setting(settings):
    settings.PETITIONS_UNVERIFIED_RETENTION_DAYS = 10
    signature = unverified_signature(signed_days_ago=11)
    apply_retention()
    assert not Signature.objects.filter(pk=signature.pk).exists()


def test_signatures_of_a_long_closed_petition_are_anonymized_and_still_count():
    petition, signatures = closed_petition(closed_days_ago=184)
    still_open = verified_signature(created_at=days_ago(400), name="Open Petition Signer")
    verified_at = {s.pk: s.verified_at for s in signatures}
    Signature.objects.filter(pk=signatures[0].pk).update(
        verification_email_failure="550 5.1.1 <leyla@example.org>: no such mailbox"
    )

    output = apply_retention()

    for signature in Signature.objects.filter(petition=petition):
        assert (
            signature.name,
            signature.email,
            signature.city,
            signature.ip_hash,
            signature.user_agent,
            signature.verification_email_failure,
        ) == ("", "", "", "", "", "")
        assert signature.email_normalized == f"erased:{signature.pk}"
        assert not (signature.consent_to_updates or signature.consent_to_show_name)
        assert (signature.country, signature.verified_at) == ("AZ", verified_at[signature.pk])
        assert signature.anonymized_at is not None
    assert Signature.objects.get(pk=still_open.pk).name == "Open Petition Signer"
    assert counted(petition) == 3
    assert country_counts_recount(petition=petition) == []
    assert f"anonymized: 3\n  {petition.slug}: 3" in output


def test_a_petition_closed_less_long_ago_keeps_its_signers_data():
    petition, _signatures = closed_petition(closed_days_ago=182)
    apply_retention()
    assert not Signature.objects.filter(petition=petition, anonymized_at__isnull=False).exists()


def test_a_petition_closed_by_hand_counts_from_when_it_was_closed(settings):
    petition = PetitionFactory()
    verified_signature(petition=petition, name="Leyla Aliyeva")
    petition.state = Petition.State.CLOSED
    petition.save()
    assert petition.closed_at is not None
    apply_retention()
    assert Signature.objects.get(petition=petition).name == "Leyla Aliyeva"

    Petition.objects.filter(pk=petition.pk).update(closed_at=days_ago(184))
    apply_retention()
    assert Signature.objects.get(petition=petition).name == ""


def test_reopening_a_petition_clears_its_closing_and_anonymization():
    petition, _signatures = closed_petition(closed_days_ago=184)
    apply_retention()
    petition.refresh_from_db()
    assert petition.signatures_anonymized_at is not None
    petition.closes_at = timezone.now() + 30 * DAY
    petition.save()
    petition.refresh_from_db()
    assert (petition.closed_at, petition.signatures_anonymized_at) == (None, None)


def test_signer_export_files_of_an_anonymized_petition_are_deleted(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    petition, _signatures = closed_petition(closed_days_ago=184)
    export = SignerExport.objects.create(
        petition=petition, channel=SignerExport.Channel.COMMAND, status="finished", row_count=3
    )
    export.file.save("signers.csv", ContentFile(b"name,email\nSigner 0,s0@example.org\n"))
    path = export.file.path

    apply_retention()

    export.refresh_from_db()
    assert (export.file.name, export.row_count) == ("", 3)
    assert not os.path.exists(path)
    assert RetentionRun.objects.get().signer_export_files_deleted == 1


def test_delivery_documents_naming_signers_of_an_anonymized_petition_are_deleted(
    settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    petition, _signatures = closed_petition(closed_days_ago=184)
    addressee = AddresseeFactory(petition=petition)
    documents = {
        with_signers: DeliveryDocument.objects.create(
            petition=petition, addressee=addressee, with_signers=with_signers, status="finished"
        )
        for with_signers in (True, False)
    }
    for document in documents.values():
        document.file.save("delivery.pdf", ContentFile(b"%PDF-1.7 Signer 0, Baku"))
    path_with_names = documents[True].file.path

    output = apply_retention()

    for document in documents.values():
        document.refresh_from_db()
    assert documents[True].file.name == ""
    assert not os.path.exists(path_with_names)
    assert documents[False].file.name != ""  # counts only: kept
    assert RetentionRun.objects.get().delivery_document_files_deleted == 1
    assert "Delivery documents naming signers of those petitions deleted: 1" in output


def test_a_dry_run_says_what_would_be_done_and_changes_nothing():
    petition, _signatures = closed_petition(closed_days_ago=200)
    unverified_signature(signed_days_ago=31)

    output = apply_retention("--dry-run")

    assert "older than 30 days to be deleted: 1" in output
    assert "to be anonymized: 3" in output
    assert "Dry run: nothing was changed." in output
    assert Signature.objects.count() == 4
    assert not Signature.objects.filter(anonymized_at__isnull=False).exists()
    assert not RetentionRun.objects.exists()


def test_work_is_done_in_batches_and_each_run_is_recorded(settings):
    settings.PETITIONS_RETENTION_BATCH_SIZE = 2
    petition, _signatures = closed_petition(closed_days_ago=184)
    for _ in range(5):
        unverified_signature(signed_days_ago=31)

    apply_retention()
    retention_apply_task.delay()

    first, second = RetentionRun.objects.order_by("started_at")
    assert first.trigger == RetentionRun.Trigger.COMMAND
    assert (first.unverified_deleted, first.signatures_anonymized) == (5, 3)
    assert first.batches == 3 + 2  # 5 deletions and 3 anonymizations, 2 at a time
    assert first.petitions_anonymized == {petition.slug: 3}
    assert first.finished_at >= first.started_at
    assert (
        first.unverified_retention_days,
        first.closed_petition_retention_days,
    ) == (30, 183)
    # The second run, on schedule, finds nothing left to do.
    assert second.trigger == RetentionRun.Trigger.SCHEDULE
    assert (second.unverified_deleted, second.signatures_anonymized, second.batches) == (0, 0, 0)


def test_a_run_records_its_progress_without_ever_going_back(settings):
    settings.PETITIONS_RETENTION_BATCH_SIZE = 1
    closed_petition(closed_days_ago=184)
    closed_petition(closed_days_ago=190)
    progress_seen = []

    def read_progress_after_each_write(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith("UPDATE") and RetentionRun._meta.db_table in sql:
            progress_seen.append(RetentionRun.objects.values_list("progress_at", flat=True).get())
        return result

    with connection.execute_wrapper(read_progress_after_each_write):
        apply_retention()

    # Going back would have the check mark a run still at work as stopped.
    assert len(progress_seen) > 6
    assert progress_seen == sorted(progress_seen)


def test_beat_runs_the_retention():
    entry = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert entry["task"] == "petitions.tasks.retention_apply_task"
    assert entry["schedule"] == settings.PETITIONS_RETENTION_INTERVAL == 3600


def test_a_run_without_progress_is_marked_stopped_and_one_making_progress_is_not():
    def run(**fields):
        return RetentionRun.objects.create(
            trigger=RetentionRun.Trigger.SCHEDULE,
            unverified_retention_days=30,
            closed_petition_retention_days=183,
            **fields,
        )

    stopped = run(started_at=days_ago(1), progress_at=timezone.now() - 6 * MINUTE)
    going_on = run(started_at=days_ago(1), progress_at=timezone.now() - MINUTE)
    finished = run(started_at=days_ago(1), progress_at=days_ago(1), finished_at=days_ago(1))

    report_jobs_check_task.delay()  # beat, every minute

    stopped.refresh_from_db()
    assert stopped.error.startswith("Stopped: no progress since ")
    assert "the next run does the rest" in stopped.error
    assert RetentionRun.objects.get(pk=going_on.pk).error == ""
    assert RetentionRun.objects.get(pk=finished.pk).error == ""
