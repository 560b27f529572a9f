"""The visualizer in Debian's Chromium: issue 3, "What it must show"."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from bench.browser import encode_cfg, request_body

from .conftest import current_t, run_text, wait_js, wait_ready

pytestmark = pytest.mark.browser


def worked_text(pg) -> str:
    return pg.locator("#worked").inner_text()


# what a URL round trip must restore: the state, the worked step, the views and the inputs
VIEW_SNAPSHOT = """() => ({
    state: window.rnnscope.serialize(window.rnnscope.state),
    worked: document.querySelector('#worked').innerText,
    heatmaps: [...document.querySelectorAll('#heatmaps figure')].map(f => f.dataset.q),
    text: document.querySelector('#in-text').value,
    units: document.querySelectorAll('#lines-plot .scatterlayer .trace').length,
    token: document.querySelector('#p-token').innerText,
})"""


def test_book_preset_draws_with_no_error_and_no_outside_request(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    # heatmaps (h and the pre-activation a), lines, state space, outputs
    assert page.locator("#heatmaps figure").count() == 2
    assert (
        page.locator("#heatmaps .js-plotly-plot .heatmaplayer image, #heatmaps .js-plotly-plot .hm").count()
        >= 1
    )
    for sel in ("#lines-plot", "#outputs-plot"):
        assert page.locator(f"{sel}.js-plotly-plot .main-svg").count() >= 1, sel
    assert page.locator("#traj-plot.cp-plot canvas.cp-data").count() == 1  # the state space: our canvas
    assert page.locator("#diagram svg [data-node]").count() >= 5
    assert page.locator("#values-table-wrap tbody tr").count() == 2
    assert page.locator("#preset-select").input_value() == "book-rnn"
    assert page.evaluate("typeof window.Plotly") == "object"
    page.wait_for_timeout(300)  # late console errors, if any
    page.watch.assert_clean()


def test_worked_step_shows_the_books_numbers(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    text = worked_text(page)
    # step 0: before_activation[0] = 0.1·0 + 0.3·0 + 0.5·1 + 0.1 = 0.6; state[0] = tanh(0.6) = 0.537…
    assert "= 0.6" in text
    assert "0.53705" in text
    assert "1.5613" in text  # output of step 0
    page.keyboard.press("ArrowRight")
    wait_js(page, "window.rnnscope.state.t === 1")
    text = worked_text(page)
    # the issue's own line: a = 0.1·0.537 + 0.3·0.462 + 0.5·2 + 0.1 = 1.2923
    assert re.search(r"0\.1·0\.537 \+ 0\.3·0\.462 \+ 0\.5·2 \+ 0\.1\s*=\s*1\.2923", text), text
    assert "2.7271" in text  # output = 1·0.86 + 2·0.884 + 0.1
    assert "0.85974" in text
    # the recomputation agrees with the engine's trace
    assert page.locator("#worked .check.ok").count() >= 2
    assert page.locator("#worked .check.bad").count() == 0
    # the whole vector arithmetic for this tiny model: [1.2923, 1.3923]
    assert "1.2923" in page.locator("#worked .tiny").inner_text()
    assert "1.3923" in page.locator("#worked .tiny").inner_text()
    page.watch.assert_clean()


def test_a_numbers_exact_value_is_its_tooltip(page):
    """The worked step shows rounded numbers; the pointer or the focus on one shows its exact value
    (its title, written when they get there), and after a step the new value's."""
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    page.keyboard.press("ArrowRight")
    wait_js(page, "window.rnnscope.state.t === 1")
    # h₁[0] of the book's network, as the README's curl example gives it
    num = page.locator("#worked .n", has_text=re.compile(r"^0\.8597")).first
    assert num.get_attribute("title") is None  # not written by the step
    num.hover()
    assert num.get_attribute("title") == "0.8597381843462615"
    box = num.bounding_box()
    # a step under the resting pointer: the pointer's next move shows the new step's value
    page.keyboard.press("ArrowLeft")
    wait_js(page, "window.rnnscope.state.t === 0")
    page.mouse.move(box["x"] + box["width"] / 2 + 1, box["y"] + box["height"] / 2)
    under = page.evaluate(
        """([x, y]) => { const e = document.elementFromPoint(x, y); return {v: String(e._v), title: e.title}; }""",
        [box["x"] + box["width"] / 2 + 1, box["y"] + box["height"] / 2],
    )
    assert under["title"] == under["v"] and under["v"] != "0.8597381843462615", under
    # an editable weight reached by the keyboard: its exact value for a screen reader's description
    w = page.locator("#worked .n-edit").first
    w.focus()
    assert w.get_attribute("title") == page.evaluate("e => String(e._v)", w.element_handle())
    assert float(w.get_attribute("title")) == float(w.get_attribute("aria-valuenow"))
    page.watch.assert_clean()


