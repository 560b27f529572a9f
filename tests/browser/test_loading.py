"""Loading and transfer (issue 11): the worked step before any plot library, the partial
plotly.js bundles (gl3d only for the 3-D view) and the binary response decoded in the page."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from bench.browser import encode_cfg, request_body

from .conftest import free_port, open_page, start_server, stop_server, wait_js, wait_ready

pytestmark = pytest.mark.browser

PLOTLY_URL = re.compile(r"/vendor/plotly[^/]*\.js")


def test_the_worked_step_shows_its_numbers_with_the_plot_library_blocked(page):
    blocked: list[str] = []

    def abort(route):
        blocked.append(route.request.url)
        route.abort()

    page.route(PLOTLY_URL, abort)  # registered last, so asked first
    page.goto(page.base + "/?preset=book-rnn")
    wait_js(page, "/0\\.53705/.test(document.querySelector('#worked').innerText)")
    text = page.locator("#worked").inner_text()
    assert "= 0.6" in text and "1.5613" in text  # step 0: a = 0.5·1 + 0.1, its output
    page.keyboard.press("ArrowRight")
    wait_js(page, "window.rnnscope.state.t === 1")
    wait_js(page, "/1\\.2923/.test(document.querySelector('#worked').innerText)")
    text = page.locator("#worked").inner_text()
    assert re.search(r"0\.1·0\.537 \+ 0\.3·0\.462 \+ 0\.5·2 \+ 0\.1\s*=\s*1\.2923", text), text
    assert "2.7271" in text
    assert page.locator("#worked .check.bad").count() == 0
    # the diagram and the table need no plot library either
    assert page.locator("#diagram svg [data-node]").count() >= 5
    assert page.locator("#values-table-wrap tbody tr").count() == 2
    assert blocked and all("/vendor/plotly-cartesian.min.js" in u for u in blocked), blocked
    assert page.evaluate("typeof window.Plotly") == "undefined"
    # the page says the plots could not load, and is otherwise usable
    wait_ready(page)
    assert page.locator("#warnings").is_visible()


def test_the_page_runs_the_same_from_its_modules_as_from_the_bundle(browser, base_url):
    """The page loads its code as one script and one stylesheet (static/dist); with
    RNNSCOPE_STATIC_BUNDLE=off, as a checkout whose modules changed since the bundle, it loads
    the ~65 modules and 9 stylesheets, and shows the same thing."""
    port = free_port()
    proc = start_server(port, env={"RNNSCOPE_STATIC_BUNDLE": "off"})
    seen = {}
    try:
        for mode, base in (("bundle", base_url), ("modules", f"http://127.0.0.1:{port}")):
            pg = open_page(browser, (base,))
            asked: list[str] = []
            pg.on("request", lambda r, asked=asked: asked.append(r.url))
            try:
                pg.goto(base + "/?preset=book-rnn&lang=zh")
                wait_ready(pg)
                texts = [pg.locator("#worked").inner_text()]
                pg.keyboard.press("ArrowRight")
                wait_js(pg, "window.rnnscope.state.t === 1")
                texts.append(pg.locator("#worked").inner_text())
                texts.append(pg.locator("#values-table-wrap").inner_text())
                pg.watch.assert_clean()
            finally:
                pg.context.close()
            code = [u for u in asked if re.search(r"/static/.*\.(js|css)$", u)]
            seen[mode] = (texts, code)
    finally:
        stop_server(proc)
    assert [u.rsplit("/", 2)[-2:] for u in seen["bundle"][1]] == [["dist", "app.css"], ["dist", "main.js"]], (
        seen["bundle"][1]
    )
    assert len(seen["modules"][1]) > 60 and not any("/dist/" in u for u in seen["modules"][1])
    assert seen["bundle"][0] == seen["modules"][0]
    assert "1.2923" in seen["bundle"][0][1]


def test_the_book_page_loads_only_the_cartesian_bundle(page):
    requested: list[str] = []
    page.on("request", lambda r: PLOTLY_URL.search(r.url) and requested.append(r.url))
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    assert len(requested) == 1 and "/vendor/plotly-cartesian.min.js?v=" in requested[0], requested
    # ready means every view drawn
    assert page.locator("#heatmaps figure .js-plotly-plot").count() == 2
    assert page.locator("#heatmaps figure .js-plotly-plot .heatmaplayer image").count() == 2
    for sel in ("#lines-plot", "#outputs-plot"):
        assert page.locator(f"{sel}.js-plotly-plot .main-svg").count() >= 1, sel
    assert page.locator("#traj-plot.cp-plot canvas.cp-data").count() == 1
    assert "0.53705" in page.locator("#worked").inner_text()
    page.watch.assert_clean()


def test_the_3d_view_loads_the_gl3d_bundle_and_keeps_the_2d_plotly(page):
    requested: list[str] = []
    page.on("request", lambda r: PLOTLY_URL.search(r.url) and requested.append(r.url))
    page.goto(page.base + "/?preset=lstm-memory")
    wait_ready(page)
    assert not any("gl3d" in u for u in requested)
    page.click("label[for=traj-3d]")
    wait_js(page, "document.querySelector('#traj-plot').dataset.plotly === 'gl3d'", timeout=30)
    wait_js(
        page, "!!document.querySelector('#traj-plot .gl-container canvas, #traj-plot canvas')", timeout=30
    )
    assert any("/vendor/plotly-gl3d.min.js?v=" in u for u in requested)
    # window.Plotly is still the cartesian bundle: the heatmaps keep restyling with it
    assert page.evaluate(
        "window.Plotly !== undefined && document.querySelector('#heatmaps .js-plotly-plot') !== null"
    )
    page.keyboard.press("ArrowRight")
    wait_js(page, "window.rnnscope.state.t === 1")
    page.watch.assert_clean(allow=("GL Driver", "WebGL", "GPU stall", "willReadFrequently"))


def test_the_page_decodes_the_binary_response_exactly(page):
    """A run big enough for the page to ask for the binary encoding: its typed arrays equal, bit
    for bit, the JSON encoding of the same request fetched beside it, the pre-activations
    included, which arrive as sums of the two terms for the page to add."""
    page.goto(page.base + "/?cfg=" + encode_cfg(request_body(200, 16)))
    wait_ready(page)
    assert page.evaluate("window.rnnscope.app.run.meta.sent.options.encoding") == "binary"
    res = page.evaluate(
        """async () => {
        const run = window.rnnscope.app.run;
        const body = {...run.meta.sent, options: {...run.meta.sent.options, encoding: "json"}};
        const r = await fetch("/api/v1/forward", {method: "POST", headers: {"Content-Type": "application/json"},
                                                  body: JSON.stringify(body)});
        const ref = await r.json();
        let compared = 0, differ = 0;
        const same = (tensor, nested) => {
          const flat = nested.flat(Infinity);
          if (flat.length !== tensor.data.length) { differ++; return; }
          for (let i = 0; i < flat.length; i++) { compared++; if (flat[i] !== tensor.data[i]) differ++; }
        };
        same(run.output, ref.output);
        same(run.h_n, ref.h_n);
        const tr = run.trace[0][0], rt = ref.trace[0].forward;
        for (const f of ["h", "c"]) same(tr[f], rt[f]);
        for (const f of ["input_term", "recurrent_term", "pre_activation", "gates"])
          for (const g of ["i", "f", "g", "o"]) same(tr[f][g], rt[f][g]);
        // the pre-activations came as sums of the two terms, which the page added (binary.js)
        const raw = await (await fetch("/api/v1/forward", {method: "POST", headers: {"Content-Type": "application/json"},
                                                          body: JSON.stringify(run.meta.sent)})).arrayBuffer();
        const n = new DataView(raw).getUint32(4, true);
        const header = JSON.parse(new TextDecoder().decode(new Uint8Array(raw, 8, n)));
        const sums = Object.values(header.trace[0].forward.pre_activation).filter((e) => Array.isArray(e.sum)).length;
        const rows = Object.values(header.trace[0].forward.input_term).filter((e) => e.rows && e.rows.count < 200).length;
        return {compared, differ, f64: run.output.data instanceof Float64Array, sums, rows,
                binary: run.meta.bytes, status: document.querySelector('#run-status').innerText};
    }"""
    )
    assert res["differ"] == 0 and res["compared"] == 200 * 16 * 19 + 16, res
    assert res["f64"] and res["sums"] == 4 and res["rows"] == 4, res
    page.watch.assert_clean()


def test_the_standalone_page_draws_3d_offline_from_its_packed_bundle(browser, base_url, tmp_path):
    body = json.dumps(json.load(urllib.request.urlopen(f"{base_url}/api/v1/presets/lstm-memory"))).encode()
    req = urllib.request.Request(
        f"{base_url}/api/v1/standalone?preset=lstm-memory&state=traj%3D3d",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    out = tmp_path / "memory.html"
    out.write_bytes(urllib.request.urlopen(req).read())
    # the book page's 2 MB bound is tests/test_embedding.py's; this one also carries 50 steps of 8 units
    assert out.stat().st_size <= 2_500_000
    pg = open_page(browser, ("file://",))
    try:
        pg.goto(out.as_uri())
        wait_ready(pg)
        wait_js(pg, "document.querySelector('#traj-plot').dataset.plotly === 'gl3d'", timeout=30)
        wait_js(pg, "!!document.querySelector('#traj-plot canvas')", timeout=30)
        assert pg.locator("#heatmaps .js-plotly-plot .heatmaplayer image").count() >= 1
        assert pg.evaluate("typeof window.Plotly") == "object"
        pg.watch.assert_clean(allow=("GL Driver", "WebGL", "GPU stall", "willReadFrequently"))
    finally:
        pg.context.close()
