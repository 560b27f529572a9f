"""Comparing two runs (issue 13), in Debian's Chromium: ``compare=`` draws run A beside run B and
the heatmaps of B − A with the API's numbers; one step moves both (keys, the player, the embed's
set-step); "Pin as A", swap and unpin from the page; runs of different cells say what cannot be
compared and still overlay what can; /embed, the standalone file from file:// with no network,
Chinese, and a phone."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from rnnscope.cli import main as cli

from .conftest import open_page, wait_js, wait_ready
from .test_devices import PHONE, overflow, settle
from .test_embedding import assert_chinese, embed_frame, lesson_html

pytestmark = pytest.mark.browser

TOL = 1e-12
SAME = "/?preset=trained-memory-lstm&compare=trained-depth"  # B: LSTM 4 units, 30 steps; A: LSTM 4 units, 24 steps
CELLS = "/?preset=trained-memory-lstm&compare=trained-memory-gru"  # B: LSTM, A: GRU


def api(base_url: str, path: str, body: dict | None = None) -> dict:
    req = urllib.request.Request(
        base_url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def trace_of(base_url: str, preset: str | None = None, body: dict | None = None) -> dict:
    """The API's answer for a preset (or a body), float64 JSON."""
    body = body or api(base_url, f"/api/v1/presets/{preset}")
    return api(base_url, "/api/v1/forward", body)


def field(resp: dict, name: str, g: str | None = None) -> list:
    """trace[0].forward[name] ([g]) of sequence 0: (T, K) nested lists."""
    v = resp["trace"][0]["forward"][name]
    return (v[g] if g else v)[0]


def drawn(pg) -> int:
    return int(pg.evaluate("document.documentElement.dataset.compareDrawn || 0"))


def open_compare(pg, url: str, base: str | None = None) -> None:
    pg.goto((base if base is not None else pg.base) + url)
    wait_ready(pg)
    wait_js(pg, "+(document.documentElement.dataset.compareDrawn || 0) >= 1", timeout=30)


def heat_z(pg, container: str, q: str) -> list[list[float]]:
    """The z (units × steps) a heatmap of the page hands to Plotly."""
    return pg.evaluate(
        """([c, q]) => {
          const gd = document.querySelector(`${c} figure[data-q="${q}"] .js-plotly-plot`);
          return gd ? gd.data[0].z.map((row) => Array.from(row)) : null;
        }""",
        [container, q],
    )


def traces(pg, sel: str) -> dict[str, list[float]]:
    """name -> y of every trace of a plot."""
    return pg.evaluate(
        "sel => Object.fromEntries(document.querySelector(sel).data.map((t) => [t.name, t.y ? Array.from(t.y) : []]))",
        sel,
    )


def close(a: list[float], b: list[float], tol: float = TOL) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def assert_difference(z: list[list[float]], b: list, a: list, steps: int) -> None:
    """z[k][t] == b[t][k] − a[t][k] for the common steps, at 1e-12."""
    assert z is not None, "no B − A heatmap"
    K = len(b[0])
    assert len(z) == K and all(len(row) == steps for row in z), (len(z), [len(r) for r in z])
    worst = max(abs(z[k][t] - (b[t][k] - a[t][k])) for k in range(K) for t in range(steps))
    assert worst <= TOL, worst
    assert max(abs(v) for row in z for v in row) > 1e-3  # a real difference, not zeros


