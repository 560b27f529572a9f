"""Big runs made light (issue 11): what the page's auto options ask for at each size, the note
that says what was left out, and that the form's Record choice brings it back."""

from __future__ import annotations

import pytest

from bench.browser import LIMITS, encode_cfg, request_body

from .conftest import free_port, open_page, start_server, stop_server, wait_ready

pytestmark = pytest.mark.browser

OPTIONS_JS = """async (cases) => {
  const js = new URL("../js/", document.querySelector('script[type="module"][src$="/main.js"]').src).href;
  const { finalOptions } = await import(js + "app.js"); // the module the page runs (bundled)
  const body = ([cell, T, H, options]) => ({
    model: { cell, input_size: 8, hidden_size: H },
    weights: { format: "random" },
    inputs: { text: "ab".repeat(T / 2), vocabulary: "ab" },
    ...(options ? { options } : {}),
  });
  return cases.map((c) => finalOptions(body(c), null));
}"""


def test_the_auto_options_thin_only_big_runs(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    small, issue, states_gates, huge, huge_gru, asked = page.evaluate(
        OPTIONS_JS,
        [
            ["lstm", 20, 8, None],
            ["lstm", 1000, 128, None],  # every field, float64 (the bench's first case)
            ["lstm", 2000, 256, None],
            ["lstm", 10000, 512, None],  # the bench's big case
            ["gru", 10000, 512, None],
            ["lstm", 10000, 512, {"trace": ["h", "c", "gates"], "dtype": "float64"}],
        ],
    )
    assert small == {"encoding": "json"}
    assert issue == {"encoding": "binary"}
    assert states_gates == {"encoding": "binary", "dtype": "float32", "trace": ["h", "c", "gates"]}
    assert huge == {"encoding": "binary", "dtype": "float32", "trace": ["h", "c"]}
    assert huge_gru == {"encoding": "binary", "dtype": "float32", "trace": ["h"]}
    assert asked == {"encoding": "binary", "dtype": "float64", "trace": ["h", "c", "gates"]}
    page.watch.assert_clean()


@pytest.fixture(scope="module")
def big_base_url():
    """A server whose limits let the page's auto options thin a run (the defaults refuse such a
    run with a 413 first)."""
    port = free_port()
    proc = start_server(port, env=LIMITS)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


def test_a_thinned_run_says_what_was_left_out_and_record_brings_it_back(browser, big_base_url):
    page = open_page(browser, (big_base_url,))
    try:
        page.goto(big_base_url + "/?cfg=" + encode_cfg(request_body(2000, 256)))
        wait_ready(page, timeout=180)
        sent = page.evaluate("window.rnnscope.app.run.meta.sent.options")
        assert sent == {"encoding": "binary", "dtype": "float32", "trace": ["h", "c", "gates"]}
        note = page.locator("#warnings li.light-run")
        assert note.count() == 1
        text = note.inner_text()
        for words in ("h, c, gates (float32)", "pre-activations, input terms, recurrent terms", "Record"):
            assert words in text, text
        assert page.evaluate("window.rnnscope.app.run.has('input_term')") is False
        # what the note says to do: Record → every intermediate, then Run
        page.locator("details[data-loc='options'] > summary").click()
        page.select_option("#o-trace", "all")
        page.click("#run-btn")
        wait_ready(page, run=2, timeout=180)
        run = page.evaluate(
            """() => { const r = window.rnnscope.app.run;
              return {fields: [...r.fields].sort(), float32: r.float32, trace: r.meta.sent.options.trace}; }"""
        )
        assert run["fields"] == ["c", "gates", "h", "input_term", "pre_activation", "recurrent_term"], run
        assert run["float32"]  # precision stays auto
        assert page.locator("#warnings li.light-run").count() == 0
        page.watch.assert_clean()
    finally:
        page.context.close()
