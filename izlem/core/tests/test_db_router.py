"""The replica router: reads on a replica, writes on the primary, and a user's reads stay on the primary
right after their write. Two aliases point at the same test database (the replica alias is added here)."""

import time

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from izlem.core.db_router import PIN_COOKIE, PinPrimaryMiddleware, PrimaryReplicaRouter, use_replicas
from izlem.org.models import Unit


@pytest.fixture
def replica(transactional_db, settings):
    """A second alias, `replica`, to the same (committed) test database, routed by the router.

    Added after the test database is set up, so it is a plain second connection, not a second test database.
    """
    primary = connections["default"].settings_dict
    connections["replica"] = load_backend(primary["ENGINE"]).DatabaseWrapper({**primary}, alias="replica")
    settings.IZLEM_DB_REPLICAS = ["replica"]
    settings.DATABASE_ROUTERS = ["izlem.core.db_router.PrimaryReplicaRouter"]
    from django.db import router

    router.routers = [PrimaryReplicaRouter()]
    yield "replica"
    connections["replica"].close()
    del connections["replica"]
    router.routers = []


def _middleware(view):
    return PinPrimaryMiddleware(view)


def test_reads_go_to_the_replica_and_writes_to_the_primary(replica):
    with use_replicas(), CaptureQueriesContext(connections["replica"]) as on_replica:
        Unit.objects.create(code="olcme", name="Ölçme Değerlendirme")  # a write: primary
        assert Unit.objects.filter(code="olcme").exists()  # after a write: primary too
    with use_replicas(), CaptureQueriesContext(connections["replica"]) as on_replica:
        found = Unit.objects.get(code="olcme")  # a fresh request: the replica (same database here)
    assert found._state.db == "replica"
    assert len(on_replica.captured_queries) == 1


def test_a_user_reads_the_primary_right_after_their_write_then_the_replica_again(replica, settings):
    settings.IZLEM_DB_PIN_SECONDS = 30
    seen = []

    def write_view(request):
        Unit.objects.create(code="yeni-birim", name="Yeni Birim")
        return HttpResponse("ok")

    def read_view(request):
        seen.append(Unit.objects.get(code="yeni-birim")._state.db)
        return HttpResponse("ok")

    factory = RequestFactory()
    response = _middleware(write_view)(factory.post("/"))
    pin = response.cookies[PIN_COOKIE]
    assert int(pin.value) > time.time() and pin["max-age"] == 30

    following = factory.get("/")
    following.COOKIES[PIN_COOKIE] = pin.value
    response = _middleware(read_view)(following)
    assert PIN_COOKIE not in response.cookies  # a read does not extend the pin

    expired = factory.get("/")
    expired.COOKIES[PIN_COOKIE] = str(int(time.time()) - 1)
    _middleware(read_view)(expired)
    _middleware(read_view)(factory.get("/"))
    assert seen == ["default", "replica", "replica"]


def test_without_a_request_or_replicas_everything_uses_the_primary(settings):
    router = PrimaryReplicaRouter()
    settings.IZLEM_DB_REPLICAS = ["replica"]
    assert router.db_for_read(Unit) == "default"  # a task or a command: no request
    settings.IZLEM_DB_REPLICAS = []
    with use_replicas():
        assert router.db_for_read(Unit) == "default"
    assert router.allow_migrate("replica", "org") is False
    assert router.allow_migrate("default", "org") is True
