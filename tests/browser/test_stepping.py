"""Stepping by keyed updates (issue 11, branch i11-stepping).

A step no longer rebuilds the worked step, the diagram, the table or the token strip: it changes
the texts and attributes that changed in the nodes already there (static/js/morph.js for the
worked step). These tests check that what a step shows is exactly what a fresh drawing shows
(the same HTML, attribute for attribute), through every step of small networks and after
changing the unit, the layer, the direction and the digits; and that the nodes are reused (a
regression to rebuilding would add hundreds of elements per step).
"""

from __future__ import annotations

import pytest

from .conftest import open_page, wait_js, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, modules_base_url):
    """The page from its modules (not the bundle): FRESH_JS imports the page's own renderers and
    needs the very module instances the page runs (their state: the editable numbers' names)."""
    pg = open_page(browser, (modules_base_url,))
    try:
        yield pg
    finally:
        pg.context.close()


# In the page: draw the four panels afresh for the current state with new renderers (the page's
# own modules, under the page's versioned URL, so the same builders, state and i18n) on detached
# elements, and return their HTML beside the live panels' HTML.
FRESH_JS = """async () => {
  const js = new URL("../js/", document.querySelector('script[type="module"][src$="/main.js"]').src).href;
  const app = window.rnnscope.app, st = window.rnnscope.state, run = app.run, v = app.view();
  const [{ createWorked }, { createDiagram }, { createTable }, { createTokenStrip }] = await Promise.all([
    import(js + "render/worked.js"), import(js + "render/diagram.js"),
    import(js + "render/table.js"), import(js + "render/tokens.js")]);
  const div = () => document.createElement("div");
  const w = div(); createWorked(w).render(run, v, st.t, run.canon);
  const d = div(); const dg = createDiagram(d, div()); dg.draw(run, v); dg.step(st.t);
  const tw = div(); const tb = createTable(tw, div()); tb.draw(run, v, st.page || 0); tb.step(st.t);
  const k = div(); const ts = createTokenStrip(k); ts.draw(run, v.b); ts.step(st.t);
  const live = (id) => document.getElementById(id).innerHTML;
  // each number's exact value, its tooltip on hover: an element property, not in the HTML
  const exact = (el) => [...el.querySelectorAll(".n")].map((e) => (e._v === undefined ? "none" : e._v));
  return {
    T: run.T,
    exact: { fresh: exact(w), live: exact(document.getElementById("worked")) },
    fresh: { worked: w.innerHTML, diagram: d.innerHTML, table: tw.innerHTML, tokens: k.innerHTML },
    live: { worked: live("worked"), diagram: live("diagram"), table: live("values-table-wrap"), tokens: live("token-strip") },
  };
}"""

# Count the elements a step adds to each panel (a MutationObserver over the four panels), and
# say whether the worked step's elements before the step are still the ones shown after it.
STEP_ADDS_JS = """async (n) => {
  const ids = ["worked", "diagram", "values-table-wrap", "token-strip"];
  const added = Object.fromEntries(ids.map((id) => [id, 0]));
  const count = (node) => (node.nodeType === 1 ? 1 + node.querySelectorAll("*").length : 0);
  const obs = ids.map((id) => {
    const o = new MutationObserver((muts) => { for (const m of muts) for (const a of m.addedNodes) added[id] += count(a); });
    o.observe(document.getElementById(id), { childList: true, subtree: true });
    return o;
  });
  const before = new Set(document.querySelectorAll("#worked *"));
  const sizes = Object.fromEntries(ids.map((id) => [id, document.getElementById(id).querySelectorAll("*").length]));
  for (let i = 0; i < n; i++) window.rnnscope.app.stepBy(1);
  obs.forEach((o, k) => { for (const m of o.takeRecords()) for (const a of m.addedNodes) added[ids[k]] += count(a); o.disconnect(); });
  const after = [...document.querySelectorAll("#worked *")];
  return { added, sizes, kept: after.filter((e) => before.has(e)).length, total: after.length };
}"""


