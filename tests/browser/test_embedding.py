"""Embedding in course sites (issue 4), in Debian's Chromium: /embed framed by a lesson page on a
second loopback origin, its postMessage API, the loader script, the standalone file opened from
file:// with no network, the Embed dialog, narrow widths and the Chinese interface."""

from __future__ import annotations

import json
import re

import pytest

from rnnscope.cli import main as cli

from .conftest import open_page, wait_js, wait_ready

pytestmark = pytest.mark.browser

RECORDER = """
<script>
  window.got = [];
  addEventListener("message", (e) => {
    const f = document.getElementById("f");
    if (e.source !== f.contentWindow) return;
    got.push({ origin: e.origin, data: e.data });
    if (e.data && e.data.type === "rnnscope:resize") f.style.height = e.data.height + "px";
  });
</script>"""


def lesson_html(src: str, extra: str = "") -> str:
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Lesson 3: RNNs</title></head>
<body><h1>Lesson 3: a recurrent network by hand</h1>{RECORDER}
<iframe id="f" src="{src}" width="100%" height="200" style="border:0" title="rnnscope"></iframe>
{extra}</body></html>"""


def embed_frame(pg, server: str):
    """The rnnscope iframe's Frame, once it exists."""
    for _ in range(200):
        for f in pg.frames:
            if f.url.startswith(server + "/embed"):
                return f
        pg.wait_for_timeout(50)
    raise AssertionError("no /embed frame")


def got(pg, kind: str) -> list[dict]:
    return pg.evaluate("k => got.filter((m) => m.data && m.data.type === k)", kind)


@pytest.fixture
def lesson_page(browser, base_url, lesson_site):
    pg = open_page(browser, (lesson_site.origin, base_url))
    try:
        yield pg
    finally:
        pg.context.close()


def test_a_lesson_on_another_origin_frames_the_embed_and_sizes_it(lesson_page, base_url, lesson_site):
    pg = lesson_page
    pg.goto(lesson_site.put("lesson1.html", lesson_html(f"{base_url}/embed?preset=book-rnn")))
    frame = embed_frame(pg, base_url)
    wait_ready(frame)
    # the plots are drawn inside the frame, with the minimal chrome
    assert frame.locator("#heatmaps figure").count() == 2
    for sel in ("#lines-plot", "#outputs-plot"):
        assert frame.locator(f"{sel}.js-plotly-plot .main-svg").count() >= 1, sel
    assert frame.locator("#traj-plot.cp-plot canvas.cp-data").count() == 1
    assert frame.locator(".embed-bar").is_visible()
    assert not frame.locator(".topbar").is_visible()
    assert not frame.locator("#panel-export").is_visible()  # not among the embed's default views
    # the parent hears the embed's height and sizes the iframe to it: no inner scroll bar
    wait_js(pg, "got.some((m) => m.data.type === 'rnnscope:resize' && m.data.height > 600)")
    msgs = got(pg, "rnnscope:resize")
    assert all(m["origin"] == base_url and isinstance(m["data"]["height"], int) for m in msgs)
    wait_js(
        pg,
        "Math.abs(document.getElementById('f').getBoundingClientRect().height - got.filter((m) => m.data.type === 'rnnscope:resize').at(-1).data.height) < 2",
    )
    inner = frame.evaluate("[document.documentElement.scrollHeight, innerHeight]")
    assert inner[0] <= inner[1] + 1, inner
    ready = got(pg, "rnnscope:ready")
    assert ready and ready[0]["data"]["steps"] == 2
    assert got(pg, "rnnscope:step")[0]["data"] == {"type": "rnnscope:step", "t": 0, "steps": 2}
    pg.watch.assert_clean()


