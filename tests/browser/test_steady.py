"""Stepping keeps the page still, and a long computation does not race the first paint (issue 11).

- The worked step's lines wrap differently from step to step, so its height changed at every step
  and moved the state space beside it and every panel below (steadyheight.js now keeps its tallest
  height while one thing is stepped through).
- The address is written once the state rests, not at every step.
- The sticky editor is painted after the views, so Chromium does not give each panel its own
  compositing layer.
- A step taken by hand is laid out in its key's handler, while the main thread would otherwise
  wait for the next frame: that frame only paints.
"""

from __future__ import annotations

import base64
import itertools
import json
import zlib

import pytest

from .conftest import wait_js, wait_ready

pytestmark = pytest.mark.browser

VOCAB = "abcdefghijklmnopqrstuvwxyz .,"


def cfg_link(T: int, H: int) -> str:
    """A cfg= link to an LSTM with random weights on a text of T characters (state.js encodeBody)."""
    text = "".join(VOCAB[(7 * i * i + 3 * i) % len(VOCAB)] for i in range(T))
    body = {
        "model": {"cell": "lstm", "input_size": len(VOCAB), "hidden_size": H},
        "weights": {"format": "random", "seed": 3},
        "inputs": {"text": text, "vocabulary": VOCAB},
    }
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = c.compress(json.dumps(body, separators=(",", ":")).encode()) + c.flush()
    return "/?cfg=z." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


# Step through t = 0 … n-1, each step painted; per step: the worked step's natural height (its
# content, whatever min-height keeps), the panel's height, and where the panels beside and below are.
PASS_JS = """async (n) => {
  const app = window.rnnscope.app;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const top = (id) => document.getElementById(id).getBoundingClientRect().top + scrollY;
  const w = document.getElementById("worked");
  const out = [];
  for (let t = 0; t < n; t++) {
    app.setStep(t);
    await frame();
    const kids = w.children;
    const natural = kids[kids.length - 1].getBoundingClientRect().bottom - kids[0].getBoundingClientRect().top;
    out.push({ t, natural, panel: document.getElementById("panel-worked").offsetHeight,
               traj: top("panel-trajectory"), heat: top("panel-heatmaps") });
  }
  return out;
}"""


def test_stepping_does_not_move_the_panels(page):
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(page.base + cfg_link(300, 64))
    wait_ready(page, timeout=60)
    first = page.evaluate(PASS_JS, 40)
    naturals = {round(r["natural"]) for r in first}
    # the worked step's own height does change from step to step (otherwise this test tests nothing)
    assert len(naturals) > 1, f"the worked step's height did not vary over 40 steps: {naturals}"
    heights = [r["panel"] for r in first]
    assert all(b >= a for a, b in itertools.pairwise(heights)), f"the panel shrank while stepping: {heights}"
    second = page.evaluate(PASS_JS, 40)  # the tallest drawing is known now: nothing moves
    for key in ("panel", "traj", "heat"):
        seen = {round(r[key], 1) for r in second}
        assert len(seen) == 1, f"{key} moved while stepping through the same steps again: {sorted(seen)}"
    assert second[0]["panel"] == max(heights)
    # another unit starts again from its own natural height
    page.fill("#s-unit", "5")
    page.dispatch_event("#s-unit", "change")
    wait_js(
        page,
        "document.querySelector('#worked .eqs') && /\\[5\\]/.test(document.getElementById('worked').textContent)",
    )
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))")
    floor, natural = page.evaluate(
        """() => { const w = document.getElementById("worked"), k = w.children;
        return [parseFloat(w.style.minHeight) || 0,
                k[k.length - 1].getBoundingClientRect().bottom - k[0].getBoundingClientRect().top]; }"""
    )
    assert floor <= natural + 1, (floor, natural)
    page.watch.assert_clean()  # no "ResizeObserver loop" error among them