def all_panels_visible(pg) -> None:
    """Make every panel count as on screen, so a step updates them all at once (no idle catch-up):
    a tall viewport, scrolled to the top."""
    pg.set_viewport_size({"width": 1440, "height": 6000})
    pg.evaluate("window.scrollTo(0, 0)")
    pg.wait_for_timeout(100)


def assert_same_as_fresh(pg, where: str) -> None:
    # the table and the diagram below the fold catch up in idle time: wait for them
    wait_js(pg, "!!document.querySelector('#values-table-wrap table')")
    pg.wait_for_timeout(50)
    res = pg.evaluate(FRESH_JS)
    # the token strip shows a window of 60 steps that moves near its ends: a fresh one centres it
    panels = ("worked", "diagram", "table", "tokens") if res["T"] <= 60 else ("worked", "diagram", "table")
    for panel in panels:
        assert res["live"][panel] == res["fresh"][panel], (
            f"{where}: the {panel} panel differs from a fresh drawing"
        )
    assert len(res["live"]["worked"]) > 200
    assert res["exact"]["live"] == res["exact"]["fresh"], f"{where}: the worked step's exact values differ"
    assert "none" not in res["exact"]["live"] and len(res["exact"]["live"]) > 10


def step_to(pg, t: int) -> None:
    pg.evaluate("t => window.rnnscope.app.setStep(t)", t)
    wait_js(pg, "t => window.rnnscope.state.t === t", arg=t)


@pytest.mark.parametrize("preset", ["lstm-bidirectional", "gru-hello", "trained-chars", "book-rnn"])
def test_every_step_shows_what_a_fresh_drawing_shows(page, preset):
    page.goto(page.base + f"/?preset={preset}")
    wait_ready(page)
    all_panels_visible(page)
    T = page.evaluate("window.rnnscope.app.run.T")
    T = min(T, 40)
    for t in [*range(T), T - 2, 0, T - 1]:  # forward, then jumps back and forth
        step_to(page, t)
        assert_same_as_fresh(page, f"{preset}, t={t}")
    page.watch.assert_clean()


def test_after_changing_unit_layer_direction_digits_steps_match_a_fresh_drawing(page):
    page.goto(page.base + "/?preset=lstm-bidirectional")
    wait_ready(page)
    all_panels_visible(page)
    T = page.evaluate("window.rnnscope.app.run.T")
    changes = [{"unit": 2}, {"layer": 1}, {"dir": 1}, {"digits": 5}, {"unit": 0, "layer": 0}, {"digits": 2}]
    for patch in changes:
        page.evaluate("p => window.rnnscope.app.setView(p)", patch)
        wait_js(page, "document.documentElement.dataset.state === 'ready'")
        for t in (1, 2, T - 1, 0, 3):
            step_to(page, t)
            assert_same_as_fresh(page, f"after {patch}, t={t}")
    page.watch.assert_clean()


def test_a_fresh_page_at_a_step_equals_stepping_there(page, browser):
    """The page loaded at t=3, unit 1, 5 digits shows what stepping there from t=0 shows."""
    from .conftest import open_page

    page.goto(page.base + "/?preset=lstm-bidirectional&unit=1&digits=5")
    wait_ready(page)
    for _ in range(3):
        page.evaluate("window.rnnscope.app.stepBy(1)")
    wait_js(page, "window.rnnscope.state.t === 3")
    # the blocks below the fold are written once the steps pause (worked.js pending): then the
    # whole worked step is what a fresh page shows
    wait_js(page, "document.querySelector('#worked .eq-block:last-child .lhs sub').textContent === '₃'", 5)
    stepped = page.evaluate("document.getElementById('worked').innerHTML")
    other = open_page(browser, (page.base,))
    try:
        other.goto(page.base + "/?preset=lstm-bidirectional&unit=1&digits=5&t=3")
        wait_ready(other)
        assert other.evaluate("window.rnnscope.state.t") == 3
        assert other.evaluate("document.getElementById('worked').innerHTML") == stepped
    finally:
        other.context.close()


