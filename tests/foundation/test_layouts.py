from __future__ import annotations

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PORTALS = ["/", "/orga/", "/certif/", "/connexion"]


def lang_of(html: str) -> str:
    return re.search(r'<html lang="([a-z-]+)"', html).group(1)


@pytest.mark.parametrize("url", PORTALS)
def test_every_portal_speaks_french_by_default_even_to_an_english_browser(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert lang_of(html) == "fr"
    assert "Aller au contenu" in html
    assert response["Content-Language"] == "fr"


@pytest.mark.parametrize("url", PORTALS)
def test_every_portal_speaks_english_when_asked(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    assert lang_of(html) == "en"
    assert "Skip to content" in html


def test_the_language_switch_remembers_the_choice(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/orga/"})
    assert response.status_code == 302
    html = client.get("/orga/").content.decode()
    assert lang_of(html) == "en"


def test_a_learner_who_chose_english_on_their_account_gets_english(client, user):
    user.lang = "en"
    user.save()
    client.force_login(user)
    assert lang_of(client.get("/accueil").content.decode()) == "en"


@pytest.mark.parametrize("url", PORTALS)
def test_every_layout_has_a_skip_link_to_the_main_content(client, url):
    html = client.get(url).content.decode()
    assert '<a class="skip-link" href="#contenu">' in html
    assert '<main id="contenu"' in html


def test_orga_shows_a_member_only_their_organizations(client):
    from tests.factories import MembershipFactory, OrganizationFactory

    membership = MembershipFactory()
    other = OrganizationFactory(name="Lycée d'à côté")
    client.force_login(membership.user)
    html = client.get("/orga/").content.decode()
    assert membership.organization.name in html
    assert other.name not in html


def test_certif_shows_a_member_only_their_centres(client):
    from tests.factories import CenterMembershipFactory, CertificationCenterFactory

    membership = CenterMembershipFactory()
    other = CertificationCenterFactory(name="Centre voisin")
    client.force_login(membership.user)
    html = client.get("/certif/", follow=True).content.decode()  # to the centre's first page
    assert membership.center.name in html
    assert other.name not in html