# each block's quantity and step as its first line names them ("i₃[0]" -> "i₃"), top to bottom
BLOCKS_JS = """() => [...document.querySelectorAll('#worked .eq-block')].map((b) => {
  const lhs = b.querySelector('.lhs .sym');
  return lhs ? lhs.textContent.replace(/\\[.*$/, '') : null; })"""
STEP_NOW_JS = (
    """() => { document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
  return ("""
    + BLOCKS_JS
    + """)(); }"""
)


def test_a_step_writes_the_blocks_on_screen_and_the_others_when_they_come_near(page):
    """The worked step's blocks away from the screen keep their numbers until they come into view
    or the steps pause (worked.js `pending`, issue 11); the ones on screen change with the key."""
    page.set_viewport_size({"width": 1280, "height": 640})
    page.goto(page.base + cfg_link(60, 16) + "&t=0")
    wait_ready(page, timeout=60)
    assert page.evaluate(BLOCKS_JS) == ["i₀", "f₀", "g₀", "o₀", "c₀", "h₀"]
    now = page.evaluate(STEP_NOW_JS)  # read in the key's own task: before any catch-up
    assert now[0] == "i₁", now  # on screen: written by the key
    assert now[-1] == "h₀", now  # 700 px below the fold: not yet
    # the steps pause: every block catches up, every check agrees with the engine
    wait_js(
        page, f"JSON.stringify(({BLOCKS_JS})()) === JSON.stringify(['i₁', 'f₁', 'g₁', 'o₁', 'c₁', 'h₁'])", 5
    )
    assert page.locator("#worked .check.bad").count() == 0
    assert page.locator("#worked .check.ok").count() == 6
    # the next step's catch-up held back (it runs in an idle callback), so that only the block
    # coming into view can write the waiting block
    page.evaluate(
        "() => { window.__idle = window.requestIdleCallback; window.requestIdleCallback = () => 0; }"
    )
    now = page.evaluate(STEP_NOW_JS)
    assert now[0] == "i₂" and now[-1] == "h₁", now
    # scrolled into view, the waiting block is written in the frames that follow
    shown = page.evaluate(
        """async () => {
          const blocks = document.querySelectorAll('#worked .eq-block');
          blocks[blocks.length - 1].querySelector('.rhs').scrollIntoView({ block: 'center' });
          const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          for (let i = 0; i < 3; i++) await frame();
          return ("""
        + BLOCKS_JS
        + """)().pop(); }"""
    )
    page.evaluate("() => { window.requestIdleCallback = window.__idle; }")
    assert shown == "h₂", shown
    # an edit or a new view writes every block at once: no block waits
    page.evaluate("window.scrollTo(0, 0)")
    page.fill("#s-unit", "3")
    page.dispatch_event("#s-unit", "change")
    wait_js(
        page, "/\\[3\\]/.test(document.querySelector('#worked .eq-block:last-child .lhs').textContent)", 5
    )
    assert page.evaluate(BLOCKS_JS) == ["i₂", "f₂", "g₂", "o₂", "c₂", "h₂"]
    page.watch.assert_clean()


def test_the_address_is_written_when_stepping_rests(page):
    page.goto(page.base + "/?preset=trained-chars")
    wait_ready(page)
    page.evaluate("""() => { window.__writes = 0; const orig = history.replaceState.bind(history);
        history.replaceState = (...a) => { window.__writes++; return orig(...a); }; }""")
    steps = page.evaluate(
        """async () => { const app = window.rnnscope.app; app.setStep(0);
        for (let i = 0; i < 24; i++) { app.stepBy(1); await new Promise((r) => setTimeout(r, 40)); }
        return window.rnnscope.state.t; }"""
    )
    writes = page.evaluate("window.__writes")
    # 24 steps 40 ms apart (about a second): one write at the latest after a second, not one per step
    assert writes <= 2, f"{writes} address writes during 24 steps"
    wait_js(page, "new URLSearchParams(location.search).get('t') === String(window.rnnscope.state.t)", 5)
    assert page.evaluate("new URLSearchParams(location.search).get('t')") == str(steps)
    page.watch.assert_clean()