def test_a_float32_runs_table_cell_shows_its_float32_value(page):
    """The values table's tooltip gives a float32 run's number as float32 (its shortest decimal),
    not as the float64 it is held in; the worked step's numbers and the table's cells share one
    hover mechanism (editable.js bindExactTitles)."""
    body = {**request_body(200, 8), "options": {"dtype": "float32"}}  # big enough to come as binary
    page.goto(page.base + "/?cfg=" + encode_cfg(body))
    wait_ready(page)
    assert page.evaluate("window.rnnscope.app.run.float32")
    assert page.evaluate("window.rnnscope.app.run.meta.sent.options.encoding") == "binary"
    wait_js(page, "!!document.querySelector('#values-table-wrap td.num')")
    cell = page.locator("#values-table-wrap td.num").first
    cell.scroll_into_view_if_needed()
    cell.hover()
    title = cell.get_attribute("title")
    held = page.evaluate("e => e._v", cell.element_handle())
    assert title and float(np.float32(float(title))) == held, (title, held)
    assert len(title.lstrip("-").replace("0.", "", 1)) <= 10 and title != repr(held), (title, held)
    page.watch.assert_clean()


def test_keyboard_steps_through_time(page):
    page.goto(page.base + "/?preset=gru-hello")
    wait_ready(page)
    assert current_t(page) == 0
    page.keyboard.press("End")
    assert current_t(page) == 4
    assert page.locator("#p-token").inner_text() == "‘o’"
    page.keyboard.press("Home")
    assert current_t(page) == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert current_t(page) == 2
    assert page.locator("#p-slider").input_value() == "2"
    assert page.locator("#token-strip .tok.current .tok-text").inner_text() == "l"
    assert "t = 2" in page.locator("#panel-worked [data-now]").inner_text()
    page.keyboard.press("ArrowLeft")
    assert current_t(page) == 1
    # the slider itself takes arrows when focused, without a double step
    page.focus("#p-slider")
    page.keyboard.press("ArrowRight")
    assert current_t(page) == 2
    page.locator("#p-slider").blur()
    # Space plays to the end and stops
    page.select_option("#p-speed", "30")
    page.keyboard.press("Space")
    wait_js(page, "window.rnnscope.state.t === 4 && window.rnnscope.state.playing === false", timeout=5)
    # the step is in the URL (throttled replaceState)
    wait_js(page, "new URLSearchParams(location.search).get('t') === '4'")
    page.watch.assert_clean()


