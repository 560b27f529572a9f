// Editing a number where it is shown (issue 13): drag it, nudge it with the arrow keys, or type
// it. An edit goes into the form's own weights / inputs / initial state (editmap.js), so Run,
// export, cfg= and the editor's JSON agree; a small network re-runs on the server at every move
// (one request in flight, the latest value wins) and every view follows; a large one shows
// "changed, not yet run" until the gesture ends, then runs. Each gesture is one step of the
// history (undo, redo, reset to the preset). The server stays the only source of the numbers.

import * as api from "./api.js";
import { $, h } from "./dom.js";
import { editState, highlight, refLabel } from "./editable.js";
import { getValue, mapsInPlace, parseRef, setValue } from "./editmap.js";
import { EV, on } from "./events.js";
import { FieldErrors, prettyJson } from "./form.js";
import { fmt } from "./format.js";
import { browserForward, browserForwardOk } from "./forward.js";
import { tr } from "./i18n.js";
import { createWeights, weightsPanel } from "./render/weights.js";
import { hiddenParts, state } from "./state.js";

// Live re-runs while dragging up to this many traced values (B·T·L·D·H·(4G+2)): measured with
// bench/browser.py (docs/notes/i13-edit-note.md); larger networks run when the gesture ends.
export const LIVE_MAX_VALUES = 30_000;
const KEY_IDLE_MS = 600; // arrow-key nudges within this time are one gesture
const DRAG_START_PX = 3;
const HISTORY_MAX = 200;
const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/** Liveness of a network: re-run at every move? */
export function isLive(run) {
  if (!run) return false;
  const G = run.gates.length;
  return run.B * run.T * run.L * run.D * run.H * (4 * G + 2) <= LIVE_MAX_VALUES;
}

/** The step of a nudge: 0.01, ×10 with Shift, ×0.1 with Alt. */
export function stepFor(e) {
  return e.shiftKey ? 0.1 : e.altKey ? 0.001 : 0.01;
}

/** v rounded to the decimals of step (0.1 + 0.01 is 0.11, not 0.11000000000000001). */
export function roundTo(v, step) {
  const dec = Math.max(0, Math.ceil(-Math.log10(step)));
  return Number(v.toFixed(Math.min(dec + 1, 15)));
}

function snapshot(body) {
  return {
    weights: structuredClone(body.weights),
    inputs: structuredClone(body.inputs),
    initial_state: body.initial_state ? structuredClone(body.initial_state) : null,
  };
}

function isTyping(el) {
  if (!el) return false;
  if (el.isContentEditable) return true;
  return TYPING.has(el.tagName) && !(el.tagName === "INPUT" && ["checkbox", "radio", "button", "range"].includes(el.type));
}

