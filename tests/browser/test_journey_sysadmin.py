"""System administrator: enrols two-factor sign-in, adds a user with a role and gives him another."""

import base64

from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from izlem.org.models import Role, User
from tests.support.world import PASSWORD

from .conftest import T, assert_accessible, shot, sign_in


def test_sysadmin_enrols_2fa_then_adds_a_user_with_a_role(world, live_url, page):
    # given the system administrator, who has no second factor yet
    sign_in(page, live_url, "sysadmin", PASSWORD)
    # then izlem asks them to set one up first
    expect(page.get_by_role("heading", level=1)).to_contain_text(T("Set up two-factor sign-in"))
    assert_accessible(page)
    shot(page, "two-factor")
    # when they type the code their authenticator app shows for the key on the page
    key_text = page.locator("#otp-key").inner_text().strip()  # base32, as authenticator apps take it
    key = base64.b32decode(key_text + "=" * (-len(key_text) % 8))
    assert not TOTPDevice.objects.filter(user=world.sysadmin).exists()  # nothing saved before the code
    code = TOTP(key, step=30, t0=0, digits=6).token()
    page.locator("input[name=token]").fill(f"{code:06d}")
    page.get_by_role("button", name=T("Turn on")).click()
    expect(page.get_by_role("status")).to_contain_text(T("Two-factor sign-in is now on for your account."))
    # and they are shown their recovery codes once
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    # when they add a user
    page.get_by_role("link", name=T("Users and roles"), exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=T("Add a user")).click()
    page.locator("#id_user-username").fill("mehmet.demir")
    page.locator("#id_user-first_name").fill("Mehmet")
    page.locator("#id_user-last_name").fill("Demir")
    page.locator("#id_user-email").fill("mehmet.demir@example.org")
    # with his first role: teacher at Gazi İlkokulu
    page.locator("#id_role-role").select_option(Role.TEACHER)
    page.locator("#id_role-node").select_option(str(world.school_a2.pk))
    page.locator("#id_role-start_date").fill(str(timezone.localdate()))
    assert_accessible(page)
    page.get_by_role("button", name=T("Create")).click()
    expect(page.get_by_role("status")).to_contain_text(T("The user was created."))
    # and then gives him the principal role there too
    page.get_by_role("link", name=T("Give a role")).click()
    page.locator("#id_role").select_option(Role.PRINCIPAL)
    page.locator("#id_node").select_option(str(world.school_a2.pk))
    page.locator("#id_start_date").fill(str(timezone.localdate()))
    assert_accessible(page)
    shot(page, "role-new")
    page.get_by_role("button", name=T("Save")).click()
    # then the user's page lists the role at that school
    expect(page.get_by_role("status")).to_contain_text(T("The role was given."))
    expect(page.get_by_role("row").filter(has_text=world.school_a2.name)).to_have_count(2)
    user = User.objects.get(username="mehmet.demir")
    assert sorted(user.assignments.values_list("role", "node_id")) == [
        (Role.PRINCIPAL, world.school_a2.pk),
        (Role.TEACHER, world.school_a2.pk),
    ]
    assert TOTPDevice.objects.get(user=world.sysadmin).confirmed
