"""Files survive a form shown again with errors: the petition is not attached twice (and cannot be forged)."""

import pytest
from django.core import signing
from django.urls import reverse

from izlem.core.kept_files import keep_upload, kept_upload
from izlem.harezmi.models import CoordinatorAppointment, OfficialDocument
from izlem.org.models import Role
from tests.support.harezmi import pdf, trained
from tests.support.world import make_user

from .test_coordinators import K

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(world):
    """A teacher of school A2 who volunteers."""
    return make_user("gonullu", Role.TEACHER, world.school_a2)


def _form(world, year, person, **extra):
    return {
        "kind": K.DISTRICT_COORDINATOR,
        "node": world.district_a.pk,
        "person": person.pk,
        "semester": "1",
        "employment": "full_time",
        "unit": "district_private_office",
        "petition_date": year.start_date.isoformat(),
        "start_letter_number": "E-1",
        "start_letter_date": year.start_date.isoformat(),
        **extra,
    }


def test_the_petition_sent_with_a_refused_form_is_kept_and_used_on_the_next_try(
    world, year, candidate, client
):
    client.force_login(world.district_manager)
    url = reverse("harezmi:appointment-create") + f"?year={year.pk}&all=1"
    # given: the form refused (the candidate is not trained yet) with the petition attached
    first = client.post(url, {**_form(world, year, candidate), "petition_file": pdf("dilekce.pdf")})
    page = first.content.decode()
    assert first.status_code == 200 and CoordinatorAppointment.objects.count() == 0
    token = first.context["form"]["petition_file"].field.widget.KEPT_SUFFIX
    assert f'name="petition_file{token}"' in page and "dilekce.pdf" in page
    kept = page.split(f'name="petition_file{token}" value="', 1)[1].split('"', 1)[0]
    # when the training is recorded and the form is sent again without attaching anything
    trained(candidate, year.start_date)
    second = client.post(url, {**_form(world, year, candidate), f"petition_file{token}": kept})
    # then the appointment is made with the kept petition
    assert second.status_code == 302, second.content.decode()[:2000]
    petition = CoordinatorAppointment.objects.get().petition
    assert petition.file.name.endswith(".pdf") and petition.file.read().startswith(b"%PDF")
    assert OfficialDocument.objects.filter(pk=petition.pk).exists()


def test_a_forged_or_stale_token_gives_no_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = keep_upload(pdf("a.pdf"))
    assert kept_upload(token).read().startswith(b"%PDF")
    data = signing.loads(token, salt="izlem.kept-upload")
    forged = signing.dumps({**data, "name": "../../etc/passwd"}, salt="other-salt")
    assert kept_upload(forged) is None
    assert kept_upload(token[:-2] + "xx") is None
    assert kept_upload("") is None
    assert kept_upload(signing.dumps({**data, "name": "../../../x"}, salt="izlem.kept-upload")) is None


def test_a_person_whose_only_role_has_ended_is_no_candidate(world, year, candidate, client):
    from izlem.org.models import RoleAssignment
    from izlem.org.services import role_end

    trained(candidate, year.start_date)
    client.force_login(world.district_manager)
    url = reverse("harezmi:appointment-create") + f"?year={year.pk}"
    assert candidate in client.get(url).context["form"].fields["person"].queryset
    role_end(by=world.district_manager, assignment=RoleAssignment.objects.get(user=candidate))
    assert candidate not in client.get(url).context["form"].fields["person"].queryset