def test_compare_key_draws_both_runs_and_b_minus_a_with_the_apis_numbers(page, base_url):
    open_compare(page, SAME)
    b = trace_of(base_url, "trained-memory-lstm")
    a = trace_of(base_url, "trained-depth")
    assert (b["steps"], a["steps"]) == (30, 24)
    # B − A over the 24 common steps, for every quantity shown, at 1e-12
    for name, g, q in (
        ("h", None, "h"),
        ("c", None, "c"),
        ("gates", "f", "gates.f"),
        ("gates", "g", "gates.g"),
    ):
        assert_difference(heat_z(page, "#heatmaps-diff", q), field(b, name, g), field(a, name, g), 24)
    # A's own heatmaps: A's numbers; B's: B's
    za = heat_z(page, "#heatmaps-a", "h")
    assert all(close([za[k][t] for t in range(24)], [row[k] for row in field(a, "h")]) for k in range(4))
    zb = heat_z(page, "#heatmaps", "h")
    assert len(zb[0]) == 30
    # the bar names both and says the steps compared
    bar = page.locator("#compare-bar")
    assert bar.is_visible()
    text = bar.text_content()
    assert "LSTM 4 units · 30 steps · in the editor" in text and "LSTM 4 units · 24 steps · pinned" in text
    assert page.locator("#compare-common").text_content() == (
        "A has 24 steps and B 30: B − A and A's views cover the common steps 0 to 23."
    )
    assert page.locator("#compare-cannot").count() == 0
    # lines: every unit of B and of A (dashed), named so
    lines = traces(page, "#lines-plot")
    assert close(lines["unit 0 · A"], [row[0] for row in field(a, "h")])
    assert close(lines["unit 0 · B"], [row[0] for row in field(b, "h")])
    dashes = page.evaluate(
        "Array.from(document.querySelector('#lines-plot').data, (t) => t.line.dash || 'solid')"
    )
    assert dashes.count("dash") == len(dashes) // 2 > 0
    # outputs: y of both
    outs = traces(page, "#outputs-plot")
    assert close(outs["y0 · A"], [row[0] for row in a["y"][0]]) and close(
        outs["y0 · B"], [row[0] for row in b["y"][0]]
    )
    # the state space: two paths (one PCA fitted on both) and two points
    names = page.evaluate("document.querySelector('#traj-plot').statespace.traces.map((t) => t.name)")
    assert names == ["B", "A"]
    assert "one PCA fitted on both paths" in page.locator("#traj-note").text_content()
    assert page.locator("#panel-trajectory .traj-dot-a").count() == 1
    # the worked step of each
    assert page.locator("#panel-worked-a").is_visible()
    assert page.evaluate(
        "v => document.querySelector('#worked-a').textContent.includes(String(v))", field(a, "h")[0][0]
    )
    assert "compare=trained-depth" in page.evaluate("location.search")
    page.watch.assert_clean()


def test_one_step_moves_both_runs_and_a_shorter_a_says_it_has_no_such_step(page, base_url):
    open_compare(page, SAME)
    a = trace_of(base_url, "trained-depth")
    worked_has = "v => document.querySelector('#worked-a').textContent.includes(String(v))"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_js(page, "window.rnnscope.state.t === 3")
    wait_js(page, worked_has, arg=field(a, "h")[3][0])
    assert page.locator("#panel-worked-a [data-now-a]").text_content() == "t = 3"
    # the slider
    page.locator("#p-slider").fill("20")
    wait_js(page, "window.rnnscope.state.t === 20")
    wait_js(page, worked_has, arg=field(a, "h")[20][0])
    # past A's last step: B goes on, A says so
    page.keyboard.press("End")
    wait_js(page, "window.rnnscope.state.t === 29")
    wait_js(page, "!document.querySelector('#worked-a-note').hidden")
    assert page.locator("#worked-a-note").text_content() == "A has no step 29: its last step is 23."
    assert not page.locator("#worked-a").is_visible()
    # the player plays both
    page.keyboard.press("Home")
    page.click("#p-play")
    wait_js(page, "window.rnnscope.state.t >= 2", timeout=10)
    page.click("#p-play")
    t = page.evaluate("window.rnnscope.state.t")
    wait_js(page, worked_has, arg=field(a, "h")[t][0])
    page.watch.assert_clean()


def test_pin_as_a_then_run_another_network_swap_and_unpin(page, base_url):
    page.goto(base_url + "/?preset=book-rnn")
    wait_ready(page)
    assert page.locator("#compare-bar").is_hidden()
    page.click("#compare-pin")
    wait_js(page, "+(document.documentElement.dataset.compareDrawn || 0) >= 1")
    wait_js(page, "new URLSearchParams(location.search).get('compare') === 'book-rnn'")
    # B: the book's network on three other inputs
    page.fill("#in-numbers", "[2, 1, 3]")
    n = drawn(page)
    page.click("#run-btn")
    wait_ready(page, run=2)
    wait_js(page, f"+document.documentElement.dataset.compareDrawn > {n}")
    book = api(base_url, "/api/v1/presets/book-rnn")
    a = trace_of(base_url, body=book)
    b = trace_of(base_url, body={**book, "inputs": [2, 1, 3]})
    assert_difference(heat_z(page, "#heatmaps-diff", "h"), field(b, "h"), field(a, "h"), 2)
    assert "A has 2 steps and B 3" in page.locator("#compare-common").text_content()
    wait_js(
        page,
        "(() => { const q = new URLSearchParams(location.search); return q.get('compare') === 'book-rnn' && q.get('cfg'); })()",
    )
    # swap: the editor gets A (the preset) back, and the three-input network is pinned
    n = drawn(page)
    page.click("#compare-swap")
    wait_ready(page, run=3)
    wait_js(page, f"+document.documentElement.dataset.compareDrawn > {n}")
    assert page.input_value("#in-numbers").replace(" ", "") in ("[1,2]", "[1.0,2.0]")
    assert_difference(heat_z(page, "#heatmaps-diff", "h"), field(a, "h"), field(b, "h"), 2)
    wait_js(
        page,
        "(() => { const q = new URLSearchParams(location.search); return q.get('preset') === 'book-rnn' && /^[jz]\\./.test(q.get('compare') || ''); })()",
    )
    assert "B 2" in page.locator("#compare-common").text_content()
    # unpin: one run again, no A anywhere
    page.click("#compare-unpin")
    wait_js(page, "document.querySelector('#compare-bar').hidden")
    wait_js(page, "!new URLSearchParams(location.search).has('compare')")
    assert page.locator("#heatmaps-diff figure").count() == 0
    assert page.locator("#panel-worked-a").is_hidden()
    wait_js(
        page,
        "Array.from(document.querySelector('#lines-plot').data, (t) => t.name).every((n) => !n.includes(' · '))",
    )
    page.watch.assert_clean()


