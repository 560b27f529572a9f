"""GET /oembed answers for links to this server's visualizer with an embeddable iframe."""

from __future__ import annotations

import re


def test_oembed_for_a_preset_link(client):
    r = client.get("/oembed", params={"url": "http://testserver/?preset=book-rnn&t=1", "format": "json"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["type"] == "rich" and body["version"] == "1.0"
    assert body["title"] == "rnnscope: The book's two-unit RNN"
    assert (body["width"], body["height"]) == (800, 640)
    src = re.search(r'src="([^"]+)"', body["html"]).group(1)
    assert src == "http://testserver/embed?preset=book-rnn&amp;t=1"


def test_oembed_respects_maxwidth_and_escapes(client):
    evil = 'http://testserver/embed?preset="><script>alert(1)</script>'
    body = client.get("/oembed", params={"url": evil, "maxwidth": 400, "maxheight": 300}).json()
    assert (body["width"], body["height"]) == (400, 300)
    assert "<script>" not in body["html"]


def test_oembed_refuses_other_sites_and_formats(client):
    r = client.get("/oembed", params={"url": "https://evil.example/?preset=book-rnn"})
    assert r.status_code == 404 and r.json()["detail"][0]["loc"] == ["query", "url"]
    assert client.get("/oembed", params={"url": "http://testserver/docs"}).status_code == 404
    assert client.get("/oembed", params={"url": "http://testserver/", "format": "xml"}).status_code == 501
    assert client.get("/oembed").status_code == 422