def test_set_step_from_the_parent_moves_the_view_and_other_senders_are_ignored(
    lesson_page, base_url, lesson_site
):
    pg = lesson_page
    sibling = '<iframe name="other" srcdoc="<p>another widget</p>"></iframe>'
    pg.goto(
        lesson_site.put(
            "lesson2.html", lesson_html(f"{base_url}/embed?preset=book-rnn&views=worked,player", sibling)
        )
    )
    frame = embed_frame(pg, base_url)
    wait_ready(frame)
    send = "msg => document.getElementById('f').contentWindow.postMessage(msg, '*')"
    pg.evaluate(send, {"type": "rnnscope:set-step", "t": 1})
    wait_js(frame, "window.rnnscope.state.t === 1")
    wait_js(pg, "got.some((m) => m.data.type === 'rnnscope:step' && m.data.t === 1)")
    # the worked step now shows step 1 of the book: a = 1.2923, output 2.7271
    text = frame.locator("#worked").inner_text()
    assert "1.2923" in text and "2.7271" in text
    # malformed commands are ignored
    for bad in ({"type": "rnnscope:set-step", "t": "0"}, {"type": "rnnscope:set-step", "t": -1},
                {"type": "rnnscope:set-step", "t": 0.5}, {"type": "rnnscope:set-step"}, ["rnnscope:set-step", 0],
                "rnnscope:set-step", {"type": "rnnscope:jump", "t": 0}):  # fmt: skip
        pg.evaluate(send, bad)
    # a message from another frame of the page (not the embed's parent) is ignored
    other = next(f for f in pg.frames if f.name == "other")
    other.evaluate("parent.frames[0].postMessage({type: 'rnnscope:set-step', t: 0}, '*')")
    pg.wait_for_timeout(300)
    assert frame.evaluate("window.rnnscope.state.t") == 1
    pg.watch.assert_clean()


def test_play_and_pause_from_the_parent(lesson_page, base_url, lesson_site):
    """On a 50-step sequence at one step a second, so that "playing" lasts long enough to see
    (the book's two steps end a play within a frame)."""
    pg = lesson_page
    pg.goto(
        lesson_site.put(
            "lesson-play.html", lesson_html(f"{base_url}/embed?preset=vanishing-tanh&views=player")
        )
    )
    frame = embed_frame(pg, base_url)
    wait_ready(frame)
    send = "msg => document.getElementById('f').contentWindow.postMessage(msg, '*')"
    frame.evaluate("window.rnnscope.app.setSpeed(1)")
    pg.evaluate(send, {"type": "rnnscope:play"})
    wait_js(frame, "window.rnnscope.state.playing === true")
    pg.evaluate(send, {"type": "rnnscope:pause"})
    wait_js(frame, "window.rnnscope.state.playing === false")
    t = frame.evaluate("window.rnnscope.state.t")
    pg.wait_for_timeout(1500)
    assert frame.evaluate("window.rnnscope.state.t") == t, "a paused embed must not advance"
    pg.watch.assert_clean()


def test_an_embed_told_its_parents_origin_talks_to_no_other(lesson_page, base_url, lesson_site):
    pg = lesson_page
    src = f"{base_url}/embed?preset=book-rnn&origin=http%3A%2F%2F127.0.0.9%3A9"
    pg.goto(lesson_site.put("lesson3.html", lesson_html(src)))
    frame = embed_frame(pg, base_url)
    wait_ready(frame)
    pg.wait_for_timeout(300)
    assert pg.evaluate("got.length") == 0  # posted to http://127.0.0.9:9 only
    pg.evaluate(
        "document.getElementById('f').contentWindow.postMessage({type: 'rnnscope:set-step', t: 1}, '*')"
    )
    pg.wait_for_timeout(300)
    assert frame.evaluate("window.rnnscope.state.t") == 0
    pg.watch.assert_clean()


def test_the_loader_script_turns_a_div_into_a_sized_iframe_under_a_strict_csp(browser, base_url, lesson_site):
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>Lesson 4</title></head><body>
<h1>Lesson 4: a GRU reads "hello"</h1>
<div class="rnnscope" data-preset="gru-hello" data-views="player,heatmaps,worked" data-t="2" data-height="300">
  <a href="{base_url}/?preset=gru-hello">Open the GRU in rnnscope</a></div>
