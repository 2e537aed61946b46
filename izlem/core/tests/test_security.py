"""Sign-in security: lockout, two-factor for administrators, audit trail, health check."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from izlem.org.services import node_update
from tests.support.world import PASSWORD


def test_login_works_with_the_right_password(world, client):
    response = client.post(reverse("login"), {"username": "principal", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


def test_lockout_after_repeated_failures(world, client, settings):
    # given the failure limit
    limit = settings.AXES_FAILURE_LIMIT
    # when the wrong password is tried that many times
    for _attempt in range(limit):
        client.post(reverse("login"), {"username": "principal", "password": "wrong"})
    # then even the right password is refused with the lockout page
    response = client.post(reverse("login"), {"username": "principal", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_two_factor_is_demanded_for_an_administrator(world, client):
    # given an administrator who signed in with a password only
    client.post(reverse("login"), {"username": "sysadmin", "password": PASSWORD})
    # when they open a page
    response = client.get(reverse("org:node-list"))
    # then they are sent to set up a second factor
    assert response.status_code == 302 and response.url == reverse("otp-setup")


def test_administrator_enrols_totp_and_gets_in(world, client):
    client.post(reverse("login"), {"username": "sysadmin", "password": PASSWORD})
    client.get(reverse("otp-setup"))
    assert not TOTPDevice.objects.filter(user=world.sysadmin).exists()  # nothing saved before the code
    key = bytes.fromhex(client.session["izlem_otp_candidate_key"])
    response = client.post(reverse("otp-setup"), {"name": "phone", "token": f"{totp(key):06d}"})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=world.sysadmin).confirmed
    assert client.get(reverse("org:node-list")).status_code == 200


def test_user_with_a_device_must_verify_after_password(world, client):
    device = TOTPDevice.objects.create(user=world.principal, name="phone", confirmed=True)
    client.post(reverse("login"), {"username": "principal", "password": PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp-verify"))
    client.post(reverse("otp-verify"), {"token": f"{totp(device.bin_key):06d}", "next": "/"})
    assert client.get(reverse("home")).status_code == 200


def test_two_factor_is_optional_for_a_principal(world, client):
    client.post(reverse("login"), {"username": "principal", "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200


def test_a_change_writes_an_audit_row_with_before_and_after(world, client):
    # given
    school = world.school_a1
    count_before = school.history.count()
    # when
    node_update(node=school, by=world.district_manager, name="Yeni Ad Ortaokulu")
    # then
    latest = school.history.first()
    assert school.history.count() == count_before + 1
    assert latest.name == "Yeni Ad Ortaokulu" and latest.prev_record.name == "Atatürk Ortaokulu"


def test_history_page_shows_changes_to_those_in_scope_only(world, client):
    node_update(node=world.school_a1, by=world.district_manager, name="Yeni Ad Ortaokulu")
    url = reverse("object-history", args=["org.orgnode", world.school_a1.pk])
    client.force_login(world.district_manager)
    response = client.get(url)
    assert response.status_code == 200 and "Yeni Ad Ortaokulu" in response.content.decode()
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_healthz_checks_the_database(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_pages_need_sign_in(db, client):
    response = client.get(reverse("org:node-list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_security_headers_are_set(db, client):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_wrong_code_does_not_turn_two_factor_on(world, client):
    client.post(reverse("login"), {"username": "sysadmin", "password": PASSWORD})
    client.get(reverse("otp-setup"))
    key = bytes.fromhex(client.session["izlem_otp_candidate_key"])
    wrong = f"{(totp(key) + 1) % 1_000_000:06d}"
    response = client.post(reverse("otp-setup"), {"token": wrong})
    assert response.status_code == 200 and not TOTPDevice.objects.filter(user=world.sysadmin).exists()
    assert client.get(reverse("org:node-list")).status_code == 302


def test_notifications_are_listed_and_marked_read_for_their_recipient_only(world, client):
    from izlem.core.models import Notification
    from izlem.core.notifications import notify

    notify(recipients=[world.principal], message="Dönem açıldı", url="/")
    client.force_login(world.teacher)
    client.post(reverse("notifications"))  # someone else's "mark all" changes nothing of the principal's
    assert Notification.objects.get().read_at is None
    client.force_login(world.principal)
    assert "Dönem açıldı" in client.get(reverse("notifications")).content.decode()
    client.post(reverse("notifications"))
    assert Notification.objects.get().read_at is not None


def test_pages_are_turkish_even_for_an_english_browser_until_english_is_chosen(db, client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "tr" and 'lang="tr"' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en" and 'lang="en"' in response.content.decode()
