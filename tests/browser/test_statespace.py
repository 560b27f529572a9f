"""The 2-D state space without plotly.js (issue 11): drawn and ready with the plot library's URL
blocked, its coordinates exactly the API's (the units, or a NumPy PCA of h up to sign), hover
with the exact values, the dot following the step, click to step, zoom and reset, compare, the
PNG, a phone in Chinese."""

from __future__ import annotations

import json
import re
import struct
import urllib.request

import numpy as np
import pytest

from bench.browser import encode_cfg, request_body

from .conftest import open_page, wait_js, wait_ready
from .test_devices import settled

pytestmark = pytest.mark.browser

PLOTLY_URL = re.compile(r"/vendor/plotly[^/]*\.js")
# the order in which the page says ready and adds a plotly.js <script>
ORDER = """window.__order = [];
new MutationObserver((records) => {
  for (const r of records) {
    if (r.type === "attributes" && document.documentElement.dataset.state === "ready" && !window.__order.includes("ready")) window.__order.push("ready");
    for (const n of r.addedNodes || []) if (n.tagName === "SCRIPT" && /plotly/.test(n.src)) window.__order.push("plotly");
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"]});"""
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
STATE = "document.querySelector('#traj-plot').statespace"


def api(base: str, path: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def trace_of(base: str, preset: str | None = None, body: dict | None = None) -> dict:
    body = body or api(base, f"/api/v1/presets/{preset}")
    return api(base, "/api/v1/forward", body)


def h_of(resp: dict) -> np.ndarray:
    """h of layer 0, forward, sequence 0: (T, H)."""
    return np.array(resp["trace"][0]["forward"]["h"][0], dtype=np.float64)


def drawn(pg) -> dict:
    return pg.evaluate(
        f"(() => {{ const s = {STATE}; return s && {{traces: s.traces.map((t) => ({{name: t.name, x: Array.from(t.x), y: Array.from(t.y)}})),"
        f" xTitle: s.xTitle, yTitle: s.yTitle, ranges: s.ranges}}; }})()"
    )


def ink(pg) -> int:
    """Pixels of the data canvas that are neither blank nor white: something was drawn."""
    return pg.evaluate(
        """(() => { const c = document.querySelector('#traj-plot canvas.cp-data');
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
                    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 230 || d[i + 1] < 230 || d[i + 2] < 230)) n++;
                    return n; })()"""
    )


def block_plotly(pg) -> list[str]:
    blocked: list[str] = []

    def abort(route):
        blocked.append(route.request.url)
        route.abort()

    pg.route(PLOTLY_URL, abort)
    return blocked


def wait_state_ready(pg) -> None:
    wait_js(pg, "document.documentElement.dataset.state === 'ready'", timeout=30)


def test_the_book_page_is_ready_with_plotly_blocked_and_draws_the_units_exactly(page, base_url):
    page.add_init_script(ORDER)
    block_plotly(page)
    page.goto(page.base + "/?preset=book-rnn")
    wait_state_ready(page)
    # ready before any plotly.js script was added to the page (the state space is the only plot in view)
    order = page.evaluate("window.__order")
    assert order[0] == "ready", order
    assert page.evaluate("typeof window.Plotly") == "undefined"
    d = drawn(page)
    h = h_of(trace_of(base_url, "book-rnn"))
    assert len(d["traces"]) == 1
    np.testing.assert_allclose(d["traces"][0]["x"], h[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(d["traces"][0]["y"], h[:, 1], rtol=0, atol=1e-12)
    assert (d["xTitle"], d["yTitle"]) == ("h[0]", "h[1]")
    assert ink(page) > 50
    # the colour bar and the ticks are there; equal aspect: one unit as long on both axes
    assert page.locator("#traj-plot .cp-colorbar").count() == 1
    assert page.locator("#traj-plot .cp-cbtitle").text_content() == "step"
    assert page.locator("#traj-plot .cp-xtick").count() >= 3
    g = page.evaluate(
        f"{STATE}.ranges && document.querySelector('#traj-plot .cp-drag').getBoundingClientRect().toJSON()"
    )
    r = d["ranges"]
    ux, uy = (r["x"][1] - r["x"][0]) / g["width"], (r["y"][1] - r["y"][0]) / g["height"]
    assert abs(ux - uy) < 1e-3 * ux, (ux, uy)  # (CSS boxes are laid out in 1/64 px)
    assert page.locator("#panel-trajectory .traj-dot").count() == 1
    assert "0.53705" in page.locator("#worked").inner_text()
    page.watch.assert_clean(allow=("Failed to load resource",))


def test_a_pca_page_is_ready_with_plotly_blocked_and_its_pca_is_numpys(page, base_url):
    body = request_body(300, 32)
    blocked = block_plotly(page)
    page.goto(page.base + "/?cfg=" + encode_cfg(body))
    wait_state_ready(page)
    assert page.evaluate("typeof window.Plotly") == "undefined"
    d = drawn(page)
    sent = page.evaluate("window.rnnscope.app.run.meta.sent")
    h = h_of(trace_of(base_url, body={**sent, "options": {**sent["options"], "encoding": "json"}}))
    X = h - h.mean(axis=0)
    w, V = np.linalg.eigh(X.T @ X / len(X))
    order = np.argsort(w)[::-1]
    for k, axis in ((0, "x"), (1, "y")):
        ref = X @ V[:, order[k]]
        got = np.array(d["traces"][0][axis])
        sign = 1.0 if float(ref @ got) >= 0 else -1.0
        np.testing.assert_allclose(got, sign * ref, rtol=0, atol=1e-10 * np.abs(ref).max())
    pct = [w[order[k]] / w.sum() * 100 for k in (0, 1)]
    assert d["xTitle"] == f"PC1 ({pct[0]:.1f}%)" and d["yTitle"] == f"PC2 ({pct[1]:.1f}%)"
    assert ink(page) > 50
    # T = 300 ≤ 400: markers and the colour bar; the note says what was projected
    assert page.locator("#traj-plot .cp-colorbar").count() == 1
    assert "32 units" in page.locator("#traj-note").text_content()
    # and plotly.js is asked for only for the views below the fold
    wait_js(page, "document.documentElement.dataset.drawn === 'all'", timeout=30)
    assert blocked, "the views below the fold ask for plotly.js"


def test_hover_shows_a_points_values_and_the_readout_the_exact_ones(page, base_url):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    h = h_of(trace_of(base_url, "book-rnn"))
    page.locator("#traj-plot").scroll_into_view_if_needed()
    x, y = page.evaluate(f"{STATE}.clientPoint(0, 1)")
    page.mouse.move(x + 1, y)
    wait_js(page, "!document.querySelector('#traj-plot .cp-hover').hidden")
    tip = page.locator("#traj-plot .cp-hover").inner_text()
    # what Plotly's hovertemplate showed (%{x:.4g})
    assert tip.splitlines() == ["t = 1", f"h[0]: {h[1, 0]:#.4g}", f"h[1]: {h[1, 1]:#.4g}"], tip
    readout = page.locator("#panel-trajectory .traj-readout").text_content()
    assert readout == f"t = 1 · h[0] = {float(h[1, 0])!r} · h[1] = {float(h[1, 1])!r}", readout
    page.mouse.move(x - 200, y - 200)
    wait_js(page, "document.querySelector('#traj-plot .cp-hover').hidden")
    assert page.locator("#panel-trajectory .traj-readout").text_content() == ""
    page.watch.assert_clean()


def test_hover_names_the_token_and_pca_axes(page):
    page.goto(page.base + "/?preset=gru-hello")
    wait_ready(page)
    d = drawn(page)
    page.locator("#traj-plot").scroll_into_view_if_needed()
    x, y = page.evaluate(f"{STATE}.clientPoint(0, 1)")
    page.mouse.move(x, y)
    wait_js(page, "!document.querySelector('#traj-plot .cp-hover').hidden")
    lines = page.locator("#traj-plot .cp-hover").inner_text().splitlines()
    assert lines[0] == "t = 1 ‘e’", lines
    assert lines[1].startswith(d["xTitle"] + ": ") and lines[2].startswith(d["yTitle"] + ": ")
    readout = page.locator("#panel-trajectory .traj-readout").text_content()
    assert f"{d['xTitle']} = {d['traces'][0]['x'][1]!r}" in readout, readout


def dot_centre(pg, cls: str = ".traj-dot:not(.traj-dot-a)") -> list[float]:
    return pg.evaluate(
        f"(() => {{ const b = document.querySelector('#panel-trajectory {cls}').getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; }})()"
    )


def test_the_dot_follows_the_step_and_a_click_moves_to_a_point(page):
    page.goto(page.base + "/?preset=relu-rnn")
    wait_ready(page)
    for t in (0, 3, 7):
        page.evaluate(f"window.rnnscope.app.setStep({t})")
        wait_js(page, f"window.rnnscope.state.t === {t}")
        want = page.evaluate(f"{STATE}.clientPoint(0, {t})")
        got = dot_centre(page)
        assert abs(got[0] - want[0]) < 1.5 and abs(got[1] - want[1]) < 1.5, (t, got, want)
    # a click on a point moves the player there
    page.locator("#traj-plot").scroll_into_view_if_needed()
    x, y = page.evaluate(f"{STATE}.clientPoint(0, 5)")
    page.mouse.click(x, y)
    wait_js(page, "window.rnnscope.state.t === 5")
    page.watch.assert_clean()


def test_drag_a_box_to_zoom_and_double_click_to_reset(page):
    page.goto(page.base + "/?preset=relu-rnn")
    wait_ready(page)
    before = drawn(page)["ranges"]
    page.locator("#traj-plot").scroll_into_view_if_needed()
    b = page.locator("#traj-plot .cp-drag").bounding_box()
    x0, y0 = b["x"] + b["width"] * 0.3, b["y"] + b["height"] * 0.3
    x1, y1 = b["x"] + b["width"] * 0.6, b["y"] + b["height"] * 0.7
    page.mouse.move(x0, y0)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x0 + (x1 - x0) * i / 10, y0 + (y1 - y0) * i / 10)
    assert page.locator("#traj-plot .cp-zoombox").is_visible()
    page.mouse.up()
    after = drawn(page)["ranges"]
    assert after["zoomed"] and not before["zoomed"]
    bx = before["x"][1] - before["x"][0]
    assert after["x"][0] > before["x"][0] and after["x"][1] < before["x"][1]
    # equal aspect (the units themselves): the box is widened to keep it; x spans about 0.3 of before
    assert 0.25 * bx < after["x"][1] - after["x"][0] < 0.75 * bx
    assert page.evaluate(f"{STATE}.ranges.zoomed")
    # the step still places the dot on its point (or hides it outside the view)
    page.dblclick("#traj-plot .cp-drag", position={"x": 5, "y": 5})
    reset = drawn(page)["ranges"]
    assert not reset["zoomed"]
    np.testing.assert_allclose(reset["x"], before["x"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(reset["y"], before["y"], rtol=0, atol=1e-12)
    assert page.evaluate("window.rnnscope.state.t") == 0  # a zoom is not a click
    page.watch.assert_clean()


def test_compare_draws_both_paths_with_a_legend_and_two_dots(page, base_url):
    page.goto(page.base + "/?preset=relu-rnn&compare=tf1-basic-lstm")
    wait_ready(page)
    wait_js(page, "+(document.documentElement.dataset.compareDrawn || 0) >= 1", timeout=30)
    wait_js(page, f"{STATE} && {STATE}.traces.length === 2")
    d = drawn(page)
    b = h_of(trace_of(base_url, "relu-rnn"))
    a = h_of(trace_of(base_url, "tf1-basic-lstm"))
    assert [t["name"] for t in d["traces"]] == ["B", "A"]
    np.testing.assert_allclose(d["traces"][0]["x"], b[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(d["traces"][1]["x"], a[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(d["traces"][1]["y"], a[:, 1], rtol=0, atol=1e-12)
    assert page.locator("#traj-plot .cp-legend").all_text_contents() == ["B", "A"]
    assert "A (dashed) on the same axes" in page.locator("#traj-note").text_content()
    assert page.locator("#panel-trajectory .traj-dot-a").count() == 1
    page.evaluate("window.rnnscope.app.setStep(2)")
    want = page.evaluate(f"{STATE}.clientPoint(1, 2)")
    got = dot_centre(page, ".traj-dot-a")
    assert abs(got[0] - want[0]) < 1.5 and abs(got[1] - want[1]) < 1.5
    page.watch.assert_clean()


def test_the_png_button_downloads_the_plot_with_its_axes(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    size = page.evaluate("[document.querySelector('#traj-plot').clientWidth, 300]")
    with page.expect_download() as dl:
        page.click("[data-png=trajectory]")
    d = dl.value
    assert d.suggested_filename == "rnnscope-trajectory.png"
    with open(d.path(), "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", data[16:24])
    assert (w, h) == (size[0] * 2, size[1] * 2)
    page.watch.assert_clean()


@pytest.mark.parametrize("width", [320, 390, 430])
def test_a_phone_in_chinese_draws_it_inside_the_screen_and_a_tap_shows_a_point(browser, base_url, width):
    pg = open_page(browser, (base_url,), **{**PHONE, "viewport": {"width": width, "height": 844}})
    try:
        pg.goto(base_url + "/?preset=relu-rnn&lang=zh")
        wait_ready(pg)
        pg.locator("#traj-plot").scroll_into_view_if_needed()
        box = pg.locator("#traj-plot").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, box
        assert ink(pg) > 50
        title = pg.locator("#traj-plot .cp-cbtitle").text_content()
        assert re.search(r"[\u4e00-\u9fff]", title), title
        # every tick label inside the plot's box
        spill = pg.evaluate(
            """(() => { const g = document.querySelector('#traj-plot').getBoundingClientRect();
                        return [...document.querySelectorAll('#traj-plot .cp-axes text')].filter((t) => {
                          const b = t.getBoundingClientRect(); return b.left < g.left - 0.5 || b.right > g.right + 0.5; }).map((t) => t.textContent); })()"""
        )
        assert spill == [], spill
        x, y = settled(pg, f"{STATE}.clientPoint(0, 4)")
        pg.touchscreen.tap(x, y)
        wait_js(pg, "!document.querySelector('#traj-plot .cp-hover').hidden")
        assert pg.locator("#traj-plot .cp-hover").inner_text().startswith("t = 4")
        wait_js(pg, "window.rnnscope.state.t === 4")
        pg.watch.assert_clean()
    finally:
        pg.context.close()