@pytest.mark.parametrize("preset", ["trained-memory-lstm", "lstm-bidirectional"])
def test_a_step_reuses_the_panels_nodes(page, preset):
    """A step changes texts and attributes: it adds (almost) no element to the worked step and
    none to the diagram, the table or the token strip; a rebuild would add every element again."""
    page.goto(page.base + f"/?preset={preset}")
    wait_ready(page)
    all_panels_visible(page)
    step_to(page, 2)  # past the initial state (h_prev all zeros shows differently)
    wait_js(page, "!!document.querySelector('#values-table-wrap table')")
    res = page.evaluate(STEP_ADDS_JS, 1)
    sizes, added = res["sizes"], res["added"]
    assert (
        sizes["worked"] > 40
        and sizes["diagram"] > 40
        and sizes["values-table-wrap"] > 40
        and sizes["token-strip"] > 10
    )
    # a value that changes sign adds or drops its brackets, so a few nodes may be new
    assert added["worked"] <= 0.15 * sizes["worked"], res
    assert res["kept"] >= 0.85 * res["total"], res
    assert added["diagram"] == 0, res
    assert added["values-table-wrap"] == 0, res
    assert added["token-strip"] == 0, res


def test_an_opened_sum_lists_the_current_steps_terms(page):
    """The <details> of a long sum is kept from step to step; opened, it lists this step's terms
    (its content is built when opened, from the newest step)."""
    page.goto(page.base + "/?preset=trained-chars")
    wait_ready(page)
    step_to(page, 1)
    det = "#worked details.terms"
    assert page.locator(det).count() > 0
    page.evaluate("(s) => { document.querySelector(s).__probe = 1; }", det)
    step_to(page, 2)
    assert page.evaluate("(s) => document.querySelector(s).__probe", det) == 1  # the same element
    page.locator(det + " summary").first.click()
    wait_js(page, "(s) => !!document.querySelector(s + ' .term-list')", arg=det)
    opened = page.evaluate("(s) => document.querySelector(s + ' .term-list').textContent", det)
    # the same list built by a fresh renderer at this step
    fresh = page.evaluate(
        """async () => {
          const js = new URL("../js/", document.querySelector('script[type="module"][src$="/main.js"]').src).href;
          const { createWorked } = await import(js + "render/worked.js");
          const app = window.rnnscope.app, st = window.rnnscope.state;
          const w = document.createElement("div");
          document.body.append(w);
          createWorked(w).render(app.run, app.view(), st.t, app.run.canon);
          const d = w.querySelector("details.terms");
          d.open = true;
          await new Promise((r) => setTimeout(r, 50));
          const text = d.querySelector(".term-list").textContent;
          w.remove();
          return text;
        }"""
    )
    assert opened == fresh
    page.watch.assert_clean()


