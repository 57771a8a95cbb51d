from __future__ import annotations

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_health_reports_database_cache_and_broker(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["broker"] in {"ok", "inline"}


def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("pix.health._database", lambda: "error: OperationalError")
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_the_api_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert "/api/token" in schema["paths"]


def test_the_api_docs_are_served_without_any_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "'unsafe-inline'" in response["Content-Security-Policy"]


def test_a_token_is_given_for_good_credentials(client, user, password):
    response = client.post(
        "/api/token", {"login": user.email, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) == 40
    again = client.post(
        "/api/token", {"login": user.email.upper(), "password": password}, content_type="application/json"
    )
    assert again.json()["token"] == token


def test_a_token_is_refused_for_bad_credentials(client, user):
    response = client.post(
        "/api/token", {"login": user.email, "password": "Mauvais1"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "incorrect" in response.json()["detail"]


def test_a_token_request_without_password_says_what_is_missing(client, user):
    response = client.post("/api/token", {"login": user.email}, content_type="application/json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_the_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_pages_forbid_inline_scripts_and_styles(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
