"""Staff logins: a lockout after repeated failures, and two-factor authentication (TOTP)."""

import io
import re

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's


def log_in(client, username, password, **extra):
    """POST the admin's login form; extra holds more fields or request headers (REMOTE_ADDR)."""
    fields = {k: v for k, v in extra.items() if not k.isupper()}
    headers = {k: v for k, v in extra.items() if k.isupper()}
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, **fields},
        **headers,
    )


def reaches_the_admin(client):
    return client.get("/admin/").status_code == 200


def test_sixty_wrong_passwords_lock_that_username_out_from_that_address(client, settings):
    UserFactory(username="moderator")
    answers = [
        log_in(client, "moderator", f"guess {n}", REMOTE_ADDR="203.0.113.5").status_code
        for n in range(60)
    ]
    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(answers[settings.AXES_FAILURE_LIMIT :]) == {429}

    # Even the right password: locked out, for the cool-off time.
    assert log_in(client, "moderator", PASSWORD, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert not reaches_the_admin(client)
    # The same staff member elsewhere is not held back by someone guessing from one address.
    assert log_in(client, "moderator", PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302
    assert reaches_the_admin(client)


def test_behind_a_proxy_the_lockout_counts_the_client_not_the_proxy(client, settings):
    settings.PETITIONS_TRUSTED_PROXY_COUNT = 1
    UserFactory(username="moderator")
    guesser = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "moderator", f"guess {n}", **guesser)
    assert log_in(client, "moderator", PASSWORD, **guesser).status_code == 429
    colleague = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert log_in(client, "moderator", PASSWORD, **colleague).status_code == 302


# Two-factor authentication, as production requires it.


@pytest.fixture
def two_factor_required(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.parametrize("superuser", [False, True], ids=["staff", "superuser"])
def test_without_a_verified_device_nobody_reaches_the_admin(client, two_factor_required, superuser):
    user = UserFactory(username="moderator", is_superuser=superuser)
    client.force_login(user)  # a password alone: what a session without a code holds
    assert not reaches_the_admin(client)

    page = log_in(client, "moderator", PASSWORD)
    assert page.status_code == 200
    assert "Please enter your OTP token" in page.content.decode()
    assert not reaches_the_admin(client)


def test_staff_with_a_code_from_their_authenticator_app_reach_the_admin(
    client, two_factor_required
):
    user = UserFactory(username="moderator")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert 'name="otp_token"' in client.get("/admin/login/").content.decode()
    response = log_in(client, "moderator", PASSWORD, otp_token=current_code(device))
    assert response.status_code == 302
    assert reaches_the_admin(client)


def test_a_wrong_code_is_refused_and_the_next_tries_slowed_down(client, two_factor_required):
    user = UserFactory(username="moderator")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    page = log_in(client, "moderator", PASSWORD, otp_token=wrong)
    assert "Invalid token" in page.content.decode()
    assert not reaches_the_admin(client)
    # django-otp then refuses even the right code for a while, doubling with each failure.
    page = log_in(client, "moderator", PASSWORD, otp_token=current_code(device))
    assert "Verification temporarily disabled" in page.content.decode()
    assert not reaches_the_admin(client)


def test_without_the_requirement_a_password_is_enough(client, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    UserFactory(username="moderator")
    assert log_in(client, "moderator", PASSWORD).status_code == 302
    assert reaches_the_admin(client)


def test_staff_enrol_their_own_authenticator_and_see_no_one_elses_device(client):
    other = TOTPDevice.objects.create(user=UserFactory(username="someone"), name="theirs")
    staff = UserFactory(username="moderator")  # staff, no permission of any kind
    client.force_login(staff)

    form = client.get("/admin/otp_totp/totpdevice/add/")
    assert form.status_code == 200
    assert 'name="user"' not in form.content.decode()  # the device is theirs, always
    response = client.post(
        "/admin/otp_totp/totpdevice/add/",
        {
            "name": "phone",
            "key": TOTPDevice().key,
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
        },
    )
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^"]*">(.*?)</ul>', response.content.decode()
    )
    device = TOTPDevice.objects.get(name="phone")
    assert device.user == staff

    config = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").content.decode()
    assert "otpauth://totp/" in config
    qr = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content

    listing = client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert "phone" in listing and "theirs" not in listing
    assert client.get(f"/admin/otp_totp/totpdevice/{other.pk}/config/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{other.pk}/change/").status_code == 302


def test_a_device_that_does_not_exist_is_not_found(client):
    client.force_login(UserFactory(username="moderator"))
    assert client.get("/admin/otp_totp/totpdevice/999999/config/").status_code == 404
    assert client.get("/admin/otp_totp/totpdevice/999999/qrcode/").status_code == 404


def test_a_first_code_from_addstatictoken_lets_a_new_staff_member_in_once(
    client, two_factor_required
):
    UserFactory(username="newcomer")
    out = io.StringIO()
    call_command("addstatictoken", "newcomer", stdout=out)
    code = out.getvalue().strip()
    assert log_in(client, "newcomer", PASSWORD, otp_token=code).status_code == 302
    assert reaches_the_admin(client)
    client.logout()
    assert log_in(client, "newcomer", PASSWORD, otp_token=code).status_code == 200  # used up