def test_no_panel_gets_its_own_compositing_layer(page):
    page.goto(page.base + "/?preset=trained-chars")
    wait_ready(page)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("DOM.getDocument", {"depth": 0})
    layers: list = []
    cdp.on("LayerTree.layerTreeDidChange", lambda e: layers.append(e.get("layers") or []))
    cdp.send("LayerTree.enable")
    page.evaluate("window.rnnscope.app.stepBy(1)")
    page.wait_for_timeout(300)  # the layer tree of the step's frame is reported
    assert layers, "no layer tree was reported"
    panels = []
    for layer in layers[-1]:
        node = layer.get("backendNodeId")
        if not node:
            continue
        n = cdp.send("DOM.describeNode", {"backendNodeId": node})["node"]
        attrs = dict(zip(n.get("attributes", [])[::2], n.get("attributes", [])[1::2], strict=False))
        if "panel" in attrs.get("class", "").split():
            panels.append(attrs.get("id"))
    # painted before the views, the sticky editor made Chromium composite every panel separately
    assert panels == [], f"panels with a compositing layer of their own: {panels}"
    assert len(layers[-1]) < 30, f"{len(layers[-1])} compositing layers"


def trace_keys(page, presses: int, per_frame: int = 1) -> list[dict]:
    """The renderer main thread's complete trace events of ``presses`` → keys, each painted (or
    ``per_frame`` of them in one task, then painted)."""
    cdp = page.context.new_cdp_session(page)
    events: list = []
    done: list = []
    cdp.on("Tracing.dataCollected", lambda e: events.extend(e["value"]))
    cdp.on("Tracing.tracingComplete", lambda e: done.append(1))
    cdp.send(
        "Tracing.start",
        {"traceConfig": {"includedCategories": ["devtools.timeline"]}, "transferMode": "ReportEvents"},
    )
    page.evaluate(
        """async ([n, k]) => {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < k; j++)
            document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        }
      }""",
        [presses, per_frame],
    )
    cdp.send("Tracing.end")
    wait = 0
    while not done and wait < 100:
        page.wait_for_timeout(50)
        wait += 1
    threads = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e["args"]["name"] == "CrRendererMain"
    }
    return sorted(
        (e for e in events if (e["pid"], e["tid"]) in threads and e.get("ph") == "X"), key=lambda e: e["ts"]
    )


def test_a_step_by_hand_is_laid_out_in_its_handler(page):
    """The layout of each step falls inside its keydown's dispatch; the frame after it lays out
    (almost) nothing."""
    page.goto(page.base + "/?preset=trained-chars")
    wait_ready(page)
    main = trace_keys(page, 6)
    keys = [
        e for e in main if e["name"] == "EventDispatch" and e["args"].get("data", {}).get("type") == "keydown"
    ]
    assert len(keys) == 6, [e["name"] for e in main][:50]
    ends = [k["ts"] for k in keys[1:]] + [float("inf")]
    for k, end in zip(keys, ends, strict=True):
        inside = [e for e in main if e["name"] == "Layout" and k["ts"] <= e["ts"] <= k["ts"] + k["dur"]]
        assert inside, "the step was not laid out in its handler"
        dirty = inside[0]["args"]["beginData"]["dirtyObjects"]
        assert dirty > 20, f"the handler's layout had {dirty} objects to lay out"  # the step's changes
        after = [e for e in main if e["name"] == "Layout" and k["ts"] + k["dur"] < e["ts"] < end]  # its frame
        left = sum(e["args"]["beginData"]["dirtyObjects"] for e in after)
        assert left < dirty / 2, (
            f"the frame after the key still laid out {left} objects (the handler {dirty})"
        )