export function bindEdit(app, stale) {
  const root = document.documentElement;
  editState.enabled = !root.dataset.standalone; // the standalone page has no server to run an edit
  const history = [];
  const future = [];
  let gesture = null; // {ref, before, work, model, from, live, converted, timer}
  let busy = Promise.resolve(); // the gesture's start (a conversion may be under way)
  let inflight = null; // the live run under way
  let queued = false;
  let origin = null; // the network before the first edit (reset, without a preset)
  let shown = 0; // live runs drawn (bench/browser.py waits for it)

  // ---- the bar: undo, redo, reset, what was changed
  const undoBtn = h("button", { type: "button", class: "btn btn-small", id: "edit-undo", disabled: true, "aria-keyshortcuts": "Control+Z" }, tr("edit.undo"));
  const redoBtn = h("button", { type: "button", class: "btn btn-small", id: "edit-redo", disabled: true, "aria-keyshortcuts": "Control+Shift+Z Control+Y" }, tr("edit.redo"));
  const resetBtn = h("button", { type: "button", class: "btn btn-small", id: "edit-reset", disabled: true }, tr("edit.reset"));
  const status = h("span", { class: "edit-status", id: "edit-status", role: "status" });
  const bar = h("div", { class: "edit-bar", id: "edit-bar", role: "group", "aria-label": tr("edit.bar"), hidden: !editState.enabled }, h("span", { class: "edit-hint" }, tr("edit.hint")), undoBtn, redoBtn, resetBtn, status);
  // in the worked step's panel, under its title: where most numbers are edited (the sticky player stays compact)
  const workedHead = $("#panel-worked .panel-head");
  if (workedHead) workedHead.after(bar);
  // the weight matrix view, a panel of its own
  const panel = weightsPanel();
  const weights = panel ? createWeights(panel) : null;
  const drawWeights = (force = false) => {
    if (weights && app.run && panel && !panel.hidden) weights.draw(app.run, { layer: state.layer, dir: state.dir }, force);
  };
  on(EV.RUN_LOADED, () => {
    if (panel) panel.hidden = !!(root.dataset.embed || root.dataset.standalone) || hiddenParts(state, !!root.dataset.embed).has("weights");
    drawWeights(true);
  });
  on(EV.WEIGHTS_READY, () => drawWeights(true));
  on(EV.RUN_LIVE, () => drawWeights(true));
  on(EV.STEP_CHANGED, () => drawWeights(false));

  undoBtn.addEventListener("click", () => undo());
  redoBtn.addEventListener("click", () => redo());
  resetBtn.addEventListener("click", () => reset());

  function updateBar() {
    undoBtn.disabled = !history.length && !gesture;
    redoBtn.disabled = !future.length;
    resetBtn.disabled = !history.length && !gesture && !origin;
  }

  function say(text) {
    status.textContent = text;
  }

  // ---- values

  const model = () => (app.run ? app.run.model : null);

  function currentValue(ref) {
    if (gesture) {
      const v = getValue(gesture.work, gesture.model, ref);
      if (v !== undefined) return v;
    }
    const el = document.querySelector(`[data-p="${CSS.escape(ref)}"]`);
    return el ? Number(el.getAttribute("aria-valuenow")) : undefined;
  }

  /** The run's parsed canonical weights and inputs, patched so the views show the new value at once. */
  function patchRun(ref, v) {
    const run = app.run;
    if (!run) return;
    const q = parseRef(ref);
    if (q.kind === "w" && run.canon) {
      const p = run.canon.layers[q.l] && run.canon.layers[q.l][q.d];
      const t = p && p[q.m] && p[q.m][q.g];
      if (t) t.data[q.m.startsWith("W") ? q.r * t.shape[1] + q.c : q.r] = v;
    } else if (q.kind === "ro" && run.canon && run.canon.readout) {
      const t = run.canon.readout[q.m];
      if (t) t.data[q.m === "W" ? q.r * t.shape[1] + q.c : q.r] = v;
    } else if (q.kind === "x" && run.x && run.x.shape[0] > q.b) {
      run.x.data[(q.b * run.x.shape[1] + q.t) * run.x.shape[2] + q.k] = v;
    } else if ((q.kind === "h0" || q.kind === "c0") && run[q.kind]) {
      const t = run[q.kind];
      t.data[(q.s * t.shape[1] + q.b) * t.shape[2] + q.k] = v;
    }
  }

  // ---- gestures

  /** Start (or continue) editing ref: reads the form once; converts the weights if they cannot be edited in place. */
  function begin(ref) {
    if (gesture && gesture.ref === ref) return busy;
    if (gesture) end();
    const m = model();
    if (!m) return Promise.resolve(false);
    let body;
    try {
      body = app.form.read();
    } catch (e) {
      if (e instanceof FieldErrors) app.form.showErrors(e.detail);
      say(tr("edit.form-error"));
      return Promise.resolve(false);
    }
    const g = { ref, before: snapshot(body), work: body, model: m, from: undefined, live: isLive(app.run), converted: null, timer: null, changed: false };
    gesture = g;
    if (!origin && !history.length) origin = g.before;
    const needsConvert = !mapsInPlace(body, m, ref);
    busy = (async () => {
      if (needsConvert) {
        const fmtName = body.weights.format || "pytorch";
        try {
          const res = await api.convert(m, body.weights, "canonical");
          g.work.weights = res.weights;
          g.converted = fmtName;
        } catch (e) {
          say(tr("edit.convert-failed", { msg: e.message }));
          if (gesture === g) gesture = null;
          return false;
        }
      }
      if (!mapsInPlace(g.work, m, ref)) {
        say(tr("edit.cannot", { what: refLabel(ref, m.cell) }));
        if (gesture === g) gesture = null;
        return false;
      }
      g.from = getValue(g.work, m, ref);
      return true;
    })();
    updateBar();
    return busy;
  }

  /** Set the value of the gesture's parameter. */
  async function set(ref, v) {
    if (!Number.isFinite(v)) return;
    const ok = await begin(ref);
    const g = gesture;
    if (!ok || !g || g.ref !== ref) return;
    setValue(g.work, g.model, ref, v);
    g.changed = true;
    editState.active = ref;
    patchRun(ref, v);
    const note = g.converted ? " " + tr("edit.converted", { from: g.converted }) : "";
    say(tr("edit.changed", { what: refLabel(ref, g.model.cell), from: fmt(g.from, 6), to: fmt(v, 6) }) + note);
    if (g.live) {
      writeForm(g.work);
      if (browserForwardOk(app.run)) computeNextFrame();
      else pump();
    } else {
      stale.mark(); // "changed, not yet run": the run follows when the gesture ends
      app.refreshLocal();
      drawWeights(true);
    }
  }

  /** Put the working body into the form (weights, numeric inputs, initial state). */
  function writeForm(body) {
    const f = app.form.fields;
    app.form.setWeights(body.weights);
    if (Array.isArray(body.inputs)) f.inNumbers.value = prettyJson(body.inputs);
    f.init.value = body.initial_state ? prettyJson(body.initial_state) : "";
  }

  /** One live run in flight; a newer value waits for it and is sent next (the latest wins). */
  function pump() {
    if (inflight) {
      queued = true;
      return;
    }
    const g = gesture;
    if (!g) return;
    const body = app.form.read();
    inflight = app
      .runLive(body)
      .then((drawn) => {
        if (drawn) {
          shown++;
          root.dataset.editShown = String(shown);
        }
      })
      .catch((e) => say(e.message))
      .finally(() => {
        inflight = null;
        if (queued) {
          queued = false;
          pump();
        }
      });
  }

  /**
   * The browser's own forward pass (forward.js): at once for the first input of a frame (its
   * numbers are painted in the coming frame, as a step is), then at most once per animation
   * frame with the latest value.
   */
  let frameJob = null;
  let computedThisFrame = false;
  function computeNextFrame() {
    if (frameJob) return;
    if (!computedThisFrame) {
      computedThisFrame = true;
      requestAnimationFrame(() => (computedThisFrame = false));
      return computeNow(false);
    }
    frameJob = requestAnimationFrame(() => {
      frameJob = null;
      computeNow(true);
    });
  }
  function computeNow(inFrame) {
    {
      const run = app.run;
      if (!gesture || !browserForwardOk(run)) return pump();
      let body;
      try {
        body = app.form.read();
      } catch (e) {
        return say(e.message);
      }
      const c0 = performance.now();
      const payload = browserForward(run);
      const ct = app.timings;
      ct.editCompute = ct.editCompute || [];
      ct.editCompute.push(performance.now() - c0); // the browser's forward pass alone (bench/browser.py)
      if (ct.editCompute.length > 1000) ct.editCompute.splice(0, 500);
      inflight = app
        .runLive(body, payload)
        .then((drawn) => {
          if (drawn) {
            shown++;
            root.dataset.editShown = String(shown);
            // a task queued now runs once the frame that shows these numbers is painted (bench/browser.py)
            const n = shown;
            const mark = () => setTimeout(() => (root.dataset.editPainted = `${n} ${performance.now()}`), 0);
            if (inFrame) mark();
            else requestAnimationFrame(mark);
          }
        })
        .catch((e) => say(e.message))
        .finally(() => (inflight = null));
    }
  }

  /** Wait for the live runs to finish. */
  async function settle() {
    while (inflight || frameJob) {
      if (inflight) await inflight;
      else await new Promise((r) => requestAnimationFrame(r));
    }
  }

  /** End the gesture: one history entry, and the full run (the server's numbers, every view redrawn). */
  async function end() {
    const g = gesture;
    if (!g) return;
    gesture = null;
    clearTimeout(g.timer);
    if (g.changed) writeForm(g.work); // now: a gesture that starts next reads the form
    await busy;
    if (!g.changed) {
      updateBar();
      return;
    }
    writeForm(g.work);
    history.push({ ref: g.ref, before: g.before, after: snapshot(g.work), converted: g.converted });
    if (history.length > HISTORY_MAX) history.shift();
    future.length = 0;
    updateBar();
    await settle();
    await app.runNow({ fromUser: true, keepCanon: true });
    highlightAll();
  }

  function restore(snap) {
    app.form.setWeights(snap.weights);
    const f = app.form.fields;
    if (Array.isArray(snap.inputs)) f.inNumbers.value = prettyJson(snap.inputs);
    f.init.value = snap.initial_state ? prettyJson(snap.initial_state) : "";
  }

  async function undo() {
    if (gesture) await end();
    const e = history.pop();
    if (!e) return;
    future.push(e);
    restore(e.before);
    editState.active = e.ref;
    updateBar();
    say(tr("edit.undone", { what: refLabel(e.ref, model() ? model().cell : "rnn") }));
    await settle();
    await app.runNow({ fromUser: true });
    highlightAll();
  }

  async function redo() {
    if (gesture) await end();
    const e = future.pop();
    if (!e) return;
    history.push(e);
    restore(e.after);
    editState.active = e.ref;
    updateBar();
    say(tr("edit.redone", { what: refLabel(e.ref, model() ? model().cell : "rnn") }));
    await settle();
    await app.runNow({ fromUser: true });
    highlightAll();
  }

  /** Back to the preset (or the network as it was before the first edit); undoable. */
  async function reset() {
    if (gesture) await end();
    let before;
    try {
      before = snapshot(app.form.read());
    } catch {
      before = null;
    }
    const id = app.loadedPreset;
    if (id) {
      if (!(await app.fillPreset(id))) return;
    } else if (origin) restore(origin);
    else return;
    const after = snapshot(app.form.read());
    if (before && JSON.stringify(before) !== JSON.stringify(after)) {
      history.push({ ref: null, before, after, converted: null });
      future.length = 0;
    }
    editState.active = null;
    updateBar();
    say(tr("edit.reset-done"));
    await settle();
    await app.runNow({ fromUser: true });
    highlightAll();
  }

  function highlightAll() {
    for (const el of document.querySelectorAll("#worked, #token-strip, #weights-view")) highlight(el);
  }

  // ---- pointer: drag horizontally or vertically (right / up: larger)

  let drag = null;
  document.addEventListener("pointerdown", (e) => {
    const el = e.target.closest && e.target.closest("[data-p]");
    if (!el || !editState.enabled || e.button !== 0) return;
    const ref = el.dataset.p;
    const v0 = currentValue(ref);
    if (v0 === undefined || !Number.isFinite(v0)) return;
    drag = { ref, x: e.clientX, y: e.clientY, v0, moved: false, id: e.pointerId };
    if (e.pointerType !== "mouse") e.preventDefault(); // no scroll on a touch screen: the number moves
  });
  window.addEventListener("pointermove", (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    const dx = e.clientX - drag.x;
    const dy = drag.y - e.clientY;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_START_PX) return;
    if (!drag.moved) {
      drag.moved = true;
      root.dataset.dragging = "1";
    }
    e.preventDefault();
    const step = stepFor(e);
    const v = roundTo(drag.v0 + (dx + dy) * step, step);
    set(drag.ref, v);
  });
  const stopDrag = (e) => {
    if (!drag || (e && e.pointerId !== drag.id)) return;
    const d = drag;
    drag = null;
    delete root.dataset.dragging;
    if (d.moved) {
      root.dataset.justDragged = "1"; // the click that follows is not a click
      setTimeout(() => delete root.dataset.justDragged, 0);
      end();
    }
    else {
      const el = document.querySelector(`[data-p="${CSS.escape(d.ref)}"]`);
      if (el) el.focus({ preventScroll: true });
    }
  };
  window.addEventListener("pointerup", stopDrag);
  window.addEventListener("pointercancel", stopDrag);
  document.addEventListener("click", (e) => {
    // a drag is not a click (the token strip would go to that step)
    if (root.dataset.justDragged) {
      e.stopPropagation();
      e.preventDefault();
    }
  }, true);

  // ---- keys: ↑/↓ (PageUp/PageDown ×10) nudge, Enter types; Ctrl/Cmd+Z undo, Ctrl+Shift+Z / Ctrl+Y redo

  document.addEventListener(
    "keydown",
    (e) => {
      const el = e.target && e.target.closest ? e.target.closest("[data-p]") : null;
      if (el && editState.enabled && !e.ctrlKey && !e.metaKey) {
        const ref = el.dataset.p;
        let dir = 0;
        let mult = 1;
        // ↑/↓ as a spinbutton's keys; ←/→ keep stepping through time (controller.js)
        if (e.key === "ArrowUp") dir = 1;
        else if (e.key === "ArrowDown") dir = -1;
        else if (e.key === "PageUp") [dir, mult] = [1, 10];
        else if (e.key === "PageDown") [dir, mult] = [-1, 10];
        if (dir) {
          e.preventDefault();
          e.stopPropagation();
          const step = stepFor(e) * mult;
          const v0 = currentValue(ref);
          if (v0 === undefined) return;
          set(ref, roundTo(v0 + dir * step, stepFor(e)));
          if (gesture) {
            clearTimeout(gesture.timer);
            const g = gesture;
            g.timer = setTimeout(() => gesture === g && end(), KEY_IDLE_MS);
          }
          return;
        }
        if (e.key === "Enter" || e.key === "F2") {
          e.preventDefault();
          e.stopPropagation();
          openInput(el);
          return;
        }
      }
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !isTyping(e.target) && editState.enabled) {
        const k = e.key.toLowerCase();
        if (k === "z" && !e.shiftKey) {
          e.preventDefault();
          undo();
        } else if ((k === "z" && e.shiftKey) || k === "y") {
          e.preventDefault();
          redo();
        }
      }
    },
    true,
  );
  document.addEventListener("dblclick", (e) => {
    const el = e.target.closest && e.target.closest("[data-p]");
    if (el && editState.enabled) {
      e.preventDefault();
      openInput(el);
    }
  });

  // ---- typing a value: a small input over the number

  let typing = null;
  function openInput(el) {
    closeInput(false);
    const ref = el.dataset.p;
    const v0 = currentValue(ref);
    const r = el.getBoundingClientRect();
    const input = h("input", {
      type: "text",
      inputmode: "decimal",
      class: "n-input",
      id: "edit-input",
      "aria-label": tr("edit.type", { what: refLabel(ref, model() ? model().cell : "rnn") }),
      value: String(v0),
    });
    input.style.left = `${r.left + window.scrollX}px`;
    input.style.top = `${r.top + window.scrollY}px`;
    input.style.minWidth = `${Math.max(r.width + 24, 90)}px`;
    document.body.append(input);
    typing = { input, ref };
    input.focus();
    input.select();
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") {
        e.preventDefault();
        closeInput(true);
      } else if (e.key === "Escape") {
        e.preventDefault();
        closeInput(false);
      }
    });
    input.addEventListener("blur", () => closeInput(true));
  }

  async function closeInput(commit) {
    const t = typing;
    if (!t) return;
    const text = t.input.value.trim().replace(/^−/, "-").replace(",", ".");
    const v = Number(text);
    if (commit && (text === "" || !Number.isFinite(v))) {
      t.input.setAttribute("aria-invalid", "true");
      say(tr("edit.not-a-number", { text: t.input.value }));
      if (document.activeElement !== t.input) {
        typing = null;
        t.input.remove();
      }
      return;
    }
    typing = null;
    t.input.remove();
    const back = document.querySelector(`[data-p="${CSS.escape(t.ref)}"]`);
    if (back) back.focus({ preventScroll: true });
    if (commit && v !== currentValue(t.ref)) {
      await set(t.ref, v);
      await end();
    }
  }

  // another preset starts a new history
  const picker = $("#preset-select");
  if (picker)
    picker.addEventListener("change", () => {
      history.length = 0;
      future.length = 0;
      origin = null;
      editState.active = null;
      say("");
      updateBar();
    });

  return {
    set,
    end,
    undo,
    redo,
    reset,
    settle,
    get history() {
      return history.map((e) => ({ ref: e.ref, converted: e.converted }));
    },
    get shown() {
      return shown;
    },
    isLive: () => isLive(app.run),
    /** The browser's forward pass of a run's network (null where it is the server's alone): for the tests. */
    browserForward: (run) => (browserForwardOk(run) ? browserForward(run) : null),
  };
}
