"""The page's own files over HTTP (app/pages.py): plotly.js's bundles, the ES modules and the
stylesheets are sent gzip-compressed to a client that accepts it, with an ETag per
representation and a 304 for each; the /forward answer is never compressed."""

from __future__ import annotations

import gzip
import re

import pytest

from rnnscope.pages import accepts_gzip
from rnnscope.resources import resource_dir


def page_assets(client) -> dict[str, bytes]:
    """The URLs the page names for plotly.js and two of its modules, with the files' bytes."""
    html = client.get("/?preset=book-rnn").text
    cartesian = re.search(r'data-plotly-src="([^"]+)"', html).group(1)
    gl3d = re.search(r'data-plotly3d-src="([^"]+)"', html).group(1)
    vendor = resource_dir("static") / "vendor" / "plotly"
    static = resource_dir("static")
    return {
        cartesian: (vendor / "plotly-cartesian.min.js").read_bytes(),
        gl3d: (vendor / "plotly-gl3d.min.js").read_bytes(),
        "/static/js/app.js": (static / "js" / "app.js").read_bytes(),
        "/static/css/app.css": (static / "css" / "app.css").read_bytes(),
    }


def test_every_page_asset_is_sent_gzipped_and_inflates_to_the_file(client):
    for url, data in page_assets(client).items():
        r = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert r.status_code == 200, url
        assert r.headers["content-encoding"] == "gzip", url
        assert "Accept-Encoding" in r.headers["vary"], url
        assert int(r.headers["content-length"]) < len(data) / 2, url  # text compresses 3-4x
        assert r.content == data, url  # httpx inflated it: the same bytes as the file


@pytest.mark.parametrize("header", ["identity", "gzip;q=0", "br", ""])
def test_a_client_that_does_not_accept_gzip_gets_the_plain_file(client, header):
    for url, data in page_assets(client).items():
        r = client.get(url, headers={"Accept-Encoding": header})
        assert r.status_code == 200, url
        assert "content-encoding" not in r.headers, url
        assert int(r.headers["content-length"]) == len(data), url
        assert r.content == data, url


def test_each_representation_has_its_own_etag_and_its_own_304(client):
    for url in page_assets(client):
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert plain.headers["etag"] != zipped.headers["etag"], url
        for r, enc in ((plain, "identity"), (zipped, "gzip")):
            again = client.get(url, headers={"Accept-Encoding": enc, "If-None-Match": r.headers["etag"]})
            assert again.status_code == 304, url
            assert again.content == b""
        # a stale ETag (the other representation's) gets the whole file
        cross = client.get(
            url, headers={"Accept-Encoding": "identity", "If-None-Match": zipped.headers["etag"]}
        )
        assert cross.status_code == 200


def test_the_gzip_bytes_are_the_same_on_every_request(client):
    """mtime=0 in the gzip header: a cache or a proxy sees one representation per file version."""
    url = next(iter(page_assets(client)))
    raw = [client.get(url, headers={"Accept-Encoding": "gzip"}) for _ in range(2)]
    assert raw[0].headers["etag"] == raw[1].headers["etag"]
    assert raw[0].headers["content-length"] == raw[1].headers["content-length"]


def test_head_gives_the_headers_without_a_body(client):
    url, data = next(iter(page_assets(client).items()))
    r = client.head(url, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert r.content == b""
    assert int(r.headers["content-length"]) == len(gzip.compress(data, compresslevel=9, mtime=0))


def test_the_forward_answer_is_never_compressed(client):
    body = client.get("/api/v1/presets/book-rnn").json()
    for encoding in ("json", "binary"):
        r = client.post(
            "/api/v1/forward",
            json={**body, "options": {**(body.get("options") or {}), "encoding": encoding}},
            headers={"Accept-Encoding": "gzip"},
        )
        assert r.status_code == 200, r.text
        assert "content-encoding" not in r.headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("gzip, deflate, br, zstd", True),
        ("deflate, gzip;q=0.5", True),
        ("gzip;q=0", False),
        ("gzip; q=0.000", False),
        ("*", True),
        ("*;q=0", False),
        ("br, *;q=0.1", True),
        ("gzip;q=0, *", False),  # gzip is named: its own weight counts, not *'s
        ("identity", False),
        ("br", False),
        ("", False),
        ("gzip;q=nonsense", False),
        (",,;;q=;", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, expected):
    assert accepts_gzip(header) is expected
