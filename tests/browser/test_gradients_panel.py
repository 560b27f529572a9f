"""The gradients panel in Debian's Chromium: issue 5, "What it must show" item 3 and its polish."""

from __future__ import annotations

from itertools import pairwise

import pytest

from .conftest import current_t, run_text, wait_js, wait_ready

pytestmark = pytest.mark.browser

CURVE_DRAWN = (
    "() => { const gd = document.getElementById('grad-curve');"
    " return !!(gd && gd.data && gd.data.length === 2 && gd._fullLayout); }"
)


def curve(pg) -> list[float]:
    """The Jacobian-norm curve as the page handed it to Plotly (trace 0 of #grad-curve)."""
    return pg.evaluate("Array.from(document.getElementById('grad-curve').data[0].y)")


def marker_x(pg) -> float:
    return pg.evaluate("document.getElementById('grad-curve').data[1].x[0]")


def reading(pg) -> str:
    return pg.locator("#grad-reading").inner_text()


def open_drawn(pg, query: str) -> None:
    pg.goto(pg.base + "/?" + query)
    wait_ready(pg)
    wait_js(pg, CURVE_DRAWN)


def test_vanishing_preset_draws_a_falling_curve_and_says_vanishing(page):
    open_drawn(page, "preset=vanishing-tanh")
    assert page.locator("#panel-gradients").is_visible()
    y = curve(page)
    assert len(y) == 50
    assert y[0] < 1e-10
    assert y[-1] == 1
    assert all(a < b for a, b in pairwise(y)), "the curve falls toward the start, step by step"
    assert page.evaluate("document.getElementById('grad-curve')._fullLayout.yaxis.type") == "log"
    # the heatmap of |dL/dh|: 16 units × 50 steps, log10 on a labelled colour bar
    heat = page.evaluate(
        "(() => { const d = document.getElementById('grad-heat').data[0];"
        " return [d.z.length, d.z[0].length, d.colorbar.ticktext.join(' ')]; })()"
    )
    assert heat[:2] == [16, 50]
    assert "10<sup>" in heat[2]
    # the reading at step 0, with the thresholds and the loss stated
    text = reading(page)
    assert "step 0" in text and "vanishing" in text and "step 49" in text, text
    assert "Below 0.1 it is vanishing, above 10 exploding" in page.locator("#grad-note").inner_text()
    assert page.locator("#grad-loss").inner_text().startswith("L = 4.348")
    assert marker_x(page) == 0
    page.wait_for_timeout(300)  # late console errors, if any
    page.watch.assert_clean()


def test_keyboard_steps_move_the_marker_and_the_reading(page):
    open_drawn(page, "preset=vanishing-tanh")
    page.keyboard.press("ArrowRight")
    assert current_t(page) == 1
    wait_js(page, "document.getElementById('grad-curve').data[1].x[0] === 1")
    y = curve(page)
    assert page.evaluate("document.getElementById('grad-curve').data[1].y[0]") == y[1]
    assert "step 1" in reading(page) and "vanishing" in reading(page)
    # the overlay line over the curve sits on the same step
    line = page.evaluate(
        "(() => { const gd = document.getElementById('grad-curve');"
        " const m = gd.parentElement.querySelector('.t-marker').getBoundingClientRect();"
        " const xa = gd._fullLayout.xaxis; const g = gd.getBoundingClientRect();"
        " return [m.left + m.width / 2, g.left + xa._offset + xa.l2p(1)]; })()"
    )
    assert abs(line[0] - line[1]) < 2, line
    page.keyboard.press("End")
    wait_js(page, "document.getElementById('grad-curve').data[1].x[0] === 49")
    assert "is the end" in reading(page)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_js(page, "document.getElementById('grad-curve').data[1].x[0] === 46")
    text = reading(page)
    assert "step 46" in text and "kept" in text and "3 steps later" in text, text
    # the curve was drawn once: stepping restyles the marker trace only
    assert len(curve(page)) == 50
    page.watch.assert_clean()


def test_exploding_preset_says_exploding(page):
    open_drawn(page, "preset=exploding-linear")
    y = curve(page)
    assert y[0] > 1e4 and y[-1] == 1
    assert all(a > b for a, b in pairwise(y))
    assert "exploding" in reading(page)
    assert page.locator("#grad-reading").get_attribute("data-verdict") == "exploding"
    page.watch.assert_clean()