def test_wrong_weight_shape_shows_an_inline_error_naming_the_field(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    page.select_option("#m-cell", "lstm")
    page.fill("#m-hidden", "1")
    page.select_option("#m-readout", []) if False else page.fill("#m-readout", "0")
    weights = {
        "format": "pytorch",
        "state_dict": {
            "weight_ih_l0": [[0.1], [0.2], [0.3], [0.4]],
            "weight_hh_l0": [[0.5]],  # should be (4, 1)
            "bias_ih_l0": [0, 0, 0, 0],
            "bias_hh_l0": [0, 0, 0, 0],
        },
    }
    page.evaluate(
        "() => { const s = document.querySelector('#w-format'); s.value = 'pytorch'; s.dataset.current = 'pytorch'; }"
    )
    page.fill("#w-json", json.dumps(weights))
    page.click("#run-btn")
    err = page.locator('[data-loc="weights.json"] .field-error')
    err.wait_for()
    assert "weight_hh_l0" in err.inner_text()
    assert "state_dict" in err.inner_text()
    assert page.locator("#w-json").get_attribute("aria-invalid") == "true"
    # the error is announced and the editor points at the key
    assert err.get_attribute("role") == "alert"
    sel = page.evaluate(
        "() => { const t = document.querySelector('#w-json'); return t.value.slice(t.selectionStart, t.selectionEnd); }"
    )
    assert sel == '"weight_hh_l0"'
    # the page did not crash: the earlier run is still shown
    assert page.locator("#heatmaps figure").count() >= 1
    # invalid JSON is caught before any request, next to the same field
    page.fill("#w-json", '{"format": "pytorch", "state_dict": {')
    page.click("#run-btn")
    err2 = page.locator('[data-loc="weights.json"] .field-error')
    err2.wait_for()
    assert "not valid JSON" in err2.inner_text()
    # a model field named by loc gets its error beside it
    page.evaluate(
        "() => { const s = document.querySelector('#w-format'); s.value = 'random'; s.dispatchEvent(new Event('change')); }"
    )
    page.fill("#m-hidden", "")
    page.fill("#m-input", "")
    page.click("#run-btn")
    wait_js(
        page,
        "document.querySelectorAll('.field-error').length > 0 && document.documentElement.dataset.state === 'error'",
    )
    assert page.locator(".field-error").count() >= 1
    # the browser logs every 4xx response; nothing else may reach the console
    page.watch.assert_clean(allow=("status of 422",))


def test_url_round_trip_restores_the_same_view(page, browser):
    page.goto(page.base + "/?preset=gru-hello")
    wait_ready(page)
    # edit the configuration: another text, other weights; and the view
    page.fill("#in-text", "hello there")
    page.fill("#in-vocab", "")
    page.fill("#m-input", "")
    page.fill("#w-seed", "7")
    page.click("#run-btn")
    wait_ready(page, run=2)
    page.fill("#s-unit", "2")
    page.dispatch_event("#s-unit", "change")
    page.click('label[for="hq-h"]')  # hide the h heatmap
    page.fill("#lines-units", "1,3")
    page.dispatch_event("#lines-units", "change")
    page.select_option("#worked-digits", "4")
    page.evaluate("document.activeElement.blur()")  # a focused field takes the arrow keys itself
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    wait_js(page, "new URLSearchParams(location.search).get('t') === '9'")
    url = page.url
    assert "cfg=" in url and "preset=" not in url
    snapshot = page.evaluate(VIEW_SNAPSHOT)
    assert snapshot["text"] == "hello there"
    assert snapshot["units"] == 2
    assert "hidden state h" not in " ".join(snapshot["heatmaps"])
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        pg2 = other.new_page()
        errors: list[str] = []
        pg2.on("console", lambda m: m.type == "error" and errors.append(m.text))
        pg2.goto(url)
        wait_ready(pg2)
        wait_js(pg2, "window.rnnscope.app.run && window.rnnscope.app.run.canon !== undefined")
        wait_js(page, "window.rnnscope.app.run.canon !== undefined")
        again = pg2.evaluate(VIEW_SNAPSHOT)
        snapshot["worked"] = page.locator("#worked").inner_text()
        assert again == snapshot
        assert pg2.evaluate("window.rnnscope.state.t") == 9
        assert errors == []
    finally:
        other.close()
    page.watch.assert_clean()


def test_a_preset_link_stays_short(page):
    page.goto(page.base + "/?preset=lstm-bidirectional&layer=1&dir=1&t=3")
    wait_ready(page)
    page.wait_for_timeout(400)
    assert page.evaluate(
        "[window.rnnscope.state.layer, window.rnnscope.state.dir, window.rnnscope.state.t]"
    ) == [1, 1, 3]
    assert "cfg=" not in page.url
    assert len(page.url) < 120
    # backward direction, layer 1: the worked step says where h_prev comes from
    assert "backward" in worked_text(page)
    page.watch.assert_clean()


def test_user_text_is_displayed_not_executed(page):
    payload = "<img src=x onerror=alert(1)>"
    page.goto(page.base + "/?preset=gru-hello")
    wait_ready(page)
    run_text(page, payload)
    page.wait_for_timeout(300)
    tokens = page.locator("#token-strip .tok-text").all_inner_texts()
    assert "".join(tokens) == payload.replace(" ", "␣")
    assert page.evaluate("document.querySelectorAll('img, [onerror]').length") == 0
    # hover labels and tick labels carry it as text too
    ticks = page.evaluate(
        "[...document.querySelectorAll('#heatmaps .xtick text')].map(t => t.textContent).join('')"
    )
    assert "<" in ticks and ">" in ticks
    page.keyboard.press("Home")
    assert page.locator("#p-token").inner_text() == "‘<’"
    # the whole string round-trips through the URL as data
    wait_js(page, "location.search.includes('cfg=')")
    page.goto(page.url)
    wait_ready(page)
    assert page.locator("#in-text").input_value() == payload
    assert page.evaluate("document.querySelectorAll('img, [onerror]').length") == 0
    page.watch.assert_clean()


def test_a_hostile_or_broken_link_is_refused_gently(page):
    page.goto(page.base + "/?cfg=z.AAAAAAAA&t=-5&layer=abc&hide=nothing,editor")
    wait_ready(page)
    assert "cannot be read" in page.locator("#warnings").inner_text()
    assert page.evaluate("window.rnnscope.state.t") == 0
    assert page.locator("#editor").is_hidden()
    page.watch.assert_clean()


def test_weights_convert_import_and_exports(page, tmp_path):
    page.goto(page.base + "/?preset=book-rnn&t=1")
    wait_ready(page)
    wait_js(page, "window.rnnscope.app.run.canon !== undefined")
    # the format selector converts through the API; the numbers stay the same
    page.select_option("#w-format", "pytorch")
    wait_js(page, "document.querySelector('#w-json').value.includes('weight_hh_l0')")
    assert page.locator("#w-format").input_value() == "pytorch"
    page.click("#run-btn")
    wait_ready(page, run=2)
    wait_js(page, "document.querySelector('#worked').innerText.includes('1.2923')")
    # a weights file goes through the import endpoint
    f = tmp_path / "rnn.json"
    f.write_text(
        json.dumps(
            {
                "weight_ih_l0": [[0.5], [0.6]],
                "weight_hh_l0": [[0.1, 0.3], [0.2, 0.4]],
                "bias_ih_l0": [0.1, -0.1],
                "bias_hh_l0": [0.0, 0.0],
            }
        )
    )
    # (issue 9: the one "Open model…" picker; its card says what the file holds before anything runs)
    page.set_input_files("#open-model-file", str(f))
    page.locator("#model-card .model-summary").wait_for()
    assert "RNN(1→2)" in page.locator("#model-card .model-summary").inner_text()
    # a file that is not a state_dict is refused with advice, in the card
    pt = tmp_path / "model.pt"
    pt.write_bytes(b"\x80\x04")
    page.set_input_files("#open-model-file", str(pt))
    err = page.locator("#model-card .model-error")
    err.wait_for()
    assert "state_dict" in err.inner_text()
    # exports: long-form CSV, the trace as JSON, a PNG of the diagram
    with page.expect_download() as dl:
        page.click("#export-csv")
    rows = dl.value.path().read_text().splitlines()
    assert rows[0] == "batch,layer,direction,quantity,unit,t,value"
    assert any(r.startswith("0,0,forward,pre_activation.h,0,1,1.29234010387780") for r in rows)
    assert any(r.startswith("0,,,y,0,1,2.72707100823373") for r in rows)
    with page.expect_download() as dl:
        page.click("#export-json")
    trace = json.loads(dl.value.path().read_text())
    assert trace["steps"] == 2
    assert abs(trace["y"][0][1][0] - 2.727071008233731) < 1e-12
    with page.expect_download() as dl:
        page.click('[data-png="diagram"]')
    assert dl.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.watch.assert_clean(allow=("status of 422",))
