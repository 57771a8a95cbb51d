"""Only members reach an organization's pages: one rule (orga.access), checked on every URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organizations.models import ImportJob, Invitation, Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.organizations.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(school, admin):
    """Every Pix Orga URL of the school (SCO) and of a university (SUP), with objects of theirs."""
    university = OrganizationFactory(type="SUP", is_managing_students=True)
    MembershipFactory(organization=university, user=admin, role="ADMIN")
    member = MembershipFactory(organization=school)
    invitation = InvitationFactory(organization=school)
    job = ImportJob.objects.create(organization=school, kind="siecle", filename="a.xml")
    sup_job = ImportJob.objects.create(organization=university, kind="sup_csv", filename="a.csv")
    s, u = {"org_id": school.pk}, {"org_id": university.pk}
    return [
        ("GET", reverse("orga:home", kwargs=s)),
        ("GET", reverse("orga:team", kwargs=s)),
        ("POST", reverse("orga:invite", kwargs=s)),
        ("POST", reverse("orga:invitation_resend", kwargs={**s, "invitation_id": invitation.pk})),
        ("POST", reverse("orga:invitation_cancel", kwargs={**s, "invitation_id": invitation.pk})),
        ("POST", reverse("orga:member_role", kwargs={**s, "membership_id": member.pk})),
        ("GET", reverse("orga:member_remove", kwargs={**s, "membership_id": member.pk})),
        ("POST", reverse("orga:member_remove", kwargs={**s, "membership_id": member.pk})),
        ("GET", reverse("orga:leave", kwargs=s)),
        ("POST", reverse("orga:leave", kwargs=s)),
        ("GET", reverse("orga:students", kwargs=s)),
        ("GET", reverse("orga:students_import", kwargs=s)),
        ("POST", reverse("orga:students_import", kwargs=s)),
        ("GET", reverse("orga:students_template", kwargs=s)),
        ("GET", reverse("orga:usernames", kwargs=s)),
        ("POST", reverse("orga:usernames", kwargs=s)),
        ("GET", reverse("orga:import_job", kwargs={**s, "job_id": job.pk})),
        ("GET", reverse("orga:import_job_status", kwargs={**s, "job_id": job.pk})),
        ("GET", reverse("orga:sup_students", kwargs=u)),
        ("GET", reverse("orga:sup_students_import", kwargs=u)),
        ("POST", reverse("orga:sup_students_import", kwargs=u)),
        ("GET", reverse("orga:sup_students_template", kwargs=u)),
        ("GET", reverse("orga:import_job", kwargs={**u, "job_id": sup_job.pk})),
    ]


def request(client, method: str, url: str):
    return (
        client.get(url) if method == "GET" else client.post(url, {"role": "ADMIN", "emails": "x@example.org"})
    )


def test_a_member_of_another_organization_gets_404_on_every_orga_url(client, targets, school):
    outsider = MembershipFactory(organization=OrganizationFactory(), role="ADMIN").user
    client.force_login(outsider)
    for method, url in targets:
        assert request(client, method, url).status_code == 404, (method, url)
    assert Membership.objects.filter(organization=school, disabled_at__isnull=True).count() == 2
    assert Invitation.objects.get().status == "pending"


def test_a_removed_member_gets_404_on_every_orga_url(client, targets, school):
    member = MembershipFactory(organization=school, role="ADMIN")
    member.disabled_at = member.created_at
    member.save()
    client.force_login(member.user)
    for method, url in targets[:3]:
        assert request(client, method, url).status_code == 404, (method, url)


def test_anonymous_visitors_are_sent_to_the_login_page(client, targets):
    for method, url in targets:
        response = request(client, method, url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("account_login")), (method, url)


def test_a_member_cannot_do_what_only_admins_do(client, school, targets):
    member = MembershipFactory(organization=school)
    client.force_login(member.user)
    admin_only = {
        "orga:invite",
        "orga:invitation_resend",
        "orga:invitation_cancel",
        "orga:member_role",
        "orga:member_remove",
        "orga:students_import",
        "orga:students_template",
        "orga:import_job",
        "orga:import_job_status",
    }
    from django.urls import resolve

    for method, url in targets:
        match = resolve(url)
        if match.kwargs["org_id"] != school.pk:
            continue
        name = f"orga:{match.url_name}"
        if name == "orga:leave":
            continue  # any member may leave: tested with the team pages
        status = request(client, method, url).status_code
        if name in admin_only:
            assert status == 403, (method, url, status)
        else:
            assert status in (200, 302), (method, url, status)
    assert Invitation.objects.get().status == "pending"
    assert Membership.objects.filter(organization=school, role="ADMIN").count() == 1


def test_an_organization_of_another_type_has_no_students_pages(client, admin, school):
    client.force_login(admin)
    assert client.get(reverse("orga:sup_students", kwargs={"org_id": school.pk})).status_code == 404
    company = OrganizationFactory(type="PRO")
    MembershipFactory(organization=company, user=admin, role="ADMIN")
    for name in ("orga:students", "orga:sup_students", "orga:students_import", "orga:usernames"):
        assert client.get(reverse(name, kwargs={"org_id": company.pk})).status_code == 404, name


def test_an_archived_organization_is_not_reachable(client, school, admin):
    from django.utils import timezone

    school.archived_at = timezone.now()
    school.save()
    client.force_login(admin)
    assert client.get(reverse("orga:home", kwargs={"org_id": school.pk})).status_code == 404


def test_the_header_offers_the_switcher_to_a_member_of_several_organizations(client, school, admin):
    client.force_login(admin)
    html = client.get(reverse("orga:home", kwargs={"org_id": school.pk})).content.decode()
    assert 'class="orga-switch"' not in html
    second = MembershipFactory(
        user=admin, organization=OrganizationFactory(name="Lycée Marie-Curie")
    ).organization
    OrganizationFactory(name="Pas la mienne")
    html = client.get(reverse("orga:home", kwargs={"org_id": school.pk})).content.decode()
    assert 'class="orga-switch"' in html
    assert f'<a href="/orga/{second.pk}/">Lycée Marie-Curie</a>' in html
    assert f'<a href="/orga/{school.pk}/" aria-current="true">{school.name}</a>' in html
    assert "Pas la mienne" not in html


def test_the_menu_marks_the_current_section_and_points_to_campaigns(client, school, admin):
    client.force_login(admin)
    html = client.get(reverse("orga:students", kwargs={"org_id": school.pk})).content.decode()
    assert f'<a href="/orga/{school.pk}/eleves" aria-current="page">' in html
    assert f'href="/orga/{school.pk}/campagnes"' in html


def test_the_index_lists_only_the_person_s_organizations_with_links(client, school, admin):
    OrganizationFactory(name="Pas la mienne")
    client.force_login(admin)
    html = client.get(reverse("orga:index")).content.decode()
    assert reverse("orga:home", kwargs={"org_id": school.pk}) in html
    assert "Pas la mienne" not in html


def test_someone_without_organization_reads_that_orga_is_for_invited_members(client):
    client.force_login(UserFactory())
    assert "réservé aux membres invités" in client.get(reverse("orga:index")).content.decode()
