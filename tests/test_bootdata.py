"""The page for ``/?preset=ID`` carries the API's answers about that preset (issue 11,
app/bootdata.py): each must equal what the API itself answers, and only a shipped preset with
no other network in the URL is inlined."""

from __future__ import annotations

import json
import math
import re

import pytest

BLOCK = re.compile(r'<script type="application/json" id="rnnscope-boot">(.*?)</script>', re.S)


def boot(client, url: str) -> dict | None:
    r = client.get(url)
    assert r.status_code == 200
    m = BLOCK.search(r.text)
    return None if m is None else json.loads(m.group(1))


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_the_book_page_carries_the_apis_answers(client, path):
    data = boot(client, f"{path}?preset=book-rnn&t=1&unit=0")
    assert data is not None
    assert data["presets"] == client.get("/api/v1/presets").json()
    body = client.get("/api/v1/presets/book-rnn").json()
    assert data["preset"] == {"id": "book-rnn", "body": body}
    fwd = data["forward"]
    # the request as the page sends it for a small trace, and the API's answer to it
    assert fwd["request"] == {**body, "options": {**(body.get("options") or {}), "encoding": "json"}}
    answer = client.post("/api/v1/forward", json=fwd["request"])
    assert answer.status_code == 200
    assert fwd["response"] == answer.json()
    assert fwd["bytes"] == len(answer.content)
    conv = client.post(
        "/api/v1/convert", json={"model": body["model"], "weights": body["weights"], "to": "canonical"}
    )
    assert conv.status_code == 200
    assert fwd["canonical"] == conv.json()["weights"]
    # the book's step 0, unit 0: a = 0.5·1 + 0.1, h = tanh(0.6)
    assert fwd["response"]["output"][0][0][0] == pytest.approx(math.tanh(0.6), abs=1e-15)


def test_a_preset_with_gradients_carries_them(client):
    data = boot(client, "/?preset=vanishing-tanh")
    body = client.get("/api/v1/presets/vanishing-tanh").json()
    assert body["options"]["gradients"] is True
    answer = client.post("/api/v1/forward", json=data["forward"]["request"]).json()
    assert data["forward"]["response"] == answer
    assert "gradients" in answer


@pytest.mark.parametrize(
    "query",
    [
        "",  # the default network: the page picks it
        "?preset=no-such-preset",
        "?preset=book-rnn&cfg=z.abc",  # another network in the URL
        "?preset=book-rnn&lesson=first-steps",
        "?preset=book-rnn&lesson_url=/x.json",
        "?preset=%3C%2Fscript%3E",
    ],
)
def test_nothing_is_inlined_for_another_network(client, query):
    assert boot(client, "/" + query) is None


def test_a_big_preset_is_fetched_as_before(client):
    """trained-chars (a 200 kB body) is not put in the page; its trace is binary anyway."""
    data = boot(client, "/?preset=trained-chars")
    assert data is not None and "forward" not in data
    assert data["preset"]["id"] == "trained-chars"


def test_the_block_cannot_close_its_element(client):
    data = client.get("/?preset=book-rnn").text
    block = BLOCK.search(data).group(1)
    assert "<" not in block
    assert data.count('id="rnnscope-boot"') == 1


def test_a_limit_under_the_preset_leaves_the_trace_out(make_client):
    """Over a configured limit the page asks the API, which answers with the 4xx naming it."""
    client = make_client(max_steps=1)
    data = boot(client, "/?preset=book-rnn")
    assert data is not None and "forward" not in data
    r = client.post("/api/v1/forward", json=client.get("/api/v1/presets/book-rnn").json())
    assert r.status_code in (413, 422)


def test_modules_come_with_their_etag_and_a_304(client):
    r = client.get("/static/js/main.js")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/javascript; charset=utf-8"
    assert r.headers["cache-control"] == "no-cache"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    again = client.get("/static/js/main.js", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/static/css/perf.css").headers["content-type"] == "text/css; charset=utf-8"
    for bad in (
        "/static/js/nope.js",
        "/static/js/../../app/main.py",
        "/static/js/%2e%2e/%2e%2e/pyproject.toml",
        "/static/js/a%00b.js",
        "/static/js/" + "a" * 5000 + ".js",
        "/static/js/",
    ):
        assert client.get(bad).status_code == 404, bad


def test_the_page_names_its_modules_under_a_version_cached_for_a_year(make_client):
    """Without the bundle (RNNSCOPE_STATIC_BUNDLE=off, or modules edited since it was built) the
    page's modules and stylesheets are named one by one under /static/v/<version>/ (a module's
    relative imports stay under it), cached for a year: a reload or a course page's second embed
    asks for none of them again. Another version, an unversioned URL, or a file edited since the
    server started is revalidated instead."""
    import re

    from rnnscope.pages import static_snapshot, static_version

    client = make_client(static_bundle="off")
    html = client.get("/?preset=book-rnn").text
    version = static_version()
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    modules = [u for u in urls if u.endswith(".js")]
    assert f"/static/v/{version}/js/main.js" in modules and len(modules) > 30, modules
    assert all(u.startswith(f"/static/v/{version}/") for u in urls if u.endswith((".js", ".css"))), urls
    for url in (modules[0], modules[-1], f"/static/v/{version}/css/app.css"):
        r = client.get(url)
        assert r.status_code == 200 and r.headers["cache-control"] == "public, max-age=31536000, immutable", (
            url
        )
    same = client.get(f"/static/v/{version}/js/render/worked.js")
    assert same.content == client.get("/static/js/render/worked.js").content
    assert same.headers["etag"] == client.get("/static/js/render/worked.js").headers["etag"]
    another = ("1" if version[0] == "0" else "0") + version[1:]  # one character off, never the same
    for other in (f"/static/v/{another}/js/main.js", "/static/js/main.js"):
        r = client.get(other)
        assert r.status_code == 200 and r.headers["cache-control"] == "no-cache", other
    # a file whose size or mtime is not the one the version was made from: revalidated
    snapshot = static_snapshot()
    saved = snapshot["js/app.js"]
    snapshot["js/app.js"] = (saved[0] + 1, saved[1])
    try:
        assert client.get(f"/static/v/{version}/js/app.js").headers["cache-control"] == "no-cache"
    finally:
        snapshot["js/app.js"] = saved
    for bad in (
        f"/static/v/{version}/js/../../../app/main.py",
        f"/static/v/{version}/js/nope.js",
        f"/static/v/{version}/img/x.js",
    ):
        assert client.get(bad).status_code == 404, bad