def test_steps_before_a_frame_are_laid_out_once(page):
    """Three steps in one task (a scrub's inputs, a held key): the first lays the page out in its
    handler, the next two leave their layout to the frame, which lays it out once."""
    page.goto(page.base + "/?preset=trained-chars")
    wait_ready(page)
    main = trace_keys(page, 3, per_frame=3)
    keys = [
        e for e in main if e["name"] == "EventDispatch" and e["args"].get("data", {}).get("type") == "keydown"
    ]
    assert len(keys) == 9, len(keys)
    for first in range(0, 9, 3):
        laid = [
            sum(1 for e in main if e["name"] == "Layout" and k["ts"] <= e["ts"] <= k["ts"] + k["dur"])
            for k in keys[first : first + 3]
        ]
        assert laid == [1, 0, 0], laid
    assert page.evaluate("window.rnnscope.state.t") == 9


# Step n times, each step painted, counting the writes to what is off screen: the values table's
# step badge and the heatmaps' current-step markers (below the fold of a 1440×1000 window).
OFF_SCREEN_JS = """async (n) => {
  const app = window.rnnscope.app;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const watched = [document.querySelector("#panel-table [data-now]"), ...document.querySelectorAll("#heatmaps .t-marker")];
  let writes = 0;
  const mo = new MutationObserver((ms) => { writes += ms.length; });
  for (const el of watched) mo.observe(el, { attributes: true, childList: true, characterData: true, subtree: true });
  for (let i = 0; i < n; i++) { app.stepBy(1); await frame(); }
  mo.disconnect();
  return { writes, markers: watched.length - 1, t: window.rnnscope.state.t };
}"""


def test_what_is_off_screen_catches_up_when_the_steps_pause_or_it_comes_into_view(page):
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(page.base + cfg_link(300, 64))
    wait_ready(page, timeout=60)
    page.evaluate("window.rnnscope.app.setStep(0)")
    page.wait_for_timeout(400)
    r = page.evaluate(OFF_SCREEN_JS, 12)
    assert r["markers"] >= 3, r
    # stepping wrote nothing off screen: a changed header or moved marker repainted or re-layered
    # what nobody sees, at every step
    assert r["writes"] == 0, r
    # the steps rest: the badges off screen say the step (a screen reader reads them)
    t = r["t"]
    wait_js(page, f"document.querySelector('#panel-table [data-now]').textContent.startsWith('t = {t} ')", 3)
    # a marker follows its plot into view
    page.evaluate("window.rnnscope.app.setStep(40)")
    page.locator("#panel-heatmaps").scroll_into_view_if_needed()
    wait_js(
        page,
        """(() => { const gd = document.querySelector('#heatmaps .js-plotly-plot');
            const m = gd.parentElement.querySelector('.t-marker').getBoundingClientRect();
            const xa = gd._fullLayout.xaxis, g = gd.getBoundingClientRect();
            return Math.abs(m.left + m.width / 2 - (g.left + xa._offset + xa.l2p(40))) < 2; })()""",
        3,
    )
    page.watch.assert_clean()


def test_what_playback_left_off_screen_catches_up_when_it_pauses(page):
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(page.base + cfg_link(300, 64))
    wait_ready(page, timeout=60)
    page.evaluate("window.rnnscope.app.setStep(0)")
    page.wait_for_timeout(400)  # the catch-up of that step is done
    page.evaluate(
        """async () => { const app = window.rnnscope.app; app.setSpeed(30); app.player.play();
        await new Promise((r) => setTimeout(r, 600)); app.player.pause(); }"""
    )
    t = page.evaluate("window.rnnscope.state.t")
    assert t > 3, t
    # the values table (off screen) says the step playback stopped at, without another step
    wait_js(page, f"document.querySelector('#panel-table [data-now]').textContent.startsWith('t = {t} ')", 3)
    page.watch.assert_clean()