def test_different_cells_say_what_cannot_be_compared_and_still_overlay_the_rest(page, base_url):
    open_compare(page, CELLS)
    cannot = "B − A needs the same cell and size: A is GRU 4 units, B is LSTM 4 units."
    assert page.locator("#compare-cannot").text_content() == cannot
    assert page.locator("#diff-note").text_content() == cannot and page.locator("#diff-note").is_visible()
    assert page.locator("#heatmaps-diff figure").count() == 0
    assert (
        "What can be compared: the outputs, the gradient curves"
        in page.locator("#compare-bar").text_content()
    )
    a = trace_of(base_url, "trained-memory-gru")
    outs = traces(page, "#outputs-plot")
    assert close(outs["y0 · A"], [row[0] for row in a["y"][0]])
    assert close(traces(page, "#lines-plot")["unit 2 · A"], [row[2] for row in field(a, "h")])
    # A's heatmaps show the GRU's own gates; the state space has both paths
    assert heat_z(page, "#heatmaps-a", "gates.r") is not None
    assert page.evaluate("document.querySelector('#traj-plot').statespace.traces.length") == 2
    page.watch.assert_clean()


def test_gradient_curves_of_both_runs_together(page, base_url):
    open_compare(page, "/?preset=vanishing-tanh&compare=lstm-memory")
    a = trace_of(base_url, "lstm-memory")
    b = trace_of(base_url, "vanishing-tanh")
    curves = traces(page, "#grad-curve")
    assert close(curves["A"], a["gradients"]["jacobian_norm"][0]["forward"][0])
    assert close(curves["B"], b["gradients"]["jacobian_norm"][0]["forward"][0])
    assert "A is LSTM 8 units, B is RNN 16 units" in page.locator("#compare-cannot").text_content()
    assert "its size differs, so the shapes compare" in page.locator("#traj-note").text_content()
    page.watch.assert_clean()


def test_the_embed_compares_and_set_step_from_the_parent_moves_both(browser, base_url, lesson_site):
    pg = open_page(browser, (lesson_site.origin, base_url))
    try:
        url = lesson_site.put(
            "compare.html", lesson_html(f"{base_url}/embed{SAME}&views=player,worked,heatmaps")
        )
        pg.goto(url)
        frame = embed_frame(pg, base_url)
        wait_js(
            frame,
            "document.documentElement.dataset.state === 'ready' && +(document.documentElement.dataset.compareDrawn || 0) >= 1",
            timeout=30,
        )
        a = trace_of(base_url, "trained-depth")
        b = trace_of(base_url, "trained-memory-lstm")
        assert_difference(heat_z(frame, "#heatmaps-diff", "h"), field(b, "h"), field(a, "h"), 24)
        assert frame.locator("#panel-worked-a").is_visible() and frame.locator("#compare-bar").is_visible()
        assert frame.locator("#panel-lines").is_hidden()  # views= holds for A's panels too
        pg.evaluate(
            "document.getElementById('f').contentWindow.postMessage({type: 'rnnscope:set-step', t: 7}, '*')"
        )
        wait_js(frame, "window.rnnscope.state.t === 7")
        wait_js(
            frame,
            "v => document.querySelector('#worked-a').textContent.includes(String(v))",
            arg=field(a, "h")[7][0],
        )
        assert frame.locator("#panel-worked-a [data-now-a]").text_content() == "t = 7"
        pg.watch.assert_clean()
    finally:
        pg.context.close()


def test_views_leave_out_a_s_panels_as_they_leave_out_b_s(page, base_url):
    open_compare(page, "/embed" + CELLS[1:] + "&views=player,outputs")
    assert page.locator("#compare-bar").is_visible()
    for sel in ("#panel-worked-a", "#panel-compare-heatmaps", "#panel-worked", "#panel-heatmaps"):
        assert page.locator(sel).is_hidden(), sel
    a = trace_of(base_url, "trained-memory-gru")
    assert close(traces(page, "#outputs-plot")["y0 · A"], [row[0] for row in a["y"][0]])
    page.watch.assert_clean()