def _cfg(body: dict) -> str:
    """The page's cfg= value: "z." + base64url(deflate-raw(JSON)), as state.js reads it."""
    import base64
    import json
    import zlib

    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = c.compress(json.dumps(body, separators=(",", ":")).encode()) + c.flush()
    return "z." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def test_a_long_sequence_moves_the_token_window_without_rebuilding_it(page):
    """T=150: the strip shows 60 tokens; stepping past its edge moves the window, keeping the
    tokens still in it (the same nodes) and showing what a fresh strip stepped the same way shows;
    the worked step (H=9: sums of 9 terms folded) still equals a fresh drawing at every step."""
    vocab = "abcdefghij"
    text = "".join(vocab[(k * 7 + k // 3) % len(vocab)] for k in range(150))
    body = {
        "model": {"cell": "lstm", "input_size": len(vocab), "hidden_size": 9},
        "weights": {"format": "random", "seed": 3},
        "inputs": {"text": text, "vocabulary": vocab},
    }
    page.goto(page.base + "/?cfg=" + _cfg(body))
    wait_ready(page)
    all_panels_visible(page)
    path = [*range(0, 75), 140, 149, 100, 20]
    moved = 0
    for t in path:
        page.evaluate(
            "() => { window.__tok = new Map([...document.querySelectorAll('#token-strip .tok')].map((n) => [n.dataset.t, n])); }"
        )
        step_to(page, t)
        if t % 5 == 0 or t > 70:
            assert_same_as_fresh(page, f"T=150, t={t}")
        # a token that was shown and still is, is the same node; count the window's moves
        kept, fresh = page.evaluate(
            """() => { const now = [...document.querySelectorAll('#token-strip .tok')];
                 const stale = now.filter((n) => window.__tok.has(n.dataset.t) && window.__tok.get(n.dataset.t) !== n).length;
                 return [stale, now.filter((n) => !window.__tok.has(n.dataset.t)).length]; }"""
        )
        assert kept == 0, (t, kept)
        moved += fresh > 0
    assert moved >= 3  # the path moved the window (t≈52, 140, 100, 20…)
    # the strip after that path equals a fresh strip stepped along the same path
    same = page.evaluate(
        """async (path) => {
          const js = new URL("../js/", document.querySelector('script[type="module"][src$="/main.js"]').src).href;
          const { createTokenStrip } = await import(js + "render/tokens.js");
          const app = window.rnnscope.app;
          const k = document.createElement("div");
          const ts = createTokenStrip(k);
          ts.draw(app.run, app.view().b);
          for (const t of path) ts.step(t);
          return k.innerHTML === document.getElementById("token-strip").innerHTML;
        }""",
        path,
    )
    assert same
    assert page.locator("#token-strip .tok.current .tok-text").inner_text() == text[20]
    page.watch.assert_clean()


@pytest.mark.parametrize(
    "preset", ["trained-chars", "trained-memory-gru", "trained-memory-rnn", "lstm-bidirectional"]
)
def test_one_units_products_equal_the_whole_layers(page, preset):
    """stepAll(…, only=j), the worked step's unit alone, gives unit j exactly the numbers of the
    whole layer's step (every gate, c, h), for every unit, layer, direction and a few steps."""
    page.goto(page.base + f"/?preset={preset}")
    wait_ready(page)
    wait_js(page, "!!window.rnnscope.app.run.canon")
    res = page.evaluate(
        """async () => {
          const js = new URL("../js/", document.querySelector('script[type="module"][src$="/main.js"]').src).href;
          const { stepAll } = await import(js + "stepmath.js");
          const run = window.rnnscope.app.run;
          let checked = 0;
          const bad = [];
          for (let l = 0; l < run.L; l++) for (let d = 0; d < run.D; d++) {
            const p = run.canon.layers[l][d];
            for (const t of [0, 1, Math.floor(run.T / 2), run.T - 1]) {
              const x = run.layerInput(l, 0, t), h = run.prevState(l, d, 0, t, "h");
              const c = run.cell === "lstm" ? run.prevState(l, d, 0, t, "c") : null;
              const all = stepAll(run.model, p, x, h, c, l);
              for (let j = 0; j < run.H; j++) {
                const one = stepAll(run.model, p, x, h, c, l, j);
                const vals = (r) => [...Object.keys(r.gates).map((g) => r.gates[g][j]), ...Object.keys(r.pre_activation).map((g) => r.pre_activation[g][j]), r.h[j], r.c ? r.c[j] : 0];
                const a = vals(all), b = vals(one);
                if (a.some((v, k) => !Object.is(v, b[k]))) bad.push([l, d, t, j]);
                checked++;
              }
            }
          }
          return { checked, bad: bad.slice(0, 5) };
        }"""
    )
    assert res["checked"] >= 8
    assert res["bad"] == [], res
