// The application: actions that change the state (load, run, step, select, export) and the
// drawing they cause. The controller (controller.js) binds DOM events to these actions;
// renderers (render/*) draw what they are given; api.js is the only thing that fetches.

import { pageSearch } from "./address.js";
import * as api from "./bootdata.js"; // api.js, first answered from the page itself (issue 11)
import { $, $$, h, replaceChildren, visibleToken } from "./dom.js";
import { EV, emit } from "./events.js";
import { download, traceCsv, traceJson } from "./exporter.js";
import { createForm, FieldErrors } from "./form.js";
import { bytes } from "./format.js";
import { prepareTargets } from "./gradform.js";
import { gradientsToggle } from "./gradients.js";
import { localizePreset, tr } from "./i18n.js";
import { createLazyDraw } from "./lazydraw.js";
import { createPlayer } from "./player.js";
import { afterPaint, downloadPng, loadPlotly, preloadPlotly } from "./plots.js";
import { extraGroups, listQuantities, parseQuantityId, quantityId, quantityLabel } from "./quantities.js";
import { createDiagram } from "./render/diagram.js";
import { createGradients } from "./render/gradients.js";
import { createHeatmaps } from "./render/heatmaps.js";
import { createLines, parseUnits } from "./render/lines.js";
import { createOutputs } from "./render/outputs.js";
import { createTable } from "./render/table.js";
import { createTokenStrip } from "./render/tokens.js";
import { createTrajectory } from "./render/trajectory.js";
import { createWorked } from "./render/worked.js";
import { setText } from "./morph.js"; // issue 11: a step changes text nodes, not nodes
import { editState } from "./editable.js";
import { createLivePlots } from "./liveplots.js"; // issue 13: the plots during an edit
import { GATES, Run } from "./run.js";
import { setScaleMode } from "./scales.js";
import { decodeBody, encodeBody, hiddenParts, parse, state, syncUrl, currentUrl, URL_KEYS } from "./state.js";
import { parseCanonical } from "./stepmath.js";

const DEFAULT_PRESET = "book-rnn";
const CANONICAL_MAX_PARAMS = 300_000; // fetch the weights for the worked step up to this size
const groupLabel = (g) => (g === "h" || g === "c" ? g : tr(`group.${g}`));

/** Sizes of a request before it runs: {B, T, H, L, D, G}. */
export function estimate(body, prev) {
  const m = body.model || {};
  const G = (GATES[m.cell] || ["h"]).length;
  const L = m.num_layers || 1;
  const D = m.bidirectional ? 2 : 1;
  const H = m.hidden_size || (prev && prev.H) || 64;
  let B = 1;
  let T = 1;
  const inp = body.inputs;
  if (Array.isArray(inp)) {
    if (Array.isArray(inp[0]) && Array.isArray(inp[0][0])) {
      B = inp.length;
      T = inp[0].length;
    } else T = inp.length;
  } else if (inp && Array.isArray(inp.texts)) {
    B = inp.texts.length;
    T = Math.max(1, ...inp.texts.map((s) => [...s].length));
  } else if (inp && typeof inp.text === "string") T = [...inp.text].length;
  else if (inp && Array.isArray(inp.ids)) {
    const rows = Array.isArray(inp.ids[0]) ? inp.ids : [inp.ids];
    B = rows.length;
    T = Math.max(1, ...rows.map((r) => r.length));
  }
  return { B, T, H, L, D, G, cell: m.cell };
}

/** Values in a run's full trace (4G + 2 per cell and step) above which the auto options thin it:
 *  float32; fewer fields; states only when states and gates would pass withGates values. */
const LIGHT = Object.freeze({ float32: 3_000_000, every: 6_000_000, withGates: 12_000_000 });

/** The options actually sent: binary for big answers, float32 and fewer fields for huge ones
 *  (lightrun.js says in the page what was left out and how to ask for it). Auto choices only:
 *  a dtype or trace the form names is sent as it is. */
export function finalOptions(body, prev) {
  const e = estimate(body, prev);
  const cellsOut = e.B * e.T * e.L * e.D * e.H;
  const full = traceNumbers(e);
  const o = { ...(body.options || {}) };
  o.encoding = full > 20_000 ? "binary" : "json"; // binary: typed arrays straight from the bytes (issue 11)
  if (!o.dtype && full > LIGHT.float32) o.dtype = "float32";
  if (!o.trace && full > LIGHT.every) {
    const states = e.cell === "lstm" ? ["h", "c"] : ["h"];
    const gates = e.cell === "rnn" ? "pre_activation" : "gates";
    o.trace = cellsOut * (e.G + 2) <= LIGHT.withGates ? [...states, gates] : states; // T=10,000, H=512: h, c (issue 11)
    const m = body.model || {};
    if (m.embedding) o.trace.push("embedding"); // x_t = E[id] for the worked step (issue 9)
    if (m.head || m.embedding) o.trace.push("head");
  }
  return o;
}