<p>After the figure.</p>
<script src="{base_url}/static/embed.js" async></script></body></html>"""
    csp = f"default-src 'self'; script-src 'self' {base_url}; frame-src {base_url}; style-src 'self'"
    pg = open_page(browser, (lesson_site.origin, base_url))
    try:
        pg.add_init_script(
            "window.events = []; for (const k of ['ready', 'step', 'resize']) "
            "document.addEventListener('rnnscope:' + k, (e) => events.push([k, e.detail]));"
        )
        pg.goto(lesson_site.put("lesson4.html", html, {"Content-Security-Policy": csp}))
        iframe = pg.locator("div.rnnscope > iframe")
        iframe.wait_for()
        src = iframe.get_attribute("src")
        assert src.startswith(base_url + "/embed?")
        q = dict(re.findall(r"([a-z]+)=([^&]*)", src))
        assert q["preset"] == "gru-hello" and q["t"] == "2" and q["views"] == "player%2Cheatmaps%2Cworked"
        assert q["origin"] == lesson_site.origin.replace(":", "%3A").replace("/", "%2F")
        frame = embed_frame(pg, base_url)
        wait_ready(frame)
        assert frame.locator("#heatmaps figure").count() >= 3  # h and the gates r, z, n
        assert frame.evaluate("window.rnnscope.state.t") == 2
        # sized from the embed's messages: no longer the 300 px it started with
        wait_js(pg, "events.some(([k, d]) => k === 'resize' && d.height > 500)")
        height = pg.evaluate("document.querySelector('div.rnnscope iframe').getBoundingClientRect().height")
        assert abs(height - pg.evaluate("events.filter(([k]) => k === 'resize').at(-1)[1].height")) < 2
        assert pg.evaluate("events.some(([k, d]) => k === 'ready' && d.steps === 5)")
        # the div's own API
        pg.evaluate("document.querySelector('div.rnnscope').rnnscope.setStep(4)")
        wait_js(frame, "window.rnnscope.state.t === 4")
        wait_js(pg, "events.some(([k, d]) => k === 'step' && d.t === 4)")
        assert frame.locator("#p-token").inner_text() == "‘o’"
        pg.watch.assert_clean()  # no CSP violation on the course page
    finally:
        pg.context.close()


def test_the_standalone_file_works_from_file_url_with_no_network(browser, tmp_path, capsys):
    out = tmp_path / "lesson.html"
    assert cli(["export", "--preset", "book-rnn", "-o", str(out)]) == 0
    assert "MB" in capsys.readouterr().err
    pg = open_page(browser, ("file://",))
    try:
        # count every way a page could reach a server
        pg.add_init_script(
            "window.netCalls = []; const f = window.fetch; "
            "window.fetch = (...a) => { netCalls.push(String(a[0])); return f(...a); }; "
            "const o = XMLHttpRequest.prototype.open; "
            "XMLHttpRequest.prototype.open = function (...a) { netCalls.push(String(a[1])); return o.apply(this, a); };"
        )
        pg.goto(out.as_uri())
        wait_ready(pg)
        assert pg.evaluate("typeof window.Plotly") == "object"
        assert pg.locator("#heatmaps figure").count() == 2
        for sel in ("#lines-plot", "#outputs-plot"):
            assert pg.locator(f"{sel}.js-plotly-plot .main-svg").count() >= 1, sel
        assert pg.locator("#traj-plot.cp-plot canvas.cp-data").count() == 1
        assert pg.locator("#diagram svg [data-node]").count() >= 5
        text = pg.locator("#worked").inner_text()
        assert "= 0.6" in text and "0.53705" in text and "1.5613" in text  # step 0 of the book
        # it plays, to the end, and shows step 1's numbers
        pg.keyboard.press("Space")
        wait_js(pg, "window.rnnscope.state.t === 1 && window.rnnscope.state.playing === false", timeout=5)
        text = pg.locator("#worked").inner_text()
        assert re.search(r"0\.1·0\.537 \+ 0\.3·0\.462 \+ 0\.5·2 \+ 0\.1\s*=\s*1\.2923", text), text
        assert "2.7271" in text and "0.85974" in text
        assert pg.locator("#worked .check.ok").count() >= 2
        # read-only, and says so
        assert pg.locator("#offline-note").count() == 1
        assert pg.locator("#run-btn").is_disabled()
        assert not pg.locator("#embed-open").is_visible() and not pg.locator("#download-page").is_visible()
        assert pg.evaluate("netCalls") == []
        pg.watch.assert_clean()  # nothing but file: was requested
    finally:
        pg.context.close()


def test_the_embed_looks_right_from_320_px(browser, base_url):
    for width in (320, 480, 800):
        pg = open_page(browser, (base_url,), viewport={"width": width, "height": 800})
        try:
            pg.goto(base_url + "/embed?preset=gru-hello&t=2")
            wait_ready(pg)
            # nothing sticks out sideways, and the bar, the player and the panels are there
            assert pg.evaluate("document.documentElement.scrollWidth") <= width, width
            assert pg.locator(".embed-bar").is_visible() and pg.locator("#player").is_visible()
            for sel in (".embed-title", "#p-play", "#p-slider", "#p-t", "#panel-worked", "#panel-heatmaps"):
                box = pg.locator(sel).bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (width, sel, box)
            pg.watch.assert_clean()
        finally:
            pg.context.close()


def test_the_embed_dialog_gives_escaped_snippets_and_the_standalone_page(browser, base_url, tmp_path):
    pg = open_page(
        browser, (base_url,), permissions=["clipboard-read", "clipboard-write"], accept_downloads=True
    )
    try:
        pg.goto(base_url + "/?preset=book-rnn&t=1")
        wait_ready(pg)
        pg.click("#embed-open")
        dialog = pg.locator("#share-dialog")
        dialog.wait_for()
        iframe = pg.input_value("#share-iframe")
        assert iframe.startswith(f'<iframe src="{base_url}/embed?preset=book-rnn&amp;t=1&amp;hide=editor"')
        script = pg.input_value("#share-script")
        assert 'data-preset="book-rnn" data-t="1" data-hide="editor"' in script
        assert f'<script src="{base_url}/static/embed.js" async></script>' in script
        # choices change the snippets
        pg.uncheck("#share-view-table") if pg.is_checked("#share-view-table") else None
        pg.uncheck("#share-view-diagram")
        pg.check("#share-autoplay")
        assert "autoplay=1" in pg.input_value("#share-iframe")
        assert "views=player%2Cworked" in pg.input_value("#share-iframe")
        pg.click("#share-copy-iframe")
        wait_js(pg, "navigator.clipboard.readText().then((t) => t.startsWith('<iframe src='))")
        with pg.expect_download() as dl:
            pg.click("#share-download")
        path = tmp_path / dl.value.suggested_filename
        dl.value.save_as(path)
        assert dl.value.suggested_filename == "rnnscope-book-rnn.html"
        page_html = path.read_text(encoding="utf-8")
        data = json.loads(
            re.search(
                r'<script type="application/json" id="rnnscope-data">(.*?)</script>', page_html, re.S
            ).group(1)
        )
        assert data["preset"]["id"] == "book-rnn" and "t=1" in data["query"]
        assert data["response"]["y"][0][1][0] == pytest.approx(2.727071008233731, rel=1e-15)
        pg.keyboard.press("Escape")
        assert not dialog.is_visible()
        pg.watch.assert_clean()
    finally:
        pg.context.close()


CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
# names that stay as they are in a Chinese interface
TECHNICAL = re.compile(
    r"PyTorch|TensorFlow|Keras|state_dict|get_weights|safetensors|npz|JSON|CSV|PNG|API|LSTM|GRU|RNN|Elman|"
    r"sigmoid|softmax|tanh|relu|hard|float\d\d|one-hot|rnnscope|Home|End|Shift|Ctrl|English|pickle|[a-z]_[a-z]\w*|"
    r"‘[^’]*’|\w+\[[^\]]*\]"  # the user's text (‘hello’) and math (W[0][1]·out[1])
)


def assert_chinese(pg, scope: str = "body", at_least: int = 50) -> None:
    """Every button, label, heading, legend, option and accessible name in `scope` is Chinese,
    and none is a string of the English table."""
    js = "new URL('../js/', document.querySelector('script[type=\"module\"][src$=\"/main.js\"]').src).href"
    en = pg.evaluate(f"import({js} + 'i18n/en.js').then((m) => m.default)")
    zh = pg.evaluate(f"import({js} + 'i18n/zh.js').then((m) => m.default)")
    english = {v for k, v in en.items() if isinstance(v, str) and zh.get(k) != v}
    texts = pg.evaluate(
        """scope => {
          const out = [];
          for (const el of document.querySelector(scope).querySelectorAll(
              'button, label, summary, legend, h1, h2, h3, option, a, th, [aria-label], [title], [placeholder]')) {
            if (el.closest('.hidden-by-test')) continue;
            for (const v of [el.textContent, el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('placeholder')])
              if (v && v.trim()) out.push([el.tagName, v.trim()]);
          }
          return out;
        }""",
        scope,
    )
    assert len(texts) >= at_least
    bad = []
    for tag, text in texts:
        if text in english or (not CJK.search(text) and re.search(r"[A-Za-z]{3,}", TECHNICAL.sub("", text))):
            bad.append((tag, text))
    assert bad == [], (
        f"English left in the Chinese interface (add it to static/js/i18n/en.js and zh.js): {bad}"
    )


def test_the_chinese_interface_has_no_english_in_its_controls(browser, base_url):
    pg = open_page(browser, (base_url,))
    try:
        pg.goto(base_url + "/?preset=gru-hello&t=2&lang=zh")
        wait_ready(pg)
        assert pg.evaluate("document.documentElement.lang") == "zh-Hans"
        assert pg.title().endswith("· rnnscope") and CJK.search(pg.title())
        assert pg.locator("#p-play").get_attribute("aria-label") == "播放"
        assert "逐步演算" in pg.locator("#h-worked").inner_text()
        assert CJK.search(pg.locator("#worked .worked-where").inner_text())
        assert_chinese(pg)
        pg.click("#embed-open")
        pg.locator("#share-dialog").wait_for()
        assert_chinese(pg, "#share-dialog", at_least=20)
        pg.watch.assert_clean()
    finally:
        pg.context.close()


def test_the_browser_language_chooses_chinese_and_the_url_can_override_it(browser, base_url):
    pg = open_page(browser, (base_url,), locale="zh-CN")
    try:
        pg.goto(base_url + "/embed?preset=book-rnn")
        wait_ready(pg)
        assert pg.evaluate("document.documentElement.lang") == "zh-Hans"
        assert pg.locator(".embed-open").get_attribute("aria-label") == "在 rnnscope 中打开"
        assert pg.locator("#preset-description").inner_text().startswith("课本里手算的例子")
        pg.goto(base_url + "/?preset=book-rnn&lang=en")
        wait_ready(pg)
        assert pg.evaluate("document.documentElement.lang") == "en"
        assert pg.locator("#run-btn").inner_text() == "Run"
        # the language stays in the link as the view changes
        pg.keyboard.press("ArrowRight")
        wait_js(pg, "new URLSearchParams(location.search).get('lang') === 'en'")
        pg.watch.assert_clean()
    finally:
        pg.context.close()