def test_hover_shows_the_exact_value(page):
    open_drawn(page, "preset=vanishing-tanh")
    y = curve(page)
    # aim at the point of step 10 itself
    pos = page.evaluate(
        "v => { const gd = document.getElementById('grad-curve'); const fl = gd._fullLayout;"
        " const r = gd.getBoundingClientRect();"
        " return [r.left + fl.xaxis._offset + fl.xaxis.l2p(10), r.top + fl.yaxis._offset + fl.yaxis.l2p(Math.log10(v))]; }",
        y[10],
    )
    page.mouse.move(pos[0], pos[1])
    wait_js(page, "document.getElementById('grad-curve-readout').textContent !== ''")
    assert page.locator("#grad-curve-readout").inner_text() == f"t = 10 · {y[10]!r}".replace("e-0", "e-")
    page.watch.assert_clean()


def test_checkbox_turns_gradients_on_and_the_link_keeps_it(page):
    page.goto(page.base + "/?preset=gru-hello")
    wait_ready(page)
    assert page.locator("#panel-gradients").is_hidden()
    assert not page.locator("#g-on").is_checked()
    page.check("#g-on")  # runs at once
    wait_ready(page, run=2)
    wait_js(page, CURVE_DRAWN)
    assert page.locator("#panel-gradients").is_visible()
    # text tokens: in the reading and in the heatmap's hover labels
    page.keyboard.press("ArrowRight")
    wait_js(page, "document.querySelector('#grad-reading').innerText.includes('‘e’')")
    assert page.evaluate("document.getElementById('grad-heat').data[0].text[0][1]") == "e"
    assert "softmax outputs add up to 1" in page.locator("#grad-note").inner_text()
    # a short link: the preset and grad=1, no cfg
    wait_js(page, "(q => q.get('grad') === '1' && q.get('t') === '1')(new URLSearchParams(location.search))")
    assert "preset=gru-hello" in page.url and "cfg=" not in page.url
    page.goto(page.url)
    wait_ready(page)
    wait_js(page, CURVE_DRAWN)
    assert page.locator("#g-on").is_checked()
    assert current_t(page) == 1
    # MSE: zero targets of the run's shape are written in and it runs
    page.select_option("#g-loss", "mse")
    wait_ready(page, run=2)
    assert page.locator("#g-targets").is_visible()
    assert "mean squared error" in page.locator("#grad-loss").inner_text()
    wait_js(page, "location.search.includes('cfg=')")
    # switching off hides the panel
    page.uncheck("#g-on")
    wait_ready(page, run=3)
    assert page.locator("#panel-gradients").is_hidden()
    page.watch.assert_clean()


def test_switching_a_gradient_preset_off_stays_a_short_link(page):
    open_drawn(page, "preset=vanishing-tanh")
    assert page.locator("#g-on").is_checked()
    page.uncheck("#g-on")
    wait_ready(page, run=2)
    assert page.locator("#panel-gradients").is_hidden()
    wait_js(page, "new URLSearchParams(location.search).get('grad') === '0'")
    assert "cfg=" not in page.url
    page.check("#g-on")
    wait_ready(page, run=3)
    wait_js(page, "!new URLSearchParams(location.search).has('grad')")
    page.watch.assert_clean()


def test_bidirectional_backward_ends_at_step_zero(page):
    open_drawn(page, "preset=lstm-bidirectional&grad=1&layer=1&dir=1&t=2")
    y = curve(page)
    assert y[0] == 1 and all(a > b for a, b in pairwise(y))
    text = reading(page)
    assert "step 2" in text and "(step 0, which it reads 2 steps later)" in text, text
    assert "its end is step 0" in page.locator("#grad-note").inner_text()
    page.keyboard.press("Home")
    wait_js(
        page, "document.querySelector('#grad-reading').innerText.includes('is the end of the backward pass')"
    )
    # the forward direction ends at the last step
    page.select_option("#s-dir", "0")
    wait_js(
        page,
        "document.getElementById('grad-curve').data && document.getElementById('grad-curve').data[0].y[5] === 1",
    )
    page.watch.assert_clean()


def test_hide_removes_the_panel_and_its_control(page):
    page.goto(page.base + "/?preset=vanishing-tanh&hide=gradients")
    wait_ready(page)
    assert page.locator("#panel-gradients").is_hidden()
    assert page.locator("#g-on").is_hidden()
    assert (
        page.evaluate("document.getElementById('grad-curve').classList.contains('js-plotly-plot')") is False
    )
    page.watch.assert_clean()


def test_user_text_in_the_reading_is_text(page):
    payload = "<img src=x onerror=alert(1)>"
    page.goto(page.base + "/?preset=gru-hello&grad=1")
    wait_ready(page)
    run_text(page, payload)
    wait_js(page, CURVE_DRAWN)
    assert "‘<’" in reading(page)
    assert page.evaluate("document.querySelectorAll('img, [onerror]').length") == 0
    page.watch.assert_clean()
