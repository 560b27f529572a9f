"""Headers that keep the pages safe to embed and the API callable from other origins."""

from __future__ import annotations

import re


def test_strict_csp_on_api_and_pages(client):
    for path in ("/api/v1/health", "/docs", "/openapi.json"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'self'" in csp
        assert "x-frame-options" not in r.headers
        assert r.headers["x-content-type-options"] == "nosniff"


def test_embed_may_be_framed_by_the_configured_sites(make_client):
    r = make_client(frame_ancestors="https://course.example.org").get("/embed")
    assert "frame-ancestors https://course.example.org" in r.headers["content-security-policy"]
    assert "x-frame-options" not in r.headers


def test_docs_work_offline(client):
    html = client.get("/docs").text
    assert not re.search(r"(src|href)=\"https?://", html), (
        "the docs page must not load anything from the internet"
    )
    for asset in re.findall(r"(?:src|href)=\"(/[^\"]+)\"", html):
        assert client.get(asset).status_code == 200, asset


def test_cors_allows_any_origin_without_credentials(client):
    r = client.options(
        "/api/v1/forward",
        headers={
            "Origin": "https://lesson.example.edu",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    r = client.get("/api/v1/health", headers={"Origin": "https://lesson.example.edu"})
    assert r.headers["access-control-allow-origin"] == "*"


def test_static_files_are_revalidated(client):
    assert client.get("/static/js/apidocs.js").headers["cache-control"] == "no-cache"