def test_the_standalone_page_compares_from_file_url_with_no_network(browser, tmp_path):
    out = tmp_path / "compare.html"
    assert (
        cli(["export", "--preset", "trained-memory-lstm", "--compare", "trained-depth", "-o", str(out)]) == 0
    )
    data = json.loads(
        re.search(r'id="rnnscope-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.S).group(1)
    )
    pg = open_page(browser, ("file://",))
    try:
        pg.add_init_script(
            "window.netCalls = []; const f = window.fetch; "
            "window.fetch = (...a) => { netCalls.push(String(a[0])); return f(...a); };"
        )
        open_compare(pg, out.as_uri(), base="")
        b, a = data["response"], data["compare"]["response"]
        assert_difference(heat_z(pg, "#heatmaps-diff", "h"), field(b, "h"), field(a, "h"), 24)
        assert_difference(heat_z(pg, "#heatmaps-diff", "c"), field(b, "c"), field(a, "c"), 24)
        text = pg.locator("#compare-bar").text_content()
        assert "Remember one bit for 30 steps (LSTM, trained)" in text
        assert "A unit that counts brackets (trained LSTM)" in text
        assert pg.locator("#compare-swap").count() == 0  # swapping needs the server
        pg.keyboard.press("ArrowRight")
        wait_js(
            pg,
            "v => document.querySelector('#worked-a').textContent.includes(String(v))",
            arg=field(a, "h")[1][0],
        )
        assert pg.evaluate("netCalls") == []
        pg.watch.assert_clean()
    finally:
        pg.context.close()


def test_the_comparison_in_chinese(page):
    open_compare(page, CELLS + "&lang=zh")
    assert (
        page.locator("#compare-cannot").text_content()
        == "B − A 需要相同的单元类型和大小：A 是 GRU 4 个单元，B 是 LSTM 4 个单元。"
    )
    assert page.locator("#compare-pin").text_content() == "固定为 A"
    assert page.locator("#h-compare").text_content() == "比较两次运行"
    assert page.locator("#h-worked-a").text_content() == "A 的逐步计算"
    assert "虚线：A。" in page.locator("#outputs-note").text_content()
    assert_chinese(page, "#compare-bar", at_least=3)
    assert_chinese(page, "#panel-compare-heatmaps", at_least=3)
    page.watch.assert_clean()


@pytest.mark.parametrize("width", [320, 390])
def test_a_comparison_on_a_phone_has_no_sideways_scrolling(browser, base_url, width):
    pg = open_page(browser, (base_url,), **{**PHONE, "viewport": {"width": width, "height": 844}})
    try:
        for url in (SAME, CELLS + "&lang=zh", "/embed" + SAME[1:]):
            open_compare(pg, url)
            settle(pg)  # every figure laid out (was a fixed 150 ms)
            o = overflow(pg)
            assert o["scroll"] <= width and o["worst"] is None, (url, o)
            assert pg.locator("#compare-bar").is_visible()
        pg.watch.assert_clean()
    finally:
        pg.context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_comparison_has_no_serious_accessibility_violation(page, lang):
    from .test_a11y import audit

    for url in (SAME, CELLS):
        open_compare(page, f"{url}&lang={lang}")
        assert audit(page) == [], url
    page.watch.assert_clean()


def test_download_page_and_the_embed_snippet_carry_the_comparison(browser, base_url, tmp_path):
    pg = open_page(browser, (base_url,), accept_downloads=True)
    try:
        open_compare(pg, "/?preset=vanishing-tanh&compare=lstm-memory&t=4")
        pg.click("#embed-open")
        pg.locator("#share-dialog").wait_for()
        assert "compare=lstm-memory" in pg.input_value("#share-iframe")
        assert 'data-state="compare=lstm-memory' in pg.input_value("#share-script")
        with pg.expect_download() as dl:
            pg.click("#share-download")
        path = tmp_path / dl.value.suggested_filename
        dl.value.save_as(path)
        html = path.read_text(encoding="utf-8")
        data = json.loads(re.search(r'id="rnnscope-data">(.*?)</script>', html, re.S).group(1))
        assert (
            data["preset"]["id"] == "vanishing-tanh"
            and "t=4" in data["query"]
            and "compare" not in data["query"]
        )
        a = data["compare"]
        assert a["ref"] == "lstm-memory" and a["response"]["model"]["cell"] == "lstm"
        want = trace_of(base_url, "lstm-memory")
        assert close(field(a["response"], "h")[7], field(want, "h")[7])
        pg.watch.assert_clean()
    finally:
        pg.context.close()
