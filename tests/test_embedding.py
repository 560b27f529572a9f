"""Embedding (issue 4) without a browser: /embed and its headers, the oEmbed discovery links, the
loader script, the standalone page from the CLI and the API, and the string tables."""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from rnnscope.cli import main
from rnnscope.resources import PLOTLY_BUNDLES
from rnnscope.standalone import MODULE_SPEC, module_sources

ROOT = Path(__file__).resolve().parents[1]
BOOK_Y = "[[[1.5612838815180548],[2.727071008233731]]]"


def discovery_href(page: str) -> str:
    m = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert m, "no oEmbed discovery link"
    return html.unescape(m.group(1))


def test_embed_page_is_framable_and_marked_as_the_embed(client):
    r = client.get("/embed", params={"preset": "book-rnn", "views": "player,heatmap"})
    assert r.status_code == 200
    assert "frame-ancestors *" in r.headers["content-security-policy"]
    assert "x-frame-options" not in r.headers
    assert 'class="embed" data-embed="1"' in r.text
    page = client.get("/")
    assert "frame-ancestors 'self'" in page.headers["content-security-policy"]
    assert "data-embed" not in page.text


@pytest.mark.parametrize("path", ["/?preset=book-rnn&t=1", "/embed?preset=gru-hello&views=player,worked"])
def test_pages_carry_an_oembed_discovery_link_for_their_own_url(client, path):
    href = discovery_href(client.get(path).text)
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "testserver", "/oembed")
    q = parse_qs(parts.query)
    assert q["format"] == ["json"] and q["url"] == ["http://testserver" + path]
    r = client.get(href)
    assert r.status_code == 200 and r.json()["type"] == "rich"
    assert "/embed?preset=" in r.json()["html"]


