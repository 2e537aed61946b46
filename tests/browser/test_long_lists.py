"""Long lists are searchable and the schools a coordinator follows are those of the chosen district."""

from playwright.sync_api import expect

from izlem.org.models import Role
from tests.support.harezmi import approve, make_year, trained
from tests.support.world import PASSWORD, make_user

from .conftest import assert_accessible, sign_in


def test_the_appointment_form_searches_people_and_follows_the_district(world, live_url, page):
    # given a province with approved schools in two districts and twenty trained teachers
    year = make_year(world)
    approve(year, world.school_a2)
    approve(year, world.school_b1)
    for index in range(20):
        trained(make_user(f"ogretmen{index}", Role.TEACHER, world.school_a2, last_name=f"Öğretmen {index}"))
    elif_ = make_user("elif", Role.TEACHER, world.school_b1, last_name="Işık")
    elif_.first_name = "Elif"
    elif_.save(update_fields=["first_name"])
    trained(elif_)
    sign_in(page, live_url, "province_manager", PASSWORD)
    page.goto(f"{live_url}/harezmi/coordinators/new/?year={year.pk}")
    # when the manager types part of a name (any case, without Turkish letters) into the person list's box
    box = page.locator("#id_person").locator("xpath=preceding-sibling::input[@type='search']")
    expect(box).to_be_visible()
    box.fill("isik")
    # then only that person is left to choose
    visible = page.locator("#id_person option:not([hidden])")
    expect(visible.filter(has_text="Elif")).to_have_count(1)
    assert page.locator("#id_person option:not([hidden])").count() <= 2  # the empty choice and Elif
    # and choosing a district leaves only its schools in the list of schools followed
    page.locator("#id_node").select_option(label=world.district_b.name)
    schools = page.locator("#id_schools option:not([hidden])")
    expect(schools).to_have_count(1)
    expect(schools.first).to_have_text(world.school_b1.name)
    page.locator("#id_node").select_option(label=world.district_a.name)
    expect(page.locator("#id_schools option:not([hidden])")).to_have_text([world.school_a2.name])
    assert_accessible(page)