/** The numbers of every field of a request's trace (estimate()'s sizes). */
function traceNumbers(e) {
  return e.B * e.T * e.L * e.D * e.H * (4 * e.G + 2);
}

/** Whether a request's trace is large enough (over 200,000 numbers: an LSTM with T=1000, H=128 has
 * 2.3 million) that the server computes it for tens of milliseconds or more. */
function heavyTrace(body, prev) {
  return traceNumbers(estimate(body, prev)) > 200_000;
}

export function createApp() {
  const form = createForm();
  const timings = { boot: performance.now(), firstView: null, runs: [], steps: [], draws: {}, stepParts: {} };
  let run = null;
  let runSeq = 0;
  let inflight = null;
  let loaded = { presetId: null, bodyStr: null }; // the preset in the form, as read back
  let presets = [];
  let srTimer = null;
  const notes = []; // messages about the page itself (a broken link), shown with the run's warnings

  const view = () => ({
    layer: state.layer,
    dir: state.dir,
    b: state.b,
    unit: state.unit,
    q: state.q || defaultGroups(run),
    digits: state.digits,
  });

  const ui = {
    heatmaps: createHeatmaps($("#heatmaps"), {
      onPick: (t, k) => {
        setView({ unit: k });
        setStep(t);
      },
    }),
    lines: createLines($("#lines-plot")),
    traj: createTrajectory($("#traj-plot"), $("#traj-note"), { onPick: (t) => setStep(t) }),
    outputs: createOutputs($("#outputs-plot"), $("#probs"), $("#outputs-note")),
    table: createTable($("#values-table-wrap"), $("#table-pager"), { onPage: (p) => setView({ page: p }) }),
    diagram: createDiagram($("#diagram"), $("#diagram-legend")),
    worked: createWorked($("#worked")),
    tokens: createTokenStrip($("#token-strip"), { onPick: (t) => setStep(t) }),
    gradients: createGradients($("#panel-gradients"), {
      onPick: (t, k) => {
        if (k !== null) setView({ unit: k });
        setStep(t);
      },
    }),
  };

  const livePlots = createLivePlots({ onDone: (r) => (document.documentElement.dataset.editPlotted = String(r.meta.id)), trajectory: ui.traj });

  const player = createPlayer({
    getT: () => state.t,
    setT: (t) => setStep(t),
    getLast: () => (run ? run.T - 1 : 0),
    getSpeed: () => state.speed,
    onState: (playing) => {
      state.playing = playing;
      document.documentElement.dataset.playing = playing ? "1" : "0";
      const btn = $("#p-play");
      btn.setAttribute("aria-label", tr(playing ? "player.pause" : "player.play"));
      btn.setAttribute("aria-pressed", playing ? "true" : "false");
      emit(EV.PLAY_STATE, { playing });
      if (!playing) {
        announce();
        // what playback left behind off screen catches up now, not at the next step
        if (run) catchUpLater([...Object.values(panelKey).filter((k) => !visible.has(k)), "worked-away", "badges"]);
      }
    },
  });

  // Panels off screen skip their per-step update and catch up when they scroll into view.
  const visible = new Set();
  const panelKey = { "panel-worked": "worked", "panel-table": "table", "panel-diagram": "diagram", "panel-outputs": "outputs", "panel-gradients": "gradients" };
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const key = panelKey[e.target.id];
      if (e.isIntersecting) {
        if (!visible.has(key)) {
          visible.add(key);
          if (run) stepPanel(key, state.t);
        }
      } else visible.delete(key);
    }
  });
  for (const id of Object.keys(panelKey)) io.observe(document.getElementById(id));

  // Each panel's step badge ("t = 5 · ‘Z’") is written while it is on screen, and when it comes
  // into view or the steps pause: a header whose text changed repainted its whole panel, a
  // heatmap's figure or the values table below the fold included (4 ms of a step's frame with
  // every panel off screen).
  const badges = $$("[data-now]");
  const badgesOnScreen = new Set();
  /** The input at step t as the player shows it ("‘Z’", "x = 0.5", or ""). */
  const stepInput = (t) => {
    const tok = run.tokenAt(state.b, t);
    return tok !== null && tok !== "" ? (run.tokens ? `‘${visibleToken(tok)}’` : `x = ${tok}`) : "";
  };
  const stepBadge = (t) => {
    const x = stepInput(t);
    return x ? `t = ${t} · ${x}` : `t = ${t}`;
  };
  const badgeIo = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) {
        badgesOnScreen.delete(e.target);
        continue;
      }
      badgesOnScreen.add(e.target);
      if (run) setText(e.target, stepBadge(state.t));
    }
  });
  for (const el of badges) badgeIo.observe(el);

  const lazy = createLazyDraw(); // plots below the fold wait until they come near (lazydraw.js)

  let idleJob = null;
  let idleWait = null;
  function catchUpLater(keys) {
    if (idleJob !== null) cancelIdle(idleJob);
    clearTimeout(idleWait);
    idleJob = null;
    // once the steps pause (issue 11): while → is held, a catch-up after each step (the table
    // alone is ~2 ms) would run when the next key comes and delay its frame
    if (keys.length)
      idleWait = setTimeout(() => {
        idleJob = requestIdle(() => {
          idleJob = null;
          for (const k of keys) stepPanel(k, state.t);
        });
      }, 200);
  }
  const requestIdle = window.requestIdleCallback ? (fn) => window.requestIdleCallback(fn, { timeout: 500 }) : (fn) => setTimeout(fn, 50);
  const cancelIdle = window.cancelIdleCallback ? (id) => window.cancelIdleCallback(id) : (id) => clearTimeout(id);

  function stepPanel(key, t) {
    if (!run) return;
    if (key === "worked") renderWorked();
    else if (key === "worked-away") ui.worked.flush();
    else if (key === "table") ui.table.step(t);
    else if (key === "diagram") ui.diagram.step(t);
    else if (key === "outputs") ui.outputs.step(t);
    else if (key === "gradients") ui.gradients.step(t);
    else if (key === "badges") for (const el of badges) setText(el, stepBadge(t)); // off screen too, for a screen reader
  }

  let hidden = new Set(); // hide= and the views views= leaves out
  function shown(key) {
    return !hidden.has(key);
  }

  function defaultGroups(r) {
    if (!r) return ["h"];
    const extra = extraGroups(r); // an opened model's embedding and head
    if (r.cell === "lstm") return ["h", "c", "gates", ...extra];
    if (r.cell === "gru") return ["h", "gates", ...extra];
    return ["h", "pre_activation", ...extra];
  }

  function setStatus(text) {
    $("#run-status").textContent = text;
  }

  function toast(text) {
    const el = $("#toast");
    el.textContent = text;
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (el.hidden = true), 2600);
  }

  // ---- hide=, presets

  function applyHide() {
    hidden = hiddenParts(state, !!document.documentElement.dataset.embed);
    for (const key of hidden) for (const el of $$(`[data-hide="${key}"]`)) el.hidden = true;
    document.documentElement.classList.toggle("no-editor", hidden.has("editor"));
  }

  async function loadPresetList() {
    try {
      presets = (await api.listPresets()).map(localizePreset);
    } catch {
      presets = [];
    }
    const sel = $("#preset-select");
    replaceChildren(sel, h("option", { value: "" }, tr("preset.custom")), presets.map((p) => h("option", { value: p.id }, `${p.title}`)));
  }

  function showPresetInfo(id) {
    const p = presets.find((x) => x.id === id);
    $("#preset-select").value = p ? p.id : "";
    $("#preset-description").textContent = p ? p.description : "";
    document.title = `${p ? p.title : tr("title.custom")} · rnnscope`;
  }

  let early = null; // {id, body: Promise}: the URL's preset, asked for beside the preset list
  async function loadPreset(id) {
    let body;
    const asked = early && early.id === id ? early.body : null;
    early = null;
    try {
      body = await (asked || api.getPreset(id));
    } catch (e) {
      form.showErrors(e.detail || [{ loc: ["body"], msg: tr("error.preset", { id, msg: e.message }) }]);
      return false;
    }
    form.fill(body);
    loaded = { presetId: id, bodyStr: JSON.stringify(form.read()) };
    showPresetInfo(id);
    return true;
  }

  // ---- running

  async function runNow({ fromUser = false, keepCanon = false } = {}) {
    let body;
    try {
      body = form.read();
    } catch (e) {
      if (e instanceof FieldErrors) {
        const first = form.showErrors(e.detail);
        if (fromUser && first) first.focus();
        setStatus(tr("status.fix-field"));
        return false;
      }
      throw e;
    }
    form.clearErrors();
    if (inflight) inflight.abort();
    const ctrl = new AbortController();
    inflight = ctrl;
    const seq = ++runSeq;
    player.pause();
    const sent = { ...body, options: finalOptions(body, run) };
    document.documentElement.dataset.state = "loading";
    delete document.documentElement.dataset.drawn;
    lazy.cancel();
    setStatus(tr("status.running"));
    emit(EV.RUN_STARTED, { body: sent });
    if (timings.firstView === null && heavyTrace(sent, run)) {
      // A long computation is sent once the page's first frame is painted: where the server runs
      // on the reader's machine (rnnscope serve on a laptop), that first style, layout and paint
      // took a core from it (issue 11: 65 ms alone, 120-290 ms beside the page's first paint).
      await afterPaint();
      if (seq !== runSeq) return false;
    }
    const t0 = performance.now();
    let res;
    try {
      res = await api.forward(sent, { signal: ctrl.signal });
    } catch (e) {
      if (e.name === "AbortError") return false;
      inflight = null;
      document.documentElement.dataset.state = "error";
      const first = form.showErrors(e.detail || [{ loc: ["body"], msg: e.message }]);
      if (fromUser && first) first.focus();
      setStatus(tr(e.status === 413 ? "status.too-large" : e.status === 422 ? "status.refused" : "status.failed"));
      emit(EV.RUN_FAILED, { error: e });
      return false;
    }
    if (seq !== runSeq) return false;
    inflight = null;
    // plotly.js's cartesian bundle downloads from here, for the views below the fold: the first
    // view needs no plot library, and its background parse took a core from the server's
    // computation while the request ran (2 cores: server compute 330 ms against 184 ms without)
    preloadPlotly();
    const t1 = performance.now();
    const r = new Run(body, res.payload, { id: seq, bytes: res.bytes, sent });
    const t2 = performance.now();
    const kept = keepCanon && run ? run.canon : undefined; // issue 13: an edit's weights, patched in place, until the server's arrive
    run = r;
    editState.cell = r.cell; // the editable numbers' names (W_hi, W_hh…) are this run's from its first drawing
    run.canon = kept;
    clampView();
    updateSelectors();
    $("#empty").hidden = true;
    $("#panels").hidden = false;
    showWarnings(run.warnings);
    livePlots.cancel(); // issue 13: every figure is drawn anew
    const weightsReady = fetchCanonical(run, body); // for the worked step's products, meanwhile
    drawPanels();
    renderStep(); // the worked step, diagram and table show now; the plots follow
    if (!window.Plotly) {
      renderWorked(); // on screen before the panels' visibility is first known
      await afterPaint(); // painted before plotly.js takes the main thread (issue 11)
    }
    if (seq !== runSeq) return false;
    const drawn = drawPlots({ lazy: true, settle: weightsReady }); // the views in the viewport now, the others as they come near
    await drawn.near;
    await weightsReady;
    if (seq !== runSeq) return false;
    renderStep();
    const t3 = performance.now();
    timings.runs.push({ request: t1 - t0, decode: t2 - t1, draw: t3 - t2, total: t3 - t0, bytes: res.bytes, values: run.values });
    if (timings.firstView === null) timings.firstView = t3;
    setStatus(`${tr("count.steps", { n: run.T })} · ${run.cell.toUpperCase()} ${run.L > 1 ? run.L + "×" : ""}${run.H}${run.D === 2 ? tr("status.bidirectional") : ""} · ${Math.round(t1 - t0)} ms · ${bytes(res.bytes)}${run.float32 ? " · float32" : ""}`);
    document.documentElement.dataset.state = "ready"; // the views in the viewport are drawn
    lazy.release(); // now the views below the fold (issue 11: not while the first view waits for its weights)
    document.documentElement.dataset.run = String(seq);
    drawn.all.then(() => {
      if (seq !== runSeq) return;
      timings.allDrawn ??= performance.now();
      document.documentElement.dataset.drawn = "all"; // every view is drawn
    });
    emit(EV.RUN_LOADED, { run });
    await rememberInUrl(body);
    return true;
  }

  async function rememberInUrl(body) {
    // a preset, as loaded or with only its gradients switched on or off, stays a short link
    const toggle = loaded.presetId ? gradientsToggle(body, loaded.bodyStr) : null;
    if (toggle !== null) {
      state.preset = loaded.presetId;
      state.grad = toggle || null;
      state.cfg = null;
      showPresetInfo(loaded.presetId);
    } else {
      state.preset = null;
      state.grad = null;
      showPresetInfo(null);
      const enc = await encodeBody(body);
      state.cfg = enc.length <= URL_KEYS.cfg.max ? enc : null;
      if (!state.cfg) toast(tr("toast.link-too-large"));
    }
    syncUrl();
  }

  /** The weights in the canonical layout (per gate), for the worked step; null when too large. */
  function fetchCanonical(r, body) {
    if (body.weights && body.weights.format === "canonical" && (r.model.embedding || r.model.head)) {
      // an opened model's weights are canonical already (with its embedding and head): no round trip
      try {
        r.canon = parseCanonical(body.weights, r.model);
      } catch {
        r.canon = null;
      }
      return Promise.resolve();
    }
    const G = r.gates.length;
    const count = r.L * r.D * G * r.H * (Math.max(r.I, r.D * r.P) + r.P + 2) + r.O * (r.D * r.P + 1);
    if (count > CANONICAL_MAX_PARAMS) {
      r.canon = null;
      return Promise.resolve();
    }
    return api
      .convert(r.model, body.weights, "canonical")
      .then((res) => {
        r.canon = parseCanonical(res.weights, r.model);
      })
      .catch(() => {
        r.canon = null;
      })
      .finally(() => {
        if (r === run) {
          renderWorked();
          emit(EV.WEIGHTS_READY, {});
        }
      });
  }

  /**
   * Issue 13 (edit.js): run the form's body while a number is dragged and bring every view up to
   * date cheaply: the DOM panels redrawn, the plots restyled in place (liveplots.js), the canonical
   * weights kept (edit.js patched them). The full run (runNow) follows when the gesture ends.
   * Resolves true when this run was drawn (a newer one may have replaced it).
   */
  async function runLive(body, computed = null) {
    const prev = run;
    const seq = ++runSeq;
    if (inflight) {
      inflight.abort();
      inflight = null;
    }
    const sent = { ...body, options: finalOptions(body, run) };
    const t0 = performance.now();
    // computed: the browser's own float64 forward (forward.js), else the server's
    const res = computed ? { payload: computed, bytes: 0 } : await api.forward(sent);
    if (seq !== runSeq) return false;
    const t1 = performance.now();
    const r = new Run(body, res.payload, { id: seq, bytes: res.bytes, sent, live: computed ? "browser" : "server" });
    r.canon = prev ? prev.canon : null;
    run = r;
    editState.cell = r.cell;
    clampView();
    drawPanels();
    const t2 = performance.now();
    livePlots.update(r, view(), state); // one figure per frame from here
    const t3 = performance.now();
    renderStep();
    showWarnings(run.warnings);
    emit(EV.RUN_LIVE, { run });
    const t4 = performance.now();
    timings.edits = timings.edits || [];
    timings.edits.push({ request: t1 - t0, panels: t2 - t1, plots: t3 - t2, step: t4 - t3 });
    if (timings.edits.length > 1000) timings.edits.splice(0, 500);
    rememberInUrl(body);
    return true;
  }

  function showWarnings(runWarnings) {
    const list = [...notes, ...runWarnings];
    const box = $("#warnings");
    box.hidden = !list.length;
    replaceChildren(box, list.length ? h("ul", {}, list.map((w) => h("li", {}, w))) : null);
  }

  // ---- selection

  function clampView() {
    if (!run) return;
    state.layer = Math.min(state.layer, run.L - 1);
    state.dir = Math.min(state.dir, (run.trace[state.layer] || []).length - 1 || 0); // a layer's own directions
    state.b = Math.min(state.b, run.B - 1);
    state.unit = Math.min(state.unit, run.H - 1);
    state.t = Math.min(state.t, run.T - 1);
    const groups = listGroups(run);
    if (state.q) state.q = state.q.filter((g) => groups.includes(g));
    const ids = listQuantities(run).map((q) => quantityId(q.field, q.g));
    if (!ids.includes(state.lq)) state.lq = ids[0] || "h";
  }

  function listGroups(r) {
    const groups = ["h", "c", "gates", "pre_activation", "input_term", "recurrent_term"].filter((g) => r.has(g) && !(g === "gates" && r.cell === "rnn"));
    return [...groups, ...extraGroups(r)]; // embedding, head (quantities.js)
  }

  function option(value, text, selected) {
    const o = h("option", { value: String(value) }, text);
    if (selected) o.selected = true;
    return o;
  }

  function updateSelectors() {
    if (!run) return;
    replaceChildren($("#s-layer"), Array.from({ length: run.L }, (_, l) => option(l, tr("layer.n", { n: l }) + (run.L > 1 && l === run.L - 1 ? tr("layer.top") : ""), l === state.layer)));
    $("#s-layer").disabled = run.L === 1;
    const dirs = (run.trace[state.layer] || []).length || 1;
    replaceChildren($("#s-dir"), ["forward", "backward"].slice(0, dirs).map((n, d) => option(d, tr(`dir.${n}`), d === state.dir)));
    $("#s-dir-label").hidden = dirs === 1;
    replaceChildren(
      $("#s-batch"),
      Array.from({ length: run.B }, (_, b) => {
        const txt = run.tokens ? ` ‘${run.tokens[b].slice(0, 12).map(visibleToken).join("")}${run.tokens[b].length > 12 ? "…" : ""}’` : "";
        return option(b, `${b}${txt}`, b === state.b);
      }),
    );
    $("#s-batch-label").hidden = run.B === 1;
    const unit = $("#s-unit");
    unit.max = String(run.H - 1);
    unit.value = String(state.unit);
    const slider = $("#p-slider");
    slider.max = String(run.T - 1);
    $("#p-t").max = String(run.T - 1);
    $("#p-of").textContent = `/ ${run.T - 1}`;
    // heatmap groups
    const groups = listGroups(run);
    const active = state.q || defaultGroups(run);
    replaceChildren(
      $("#heatmap-quantities"),
      h("legend", { class: "visually-hidden" }, tr("panel.quantities")),
      groups.map((g) => {
        const id = `hq-${g}`;
        const input = h("input", { type: "checkbox", id, value: g, checked: active.includes(g) });
        return h("span", { class: "chip" }, input, h("label", { for: id }, groupLabel(g)));
      }),
    );
    // line quantity
    replaceChildren(
      $("#lines-quantity"),
      listQuantities(run).map((q) => option(quantityId(q.field, q.g), quantityLabel(run.cell, q.field, q.g), quantityId(q.field, q.g) === state.lq)),
    );
    $("#lines-units").value = state.units;
    $(`#traj-${state.traj}`).checked = true;
    $("#traj-3d").disabled = run.P < 3;
    $("#worked-digits").value = String(state.digits);
    const speed = $("#p-speed");
    const opts = Array.from(speed.options).map((o) => +o.value);
    const near = opts.reduce((a, b) => (Math.abs(b - state.speed) < Math.abs(a - state.speed) ? b : a));
    speed.value = String(near);
  }

  /** The panels that need no Plotly. */
  function drawPanels() {
    const v = view();
    ui.tokens.draw(run, v.b);
    ui.gradients.prepare(run, v, shown("gradients"));
    if (shown("diagram")) ui.diagram.draw(run, v);
    if (shown("table")) ui.table.draw(run, v, state.page);
  }

  /** The plots; lazy: those in the viewport first ({near, all}: promises), else all now. */
  function drawPlots({ lazy: later = false, settle = null } = {}) {
    const timed = (name, fn) => {
      const t0 = performance.now();
      const p = Promise.resolve(fn());
      timings.draws[name] = performance.now() - t0; // synchronous part (figure building, PCA, newPlot's first pass)
      return p;
    };
    const views = [
      ["heatmaps", "#panel-heatmaps", () => ui.heatmaps.draw(run, view())],
      ["gradients", "#panel-gradients", () => ui.gradients.draw(run, view())],
      ["lines", "#panel-lines", () => drawLines()],
      ["trajectory", "#panel-trajectory", () => ui.traj.draw(run, view(), state.traj === "3d")],
      ["outputs", "#panel-outputs", () => ui.outputs.draw(run, view())],
    ].filter(([name]) => shown(name));
    const r = run;
    // the 2-D state space is our own canvas (issue 11) and the 3-D one loads its own bundle: no wait for plotly.js
    const lib = (name) => (name === "trajectory" ? Promise.resolve(true) : plotlyOrSay());
    const jobs = views.map(([name, sel, fn]) => ({ name, el: $(sel), early: name === "trajectory", draw: () => lib(name).then((ok) => ok && r === run && timed(name, fn)) }));
    return later ? lazy.start(jobs, { settle }) : lazy.now(jobs);
  }

  /** plotly.js, or a note that it could not be loaded (false). */
  function plotlyOrSay() {
    return loadPlotly().then(
      () => true,
      (e) => {
        if (!notes.includes(e.message)) notes.push(e.message);
        if (run) showWarnings(run.warnings);
        return false;
      },
    );
  }

  async function drawAll() {
    drawPanels();
    await drawPlots();
  }

  function drawLines() {
    const { field, g } = parseQuantityId(state.lq);
    const tens = run.series(state.layer, state.dir, field, g);
    const K = tens ? tens.shape[2] : 0;
    return ui.lines.draw(run, view(), field, g, parseUnits(state.units, K));
  }

  /** lazy (a step): the worked step's blocks away from the screen wait for the catch-up. */
  function renderWorked(lazy = false) {
    if (run && shown("worked")) ui.worked.render(run, view(), state.t, run.canon, { lazy });
  }

  function renderStep() {
    if (!run) return;
    const t0 = performance.now();
    const t = state.t;
    const parts = timings.stepParts;
    let mark = t0;
    const lap = (name) => {
      const now = performance.now();
      parts[name] = (parts[name] || 0) + (now - mark);
      mark = now;
    };
    ui.heatmaps.step(t);
    lap("heatmaps");
    ui.lines.step(t);
    ui.traj.step(t);
    // Panels off screen are brought up to date when the browser is idle (paused) or when they
    // scroll into view (playing): a step's frame only pays for what can be seen.
    const later = [];
    if (visible.has("gradients")) ui.gradients.step(t);
    else later.push("gradients");
    if (visible.has("outputs")) ui.outputs.step(t);
    else {
      ui.outputs.mark(t);
      later.push("outputs");
    }
    lap("lines, trajectory, outputs");
    if (visible.has("table")) ui.table.step(t);
    else later.push("table");
    lap("table");
    if (visible.has("diagram")) ui.diagram.step(t);
    else later.push("diagram");
    ui.tokens.step(t);
    lap("diagram, tokens");
    if (visible.has("worked")) {
      renderWorked(true);
      later.push("worked-away");
    } else later.push("worked");
    later.push("badges");
    if (!state.playing) catchUpLater(later);
    lap("worked");
    const slider = $("#p-slider");
    if (+slider.value !== t) slider.value = String(t);
    slider.setAttribute("aria-valuetext", stepText(t));
    const ti = $("#p-t");
    if (document.activeElement !== ti) ti.value = String(t);
    setText($("#p-token"), stepInput(t));
    const badge = stepBadge(t);
    for (const el of badgesOnScreen) setText(el, badge);
    timings.steps.push(performance.now() - t0);
    if (timings.steps.length > 5000) timings.steps.splice(0, 1000);
    emit(EV.STEP_CHANGED, { t });
    if (!state.playing) announce();
  }

  function stepText(t) {
    const tok = run.tokenAt(state.b, t);
    return tr("sr.step", { t, last: run.T - 1 }) + (tok !== null && tok !== "" ? tr("sr.input", { x: run.tokens ? visibleToken(tok) : tok }) : "");
  }

  function announce() {
    clearTimeout(srTimer);
    srTimer = setTimeout(() => {
      if (run) $("#sr-step").textContent = stepText(state.t);
    }, 400);
  }

  // ---- actions

  function setStep(t) {
    if (!run) return;
    const nt = Math.max(0, Math.min(run.T - 1, Math.round(t)));
    if (nt === state.t) return;
    state.t = nt;
    renderStep();
    syncUrl();
    if (!state.playing) layOutNow();
  }

  // A step taken by hand (a key, the slider, a token) is laid out at once, in the handler: when
  // frames are already ticking (an animation, a scroll) the next one begins at the next vsync,
  // 8 ms later on average, and the main thread would sit idle until then and only then restyle,
  // lay out and paint. The frame that shows the step then only paints (issue 11: → key to
  // painted frame). On an idle page Chromium begins that frame as soon as the handler returns
  // (a missed BeginFrame, sent at once), so the layout costs the same in either place. Playback
  // steps inside an animation frame, where this would gain nothing; and a second step before the
  // frame (a scrub's next input, a held key) leaves its layout to that frame rather than laying
  // the page out twice.
  let laidOutThisFrame = false;
  function layOutNow() {
    if (laidOutThisFrame) return;
    laidOutThisFrame = true;
    requestAnimationFrame(() => (laidOutThisFrame = false));
    void document.documentElement.offsetHeight;
  }

  async function setView(patch) {
    if (!run) return;
    Object.assign(state, patch);
    clampView();
    const keys = Object.keys(patch);
    const v = view();
    if (keys.includes("scale")) setScaleMode(state.scale);
    if (keys.some((k) => ["layer", "dir", "b", "scale"].includes(k))) {
      updateSelectors();
      await drawAll();
    } else {
      const plots = !!window.Plotly; // else they are drawn when plotly.js arrives
      if (plots && keys.includes("q") && shown("heatmaps")) await ui.heatmaps.draw(run, v);
      if (plots && (keys.includes("lq") || keys.includes("units")) && shown("lines")) await drawLines();
      if (keys.includes("traj") && shown("trajectory")) await ui.traj.draw(run, v, state.traj === "3d");
      if (keys.includes("unit") && shown("diagram")) ui.diagram.draw(run, v);
      if (keys.includes("page") && shown("table")) ui.table.draw(run, v, state.page);
      if (keys.includes("unit")) $("#s-unit").value = String(state.unit);
    }
    renderStep();
    syncUrl();
    emit(EV.VIEW_CHANGED, { keys }); // compare.js redraws run A's views
  }

  async function boot(start = null) {
    const parsed = parse(pageSearch());
    Object.assign(state, parsed);
    setScaleMode(state.scale);
    $("#scale-fixed").checked = state.scale === "fixed";
    applyHide();
    if (state.preset && !state.cfg) early = { id: state.preset, body: api.getPreset(state.preset) };
    if (early) early.body.catch(() => {}); // its error is reported by loadPreset
    // the preset list fills the selector; a link that carries its network (cfg=) does not wait
    // for it: its run is on its way meanwhile (issue 11: the first view of a big network)
    const listed = loadPresetList();
    if (start || !state.cfg) await listed;
    let ok = start ? await start() : false; // a lesson's first network (lesson.js)
    // a cfg= the URL table refused (not a link this page wrote) is said, not silently replaced
    if (!state.cfg && new URLSearchParams(location.search).get("cfg")) notes.push(tr("note.bad-link", { msg: tr("note.cfg-unreadable") }));
    if (!ok && state.cfg) {
      try {
        form.fill(await decodeBody(state.cfg));
        loaded = { presetId: null, bodyStr: null };
        showPresetInfo(null);
        ok = true;
      } catch (e) {
        notes.push(tr("note.bad-link", { msg: e.message }));
        state.cfg = null;
      }
    }
    if (!ok) {
      await listed;
      const id = state.preset || (presets.some((p) => p.id === DEFAULT_PRESET) ? DEFAULT_PRESET : presets[0]?.id);
      if (id) ok = await loadPreset(id);
      if (ok && state.grad) {
        form.fields.grad.on.checked = state.grad === "1"; // "?preset=…&grad=1": that preset, gradients on
        form.updateVisibility();
      }
    }
    if (ok) await runNow();
    else document.documentElement.dataset.state = "error";
  }

  async function changeFormat(to) {
    const f = form.fields;
    const from = f.wFormat.dataset.current;
    const revert = () => (f.wFormat.value = from);
    if (to === from) return;
    if (to === "random") {
      form.setWeights({ format: "random", seed: Number(f.wSeed.value) || 0 });
      if (run) form.setSizes(run.model);
      return;
    }
    if (to === "book") {
      revert();
      form.showErrors([{ loc: ["body", "weights", "format"], msg: tr("error.book-convert") }]);
      return;
    }
    let body;
    try {
      body = form.read();
    } catch (e) {
      revert();
      if (e instanceof FieldErrors) form.showErrors(e.detail);
      return;
    }
    const model = run && run.model.cell === body.model.cell ? { ...run.model, ...body.model } : body.model;
    setStatus(tr("status.converting", { to }));
    try {
      const res = await api.convert(model, body.weights, to);
      form.setWeights(res.weights);
      form.clearErrors();
      setStatus(tr("status.converted", { to }));
    } catch (e) {
      revert();
      form.showErrors(e.detail || [{ loc: ["body", "weights", "format"], msg: e.message }]);
      setStatus(tr("status.convert-failed"));
    }
  }

  function randomWeights() {
    form.fields.wFormat.value = "random";
    form.setWeights({ format: "random", seed: Number(form.fields.wSeed.value) || 0 });
    if (run) form.setSizes(run.model);
  }

  async function copyLink() {
    const url = new URL(currentUrl(), location.href).href;
    try {
      await navigator.clipboard.writeText(url);
      toast(tr("toast.link-copied"));
    } catch {
      toast(tr("toast.copy-from-bar"));
    }
    return url;
  }

  function exportJson() {
    if (run) download(traceJson(run), "rnnscope-trace.json");
  }

  function exportCsv(onlyView) {
    if (!run) return;
    const status = $("#export-status");
    try {
      const { blob, rows } = traceCsv(run, onlyView ? { layer: state.layer, dir: state.dir, b: state.b } : null);
      download(blob, onlyView ? `rnnscope-layer${state.layer}-dir${state.dir}-seq${state.b}.csv` : "rnnscope-trace.csv");
      status.textContent = tr("export.rows", { rows: rows.toLocaleString("en"), size: bytes(blob.size) });
    } catch (e) {
      status.textContent = e.message;
    }
  }

  function exportRequest() {
    let body;
    try {
      body = form.read();
    } catch {
      body = run && run.body;
    }
    if (body) download(new Blob([JSON.stringify(body, null, 2)], { type: "application/json" }), "rnnscope-request.json");
  }

  async function exportPng(which, id) {
    if (which === "diagram" || (which === "trajectory" && !$("#traj-plot").classList.contains("js-plotly-plot"))) {
      const blob = await (which === "diagram" ? ui.diagram.toPng() : ui.traj.toPng());
      if (blob) download(blob, which === "diagram" ? "rnnscope-cell.png" : "rnnscope-trajectory.png");
      return;
    }
    const gd =
      which === "heatmap"
        ? ui.heatmaps.figureFor(id)
        : { lines: $("#lines-plot"), trajectory: $("#traj-plot"), outputs: $("#outputs-plot"), "grad-curve": $("#grad-curve"), "grad-heat": $("#grad-heat") }[which];
    if (gd && gd.classList.contains("js-plotly-plot")) await downloadPng(gd, `rnnscope-${which}${id ? "-" + id : ""}`);
  }

  const app = {
    form,
    player,
    timings,
    ui, // the renderers: compare.js adds run A to the plots they draw (issue 13)
    view,
    get run() {
      return run;
    },
    /** Draw every view again (a run was pinned or unpinned for comparison). */
    async redraw() {
      if (!run) return;
      await drawAll();
      renderStep();
    },
    boot,
    fillPreset: (id) => loadPreset(id), // into the form, without running (lesson.js)
    loadPreset: async (id) => {
      if (await loadPreset(id)) return runNow({ fromUser: true });
      return false;
    },
    runNow,
    runLive, // issue 13
    /** Issue 13: redraw the worked step from the run's (edited) weights, without a run. */
    refreshLocal: () => renderWorked(),
    get loadedPreset() {
      return loaded.presetId;
    },
    setStep,
    stepBy: (n) => setStep(state.t + n),
    first: () => setStep(0),
    last: () => run && setStep(run.T - 1),
    setView,
    changeFormat,
    randomWeights,
    /** The gradient controls changed: run at once (MSE starts from zero targets of the run's shape). */
    gradientsChanged() {
      if (prepareTargets(form.fields.grad, run)) return runNow({ fromUser: true });
      form.fields.grad.targets.focus();
      return Promise.resolve(false);
    },
    copyLink,
    toast,
    exportJson,
    exportCsv,
    exportRequest,
    exportPng,
    setSpeed: (v) => {
      state.speed = v;
      syncUrl();
    },
    toggleEditor() {
      const on = !document.documentElement.classList.toggle("editor-collapsed");
      const btn = $("#toggle-editor");
      btn.setAttribute("aria-expanded", on ? "true" : "false");
      btn.textContent = tr(on ? "editor.hide" : "editor.show");
      window.dispatchEvent(new Event("resize"));
    },
  };
  return app;
}