def test_the_discovery_link_escapes_the_url(client):
    page = client.get('/?preset="><script>alert(1)</script>').text
    assert "<script>alert(1)" not in page
    href = discovery_href(page)
    assert not re.search(r"[<>\"' ]", href)
    assert parse_qs(urlsplit(href).query)["url"] == [
        "http://testserver/?preset=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    ]


def test_the_loader_script_is_served(client):
    r = client.get("/static/embed.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert "document.currentScript" in r.text and "rnnscope:resize" in r.text


def read_page(path: Path) -> tuple[str, dict]:
    page = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="rnnscope-data">(.*?)</script>', page, re.S)
    return page, json.loads(m.group(1))


def assert_self_contained(page: str) -> None:
    page = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", page, flags=re.S)  # the markup only
    assert not re.search(r"<script[^>]*\ssrc=", page), "a script loaded from a URL"
    assert not re.search(r"<link[^>]*\shref=\"(?!data:)", page), "a stylesheet or icon loaded from a URL"
    assert not re.search(r"(src|href)=\"https?://", page)
    assert "connect-src 'none'" in page  # the page's CSP forbids any request
    assert '<script type="application/octet-stream" id="rnnscope-modules">' in page


def test_cli_exports_a_preset_to_one_self_contained_file(tmp_path, capsys):
    out = tmp_path / "lesson.html"
    assert main(["export", "--preset", "book-rnn", "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    page, data = read_page(out)
    assert_self_contained(page)
    for kind, name in PLOTLY_BUNDLES.items():  # plotly.js's two partial bundles, gzip + base64 (issue 11)
        m = re.search(
            rf'<script type="application/octet-stream" id="rnnscope-plotly-{kind}">([^<]+)</script>', page
        )
        vendored = (ROOT / "static" / "vendor" / "plotly" / name).read_bytes()
        assert gzip.decompress(base64.b64decode(m.group(1))) == vendored, kind
    m = re.search(r'<script type="application/octet-stream" id="rnnscope-modules">([^<]+)</script>', page)
    modules = json.loads(
        gzip.decompress(base64.b64decode(m.group(1)))
    )  # the app's modules, packed the same way
    assert modules["main.js"] == (ROOT / "static" / "js" / "main.js").read_text(encoding="utf-8")
    assert modules["api.js"] == (ROOT / "static" / "js" / "api-offline.js").read_text(encoding="utf-8")
    assert 1_000_000 < out.stat().st_size <= 2_000_000  # 5.2 MB with the full plotly.min.js
    assert data["preset"]["id"] == "book-rnn" and data["preset"]["title"] == "The book's two-unit RNN"
    assert json.dumps(data["response"]["y"], separators=(",", ":")) == BOOK_Y
    assert data["response"]["trace"][0]["forward"]["pre_activation"]["h"][0][0] == [0.6, 0.5]
    assert data["canonical"]["format"] == "canonical"  # the worked step writes out every product


def test_cli_exports_a_request_file_with_language_and_view(client, tmp_path):
    req = tmp_path / "req.json"
    req.write_text(json.dumps(client.get("/api/v1/presets/gru-hello").json()))
    out = tmp_path / "lesson.html"
    assert (
        main(["export", str(req), "-o", str(out), "--lang", "zh", "--step", "2", "--views", "player,worked"])
        == 0
    )
    page, data = read_page(out)
    assert_self_contained(page)
    assert parse_qs(data["query"]) == {"t": ["2"], "views": ["player,worked"], "lang": ["zh"]}
    assert data["preset"]["id"] == "saved" and data["response"]["tokens"] == [list("hello")]


def test_cli_export_names_the_bad_field(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {"model": {"cell": "lstm", "hidden_size": 2}, "weights": {"format": "random"}, "inputs": []}
        )
    )
    assert main(["export", str(bad), "-o", str(tmp_path / "x.html")]) == 2
    assert "inputs: expected at least one time step" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()
    assert main(["export", "--preset", "nope", "-o", str(tmp_path / "x.html")]) == 2


def test_the_api_builds_the_standalone_page(client):
    body = client.get("/api/v1/presets/book-rnn").json()
    r = client.post(
        "/api/v1/standalone",
        params={"preset": "book-rnn", "state": "t=1&cfg=z.evil", "lang": "zh"},
        json=body,
    )
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"] == 'attachment; filename="rnnscope-book-rnn.html"'
    page = r.text
    assert_self_contained(page)
    data = json.loads(re.search(r'id="rnnscope-data">(.*?)</script>', page, re.S).group(1))
    assert parse_qs(data["query"]) == {"t": ["1"], "lang": ["zh"]}  # never another network (cfg)
    assert data["request"] == body
    bad = client.post("/api/v1/standalone", json={**body, "inputs": []})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][:2] == ["body", "inputs"]
    assert client.post("/api/v1/standalone", params={"state": "<script>"}, json=body).status_code == 422


def test_the_page_inlines_every_module_with_the_offline_api():
    sources = module_sources()
    assert 'export * from "./api-server.js"' in sources["api.js"]  # the offline api.js
    assert "fetch(" in sources["api-server.js"]
    for path, src in sources.items():
        for m in MODULE_SPEC.finditer(src):
            dep = (Path(path).parent / m.group(3)).as_posix()
            dep = re.sub(r"(^|/)\./", r"\1", dep)
            while re.search(r"[^/]+/\.\./", dep):
                dep = re.sub(r"[^/]+/\.\./", "", dep, count=1)
            assert dep in sources, (path, m.group(3))
    for name in (
        "main.js",
        "i18n.js",
        "i18n/zh.js",
        "frame.js",
        "share.js",
        "offline.js",
        "render/worked.js",
    ):
        assert name in sources


def load_table(lang: str) -> dict:
    text = (ROOT / "static" / "js" / "i18n" / f"{lang}.js").read_text(encoding="utf-8")
    body = text[text.index("Object.freeze(") + len("Object.freeze(") : text.rindex(")")]
    # a block of keys may start with a "// <branch>" comment line (docs: HELPERS, i18n)
    return json.loads("\n".join(line for line in body.splitlines() if not line.lstrip().startswith("//")))


def test_the_string_tables_have_the_same_keys_and_placeholders():
    en, zh = load_table("en"), load_table("zh")
    assert en.keys() == zh.keys()
    names = lambda v: sorted(set(re.findall(r"\{(\w+)\}", json.dumps(v, ensure_ascii=False))))  # noqa: E731
    for k in en:
        assert zh[k], k
        assert names(en[k]) == names(zh[k]), k
        if isinstance(en[k], list):
            assert len(en[k]) == 2 and "n" in names(en[k]), k


class TemplateTexts(HTMLParser):
    """The visible texts and accessible names of the page template."""

    SKIP: ClassVar[set[str]] = {"script", "style", "textarea", "code", "kbd", "sub"}  # sub: math

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        for k, v in attrs:
            if k in ("aria-label", "title", "placeholder") and v and tag != "textarea":
                self.texts.append(v)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data.strip())


def test_every_text_of_the_template_is_in_the_english_table():
    en = set(v for v in load_table("en").values() if isinstance(v, str))
    parser = TemplateTexts()
    parser.feed((ROOT / "templates" / "index.html").read_text(encoding="utf-8"))
    words = re.compile(r"[A-Za-z]{3,}")
    technical = re.compile(r"LSTM|GRU|tanh|relu|sigmoid|softmax|float\d\d|rnnscope|PNG|\{\{.*?\}\}|\{%.*?%\}")
    missing = [t for t in parser.texts if t not in en and words.search(technical.sub("", t))]
    assert missing == [], f"add these to static/js/i18n/en.js and zh.js: {missing}"
