"""Province coordinator approves a school's Harezmi application; the district appoints its coordinator.

The seed gives appointments to the directorates (İl/İlçe MEM top managers), not to the coordinator:
the second half of the journey is the district director's, as izlem enforces.
"""

from playwright.sync_api import expect

from izlem.harezmi import services
from izlem.harezmi.models import CoordinatorAppointment
from izlem.org.models import Role
from tests.support.harezmi import in_window, make_year, trained
from tests.support.world import PASSWORD, make_user

from .conftest import T, assert_accessible, shot, sign_in

PDF = {"name": "belge.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}


def test_province_coordinator_approves_an_application_and_appoints_a_district_coordinator(
    world, live_url, page
):
    # given Gazi İlkokulu's application, forwarded by the district, and a trained volunteer teacher
    year = make_year(world)
    application = services.application_create(
        by=None,
        program_year=year,
        school=world.school_a2,
        requested_team_count=2,
        motivation="Okulumuzda bilim kulübü ve atölye var.",
        today=in_window(year),
    )
    services.application_submit(by=None, application=application, today=in_window(year))
    services.application_forward(by=None, application=application)
    volunteer = make_user("gonullu", Role.TEACHER, world.school_a2, last_name="Yılmaz")
    volunteer.first_name = "Elif"
    volunteer.save(update_fields=["first_name"])
    trained(volunteer)
    sign_in(page, live_url, "province_coordinator", PASSWORD)
    # when the coordinator opens the application and approves two teams
    page.goto(f"{live_url}/harezmi/applications/?year={year.pk}")
    assert_accessible(page)
    page.get_by_role("link", name=world.school_a2.name).first.click()
    page.get_by_label(T("Decision")).select_option("approve")
    page.get_by_label(T("Number of teams approved"), exact=True).fill("2")
    page.get_by_label(T("Comment"), exact=True).fill("Uygundur.")
    assert_accessible(page)
    shot(page, "application")
    page.get_by_role("button", name=T("Save the decision")).click()
    # then the page says so and the application is approved
    expect(page.get_by_role("status")).to_contain_text(
        T("The application was approved. Announce the results when ready.")
    )
    application.refresh_from_db()
    assert (application.state, application.approved_team_count) == ("approved", 2)

    # when the volunteer is appointed Merkez's part-time district coordinator: by the district
    # directorate (seed §2: İlçe MEM appoints district coordinators), so its director signs in
    page.context.clear_cookies()
    sign_in(page, live_url, "district_manager", PASSWORD)
    page.goto(f"{live_url}/harezmi/coordinators/new/?year={year.pk}")
    page.locator("#id_kind").select_option("district_coordinator")
    page.locator("#id_node").select_option(label="Merkez")
    page.locator("#id_person").select_option(str(volunteer.pk))
    page.locator("#id_employment").select_option("part_time")
    page.locator("#id_unit").select_option("district_private_office")
    page.locator("#id_petition_date").fill(str(year.start_date))
    page.locator("#id_petition_file").set_input_files(files=[PDF])
    page.locator("#id_start_letter_number").fill("E-12345678")
    page.locator("#id_start_letter_date").fill(str(year.start_date))
    page.locator("#id_start_letter_file").set_input_files(files=[PDF])
    assert_accessible(page)
    page.get_by_role("button", name=T("Save")).click()
    # then the appointment is shown, and the volunteer now holds the district coordinator role
    expect(page.get_by_role("status")).to_contain_text(T("The coordinator was appointed and given the role."))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Elif")
    appointment = CoordinatorAppointment.objects.get(person=volunteer)
    assert (appointment.kind, appointment.node_id) == ("district_coordinator", world.district_a.pk)
    assert volunteer.assignments.filter(role=Role.DISTRICT_COORDINATOR, node=world.district_a).exists()
