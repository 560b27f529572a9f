"""The first view (issue 11, branch i11-render): the book page shows its network from what it was
served with (no API round trip, the same numbers as the API's), the views below the fold are
drawn as they come near (data-state="ready" for the views in the viewport, data-drawn="all" once
every view is drawn), and playback shows every step."""

from __future__ import annotations

import json
import urllib.request

import pytest

from .conftest import wait_js, wait_ready

pytestmark = pytest.mark.browser

# requestIdleCallback that never calls back: the views below the fold then wait for the viewport
NO_IDLE = "window.requestIdleCallback = () => 0; window.cancelIdleCallback = () => {};"


def api_requests(pg) -> list[str]:
    out: list[str] = []
    pg.on("request", lambda r: "/api/v1/" in r.url and out.append(r.url.split("/api/v1/")[1]))
    return out


def test_the_book_page_needs_no_round_trip_and_shows_the_apis_numbers(page, base_url):
    asked = api_requests(page)
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    assert asked == [], asked  # presets, the preset, forward and convert came with the page
    assert "0.53705" in page.locator("#worked").inner_text()
    assert page.locator("#worked .check.bad").count() == 0  # recomputed from the weights it carried
    # the trace the page shows is the API's, value for value
    body = json.load(urllib.request.urlopen(f"{base_url}/api/v1/presets/book-rnn"))
    req = urllib.request.Request(
        f"{base_url}/api/v1/forward",
        data=json.dumps({**body, "options": {"encoding": "json"}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    ref = json.load(urllib.request.urlopen(req))
    shown = page.evaluate(
        "() => { const r = window.rnnscope.app.run; return {out: Array.from(r.output.data), h: Array.from(r.trace[0][0].h.data)}; }"
    )
    assert shown["out"] == [v for b in ref["output"] for t in b for v in t]
    assert shown["h"] == [v for b in ref["trace"][0]["forward"]["h"] for t in b for v in t]
    assert page.locator("#preset-select option").count() >= 8
    assert page.locator("#preset-select").input_value() == "book-rnn"
    # a second run of the same network asks the server (the page's copy is used once)
    page.click("#run-btn")
    wait_ready(page, run=2)
    assert "forward" in asked
    page.watch.assert_clean()


def test_an_edited_request_is_sent_to_the_server(page):
    """grad=1 changes the body: the page's copy does not answer it."""
    asked = api_requests(page)
    page.goto(page.base + "/?preset=book-rnn&grad=1")
    wait_ready(page)
    assert "forward" in asked and "convert" in asked, asked
    assert page.evaluate("window.rnnscope.app.run.meta.sent.options.gradients") is True
    page.watch.assert_clean()


def test_views_below_the_fold_are_drawn_when_they_come_near(page):
    page.add_init_script(NO_IDLE)
    page.set_viewport_size({"width": 1400, "height": 600})
    page.goto(page.base + "/?preset=book-rnn")
    wait_js(page, "document.documentElement.dataset.state === 'ready'")
    # in the viewport: the worked step and the diagram; the lines and the outputs are far below
    assert "0.53705" in page.locator("#worked").inner_text()
    assert page.evaluate("document.documentElement.dataset.drawn") is None
    assert page.locator("#lines-plot.js-plotly-plot").count() == 0
    assert page.locator("#outputs-plot.js-plotly-plot").count() == 0
    page.locator("#panel-lines").scroll_into_view_if_needed()
    wait_js(page, "!!document.querySelector('#lines-plot.js-plotly-plot .main-svg')")
    page.locator("#panel-table").scroll_into_view_if_needed()
    wait_js(page, "document.documentElement.dataset.drawn === 'all'")
    for sel in ("#heatmaps .js-plotly-plot", "#lines-plot.js-plotly-plot", "#outputs-plot.js-plotly-plot"):
        assert page.locator(sel).count() >= 1, sel
    # a view drawn late still follows the step
    page.keyboard.press("ArrowRight")
    wait_js(page, "window.rnnscope.state.t === 1")
    assert page.locator("#panel-lines .t-marker").count() == 1
    page.watch.assert_clean()


def test_views_below_the_fold_are_drawn_when_idle(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)  # data-drawn="all" without scrolling
    assert page.evaluate("window.scrollY") == 0
    assert page.locator("#lines-plot.js-plotly-plot .main-svg").count() >= 1
    assert page.evaluate("window.rnnscope.timings.allDrawn >= window.rnnscope.timings.firstView")


def test_playback_shows_every_step(page):
    page.goto(page.base + "/?preset=vanishing-tanh")
    wait_ready(page)
    seen = page.evaluate(
        """async () => {
        const app = window.rnnscope.app, st = window.rnnscope.state, seen = new Set();
        app.setStep(0);
        app.setSpeed(30);
        let stop = false;
        const look = () => { seen.add(st.t); if (!stop) requestAnimationFrame(look); };
        requestAnimationFrame(look);
        app.player.play();
        const end = performance.now() + 1500;
        while (st.playing && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
        app.player.pause();
        stop = true;
        return {seen: [...seen].sort((a, b) => a - b), t: st.t};
    }"""
    )
    assert seen["t"] >= 10, seen
    last = max(seen["seen"])  # the step set as it was paused may not have had its frame yet
    assert last >= seen["t"] - 1 and seen["seen"] == list(range(last + 1)), seen
