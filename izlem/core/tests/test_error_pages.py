"""Turkish error pages inside the layout, and links that never lead to them (scorecard tab, breadcrumbs)."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse


def test_a_missing_page_is_turkish_and_inside_the_layout(world, client):
    # given
    client.force_login(world.principal)
    # when
    response = client.get("/bu-sayfa-yok/")
    # then
    body = response.content.decode()
    assert response.status_code == 404
    assert "Sayfa bulunamadı" in body and "Ana sayfaya dön" in body
    assert 'lang="tr"' in body and "navbar" in body  # the site's layout, not Django's bare page
    assert "Not Found" not in body


def test_a_forbidden_page_is_turkish(world, client):
    # given: the admin of a non-staff user answers 302; a view raising PermissionDenied gives the 403 page
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from izlem.core.errors import permission_denied

    request = RequestFactory().get("/")
    request.user = world.principal
    # when
    response = permission_denied(request, PermissionDenied())
    # then
    body = response.content.decode()
    assert response.status_code == 403 and "Bu sayfayı açamazsınız" in body


def test_an_expired_form_is_explained_in_turkish(world):
    # given: a client that enforces CSRF, signed in
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.principal)
    # when: a form posted without its token
    response = client.post(reverse("notifications"), {"x": "1"})
    # then
    body = response.content.decode()
    assert response.status_code == 403
    assert "Formun süresi doldu" in body and "CSRF verification failed" not in body


@pytest.mark.parametrize("role", ["district_manager", "principal", "province_manager"])
def test_breadcrumbs_link_only_nodes_the_reader_may_open(world, client, role):
    # given: the ministry is above everyone's scope here
    user = getattr(world, role)
    node = world.school_a1
    client.force_login(user)
    # when
    response = client.get(reverse("org:node-detail", args=[node.pk]))
    # then: every linked ancestor opens; the ministry is named but not linked
    assert response.status_code == 200
    body = response.content.decode()
    assert world.ministry.name in body
    for ancestor in node.ancestors():
        url = reverse("org:node-detail", args=[ancestor.pk])
        if url in body:
            assert client.get(url).status_code == 200, ancestor.name
    assert reverse("org:node-detail", args=[world.ministry.pk]) not in body


def test_favicon_is_linked_and_served(client):
    # when
    icon = client.get("/favicon.ico")
    # then
    assert icon.status_code == 301 and "izlem/favicon" in icon["Location"]
    assert finders.find("izlem/favicon.svg")
    assert "izlem/favicon" in client.get("/accounts/login/").content.decode()
