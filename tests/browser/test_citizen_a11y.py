"""axe-core on the citizen's pages: the home, a procedure's page, a form step (also with its
errors shown), the summary with the privacy notice, and a case's status page. No serious or
critical findings."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser import test_filing as filing
from tests.browser.test_filing import CITIZEN_EMAIL, file_case
from tests.browser.worlds import sign_in

# The support module's fixture, made visible to this module's tests.
live_procedure = filing.live_procedure


def test_citizen_pages_have_no_serious_accessibility_problems(
    page: Page, live_url, live_procedure, assert_accessible
):
    case = file_case(live_procedure)

    page.goto(live_url("sonora", "/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.goto(live_url("sonora", f"/tramites/{live_procedure.key}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pedir una constancia completa")
    assert_accessible(page)

    sign_in(page, live_url, "sonora", CITIZEN_EMAIL, f"/tramites/{live_procedure.key}/solicitud/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tus datos")
    assert_accessible(page)

    # the same step with its errors next to the fields
    page.get_by_role("button", name="Guardar y continuar").click()
    expect(page.get_by_role("alert")).to_contain_text("Revisa estos datos")
    assert_accessible(page)

    page.goto(live_url("sonora", f"/tramites/{live_procedure.key}/solicitud/resumen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisar y presentar")
    assert_accessible(page)

    page.goto(live_url("sonora", f"/mis-tramites/{case.public_id}/"))
    expect(page.locator("[data-status]")).to_have_text("Recibida")
    assert_accessible(page)

    page.goto(live_url("sonora", "/mis-tramites/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis trámites")
    assert_accessible(page)
