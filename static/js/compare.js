// Compare two runs (issue 13): pin the run on screen as A, change or load B (the network in the
// editor), and every view shows both, with one shared step. The URL key `compare=` holds A (a
// preset id, or the whole request as `cfg=` holds B), so a link opens a comparison:
// /?preset=vanishing-tanh&compare=lstm-memory (B: vanishing-tanh in the editor, A: lstm-memory).
//
// The app's renderers draw B as always; this module hands them A as an optional second run to
// overlay (lines, state space, outputs, gradient curves), and adds its own panels: the bar that
// says what is compared and what cannot be, A's worked step (a second createWorked), and the
// heatmaps of A and of B − A (two more createHeatmaps, the second on a DiffRun).

import * as api from "./api.js";
import { finalOptions } from "./app.js";
import { compareInfo, describeRun, DiffRun, viewFor } from "./compare-run.js";
import { $, h, replaceChildren } from "./dom.js";
import { EV, on } from "./events.js";
import { localizePreset, tr } from "./i18n.js";
import { createHeatmaps } from "./render/heatmaps.js";
import { createWorked } from "./render/worked.js";
import { Run } from "./run.js";
import { decodeBody, encodeBody, hiddenParts, state, syncUrl, URL_KEYS } from "./state.js";
import { parseCanonical } from "./stepmath.js";

const CANONICAL_MAX_PARAMS = 300_000; // as app.js: the worked step's weights up to this size
let seq = 0;

/** The canonical weights of run r (for its worked step), or null when too large or refused. */
async function canonicalOf(r, body) {
  try {
    if (body.weights && body.weights.format === "canonical" && (r.model.embedding || r.model.head)) return parseCanonical(body.weights, r.model);
    const count = r.L * r.D * r.gates.length * r.H * (Math.max(r.I, r.D * r.P) + r.P + 2) + r.O * (r.D * r.P + 1);
    if (count > CANONICAL_MAX_PARAMS) return null;
    const res = await api.convert(r.model, body.weights, "canonical");
    return parseCanonical(res.weights, r.model);
  } catch {
    return null;
  }
}

/** Run a request body as the page does; the Run with its canonical weights. */
async function runBody(body) {
  const sent = { ...body, options: finalOptions(body, null) };
  const res = await api.forward(sent);
  const r = new Run(body, res.payload, { id: `A${++seq}`, bytes: res.bytes, sent });
  r.canon = await canonicalOf(r, body);
  return r;
}

/** A preset's title as the page lists it (translated), else its id. */
function presetTitle(id) {
  const opt = Array.from(($("#preset-select") || { options: [] }).options).find((o) => o.value === id);
  return opt ? opt.textContent : id;
}

export function setupCompare(app) {
  const html = document.documentElement;
  const standalone = !!html.dataset.standalone;
  let A = null; // {run, ref: preset id | cfg blob | null, title}
  let diff = null;
  let info = null;
  let bootTried = false;
  let draws = 0; // html.dataset.compareDrawn: how many times the comparison was drawn (tests wait on it)

  // ---- the page's new parts: the pin button, the bar, A's worked step, A's and B − A's heatmaps
  const pinBtn = h("button", { type: "button", id: "compare-pin", class: "btn", title: tr("compare.pin-title") }, tr("compare.pin"));
  const actions = $(".topbar-actions");
  if (actions && !standalone) actions.insertBefore(pinBtn, $("#copy-link"));

  const barText = h("div", { class: "compare-runs" });
  const barNotes = h("ul", { class: "compare-notes" });
  const swapBtn = h("button", { type: "button", id: "compare-swap", class: "btn btn-small" }, tr("compare.swap"));
  const unpinBtn = h("button", { type: "button", id: "compare-unpin", class: "btn btn-small" }, tr("compare.unpin"));
  const bar = h(
    "section",
    { class: "panel compare-bar", id: "compare-bar", "aria-labelledby": "h-compare", hidden: true },
    h("header", { class: "panel-head" }, h("h2", { id: "h-compare" }, tr("compare.heading")), h("span", { class: "compare-actions" }, standalone ? null : swapBtn, unpinBtn)),
    barText,
    barNotes,
  );
  const warnings = $("#warnings");
  if (warnings) warnings.before(bar);

  const workedA = h("div", { class: "worked", id: "worked-a" });
  const workedANote = h("p", { class: "panel-note", id: "worked-a-note", hidden: true });
  const panelWorkedA = h(
    "section",
    { class: "panel panel-worked panel-compare", id: "panel-worked-a", "aria-labelledby": "h-worked-a", dataset: { hide: "worked" }, hidden: true },
    h("header", { class: "panel-head" }, h("h2", { id: "h-worked-a" }, tr("compare.worked-a")), h("span", { class: "now", dataset: { nowA: "" } })),
    workedANote,
    workedA,
  );
  const hmA = h("div", { class: "heatmaps", id: "heatmaps-a" });
  const hmDiff = h("div", { class: "heatmaps", id: "heatmaps-diff" });
  const diffNote = h("p", { class: "panel-note compare-cannot", id: "diff-note", hidden: true });
  const titleA = h("h3", { class: "compare-sub", id: "h-heatmaps-a" });
  const panelHeat = h(
    "section",
    { class: "panel panel-wide panel-compare", id: "panel-compare-heatmaps", "aria-labelledby": "h-compare-heatmaps", dataset: { hide: "heatmaps" }, hidden: true },
    h("header", { class: "panel-head" }, h("h2", { id: "h-compare-heatmaps" }, tr("compare.heatmaps")), h("span", { class: "now", dataset: { nowA: "" } })),
    h("p", { class: "panel-note" }, tr("compare.heatmaps-note")),
    h("h3", { class: "compare-sub", id: "h-heatmaps-diff" }, tr("compare.diff-title")),
    diffNote,
    hmDiff,
    titleA,
    hmA,
  );
  const worked = $("#panel-worked");
  if (worked) worked.after(panelWorkedA);
  const heat = $("#panel-heatmaps");
  if (heat) heat.after(panelHeat);
  // "B" beside the headings of the panels that show B alone
  const badges = ["#panel-worked", "#panel-heatmaps", "#panel-diagram", "#panel-table"].map((sel) => {
    const b = h("span", { class: "compare-badge compare-badge-b", hidden: true, title: tr("compare.b-title") }, "B");
    const h2 = $(`${sel} .panel-head h2`);
    if (h2) h2.after(b);
    return b;
  });

  const workedRenderer = createWorked(workedA);
  // A's worked step is written only while on screen (as the app does for B's); else when it scrolls in
  let workedSeen = false;
  let workedDue = null; // the step it still has to show
  new IntersectionObserver((entries) => {
    workedSeen = entries.some((e) => e.isIntersecting);
    if (workedSeen && workedDue !== null) stepA(workedDue);
  }).observe(panelWorkedA);
  const heatA = createHeatmaps(hmA, { onPick: (t) => app.setStep(t) });
  const heatDiff = createHeatmaps(hmDiff, { onPick: (t) => app.setStep(t) });

  // ---- the renderers of the app get A as a second run to overlay
  const other = (v) => (A && app.run ? { run: A.run, view: viewFor(A.run, v), label: "A", sameSize: !!(info && info.diff) } : null);
  const ui = app.ui;
  const base = { lines: ui.lines.draw, traj: ui.traj.draw, outputs: ui.outputs.draw, gradients: ui.gradients.draw };
  ui.lines.draw = (run, v, field, g, units) => base.lines(run, v, field, g, units, other(v));
  ui.traj.draw = (run, v, want3d) => base.traj(run, v, want3d, other(v));
  ui.outputs.draw = (run, v) => base.outputs(run, v, other(v));
  ui.gradients.draw = (run, v) => base.gradients(run, v, other(v));

  // ---- drawing

  function describe(r, title, which) {
    const label = h("span", { class: `compare-badge compare-badge-${which.toLowerCase()}` }, which);
    return h("p", { class: "compare-run" }, label, " ", h("strong", {}, title), ` · ${describeRun(r)} · ${tr("count.steps", { n: r.T })}`, which === "B" ? ` · ${tr("compare.in-editor")}` : ` · ${tr("compare.pinned")}`);
  }

  function currentTitle() {
    const sel = $("#preset-select");
    return state.preset && sel && sel.value ? sel.selectedOptions[0].textContent : standalone ? (html.dataset.title || document.title.replace(/ · rnnscope$/, "")) : tr("compare.edited");
  }

  function drawBar() {
    const B = app.run;
    replaceChildren(barText, describe(B, currentTitle(), "B"), describe(A.run, A.title, "A"));
    const notes = [];
    if (info.why) notes.push(h("li", { class: "compare-cannot", id: "compare-cannot" }, info.why));
    notes.push(h("li", {}, tr(info.diff ? "compare.can-all" : "compare.can-some")));
    if (info.shorter) notes.push(h("li", { id: "compare-common" }, info.shorter));
    if (info.fewer) notes.push(h("li", {}, info.fewer));
    const ga = !!A.run.gradients;
    const gb = !!B.gradients;
    if (ga !== gb) notes.push(h("li", {}, tr(ga ? "compare.grad-only-a" : "compare.grad-only-b")));
    if (!!A.run.y !== !!B.y) notes.push(h("li", {}, tr("compare.readout-one")));
    replaceChildren(barNotes, notes);
  }

  // one drawing at a time (a figure purged while Plotly still draws it breaks); a request that
  // comes meanwhile draws once more when the current one ends
  let drawing = null;
  let again = false;
  function drawPanels() {
    if (drawing) {
      again = true;
      return drawing;
    }
    drawing = (async () => {
      do {
        again = false;
        await drawOnce();
      } while (again);
    })().finally(() => {
      drawing = null;
    });
    return drawing;
  }

  async function drawOnce() {
    const B = app.run;
    if (!A || !B) return;
    info = compareInfo(A.run, B);
    diff = info.diff ? new DiffRun(A.run, B) : null;
    html.dataset.comparing = "1";
    document.querySelector(".panels")?.classList.add("comparing");
    bar.hidden = false;
    for (const b of badges) b.hidden = false;
    const hidden = hiddenParts(state, !!html.dataset.embed); // views= and hide= hold for A's panels too
    panelWorkedA.hidden = hidden.has("worked");
    panelHeat.hidden = hidden.has("heatmaps");
    drawBar();
    titleA.textContent = tr("compare.a-title", { title: A.title });
    diffNote.hidden = !!diff;
    diffNote.textContent = diff ? "" : info.why;
    stepA(state.t);
    if (!window.Plotly || panelHeat.hidden) {
      html.dataset.compareDrawn = String(++draws);
      return;
    }
    const v = app.view();
    const vA = viewFor(A.run, v);
    const jobs = [heatA.draw(A.run, vA)]; // the quantities A has of those chosen for B
    if (diff) jobs.push(heatDiff.draw(diff, { ...v, b: Math.min(v.b, diff.B - 1) }));
    else heatDiff.draw(null, v);
    await Promise.all(jobs);
    heatA.step(state.t);
    heatDiff.step(state.t);
    html.dataset.compareDrawn = String(++draws);
  }

  function stepA(t) {
    if (!A) return;
    const r = A.run;
    const inside = t < r.T;
    for (const el of document.querySelectorAll("[data-now-a]")) el.textContent = inside ? `t = ${t}` : tr("compare.no-step", { t, last: r.T - 1 });
    workedANote.hidden = inside;
    workedANote.textContent = inside ? "" : tr("compare.no-step-long", { t, last: r.T - 1 });
    workedA.hidden = !inside;
    workedDue = null;
    if (inside && workedSeen) workedRenderer.render(r, viewFor(r, app.view()), t, r.canon);
    else if (inside) workedDue = t;
    heatA.step(t);
    heatDiff.step(t);
  }

  function clearPanels() {
    delete html.dataset.comparing;
    delete html.dataset.compareDrawn;
    document.querySelector(".panels")?.classList.remove("comparing");
    bar.hidden = true;
    for (const b of badges) b.hidden = true;
    panelWorkedA.hidden = true;
    panelHeat.hidden = true;
    heatA.draw(null, null);
    heatDiff.draw(null, null);
    replaceChildren(workedA);
  }

  // ---- actions

  async function pin(a, { redraw = true } = {}) {
    A = a;
    state.compare = a.ref;
    syncUrl();
    if (redraw) {
      await app.redraw();
      await drawPanels();
    }
  }

  /** Pin the run on screen as A (B is then whatever the editor runs next). */
  async function pinCurrent() {
    const r = app.run;
    if (!r) return;
    let ref = state.preset && !state.grad ? state.preset : state.cfg;
    if (!ref) {
      const enc = await encodeBody(r.body);
      ref = enc.length <= URL_KEYS.compare.max ? enc : null;
      if (!ref) app.toast(tr("toast.link-too-large"));
    }
    await pin({ run: r, ref, title: currentTitle() });
    app.toast(tr("compare.pinned-toast"));
  }

  async function unpin() {
    A = null;
    info = diff = null;
    state.compare = null;
    syncUrl();
    if (drawing) await drawing;
    clearPanels();
    await app.redraw();
  }

  /** B becomes A and A becomes B (the editor gets A's network and runs it). */
  async function swap() {
    if (!A || !app.run) return;
    const oldA = A;
    let refB = state.preset && !state.grad ? state.preset : state.cfg;
    if (!refB) refB = await encodeBody(app.run.body);
    A = { run: app.run, ref: refB, title: currentTitle() };
    state.compare = refB;
    const isPreset = oldA.ref && !/^[jz]\./.test(oldA.ref);
    const ok = isPreset ? await app.loadPreset(oldA.ref) : (app.form.fill(oldA.run.body), await app.runNow({ fromUser: true }));
    if (!ok) {
      A = oldA;
      state.compare = oldA.ref;
    }
    syncUrl();
    await drawPanels();
  }

  /** A from the URL's compare= (or, in the standalone page, from the data it carries). */
  async function loadFromUrl() {
    const ref = state.compare;
    const saved = standalone && typeof api.savedData === "function" ? api.savedData() : null;
    try {
      let a;
      if (saved && saved.compare) {
        const c = saved.compare;
        const r = new Run(c.request, c.response, { id: `A${++seq}`, bytes: c.response_bytes });
        r.canon = c.canonical ? parseCanonical(c.canonical, r.model) : null;
        a = { run: r, ref: c.ref || null, title: c.ref && c.preset ? localizePreset({ description: "", ...c.preset }).title : tr("compare.saved") };
      } else if (ref && !standalone) {
        const body = /^[jz]\./.test(ref) ? await decodeBody(ref) : await api.getPreset(ref);
        a = { run: await runBody(body), ref, title: /^[jz]\./.test(ref) ? tr("compare.linked") : presetTitle(ref) };
      } else return;
      await pin(a);
    } catch (e) {
      state.compare = null;
      syncUrl();
      const box = $("#warnings");
      if (box) {
        box.hidden = false;
        box.append(h("p", { class: "compare-cannot", id: "compare-error" }, tr("compare.load-failed", { msg: e.message })));
      }
    }
  }

  pinBtn.addEventListener("click", () => pinCurrent());
  unpinBtn.addEventListener("click", () => unpin());
  swapBtn.addEventListener("click", () => swap());

  on(EV.RUN_LOADED, () => {
    if (!bootTried) {
      bootTried = true;
      if (state.compare || standalone) return loadFromUrl();
    }
    if (A) return drawPanels(); // B changed: the overlays were drawn with A; the bar and panels follow
  });
  on(EV.STEP_CHANGED, ({ t }) => stepA(t));
  on(EV.VIEW_CHANGED, () => {
    if (A) drawPanels();
  });
  on(EV.WEIGHTS_READY, () => {
    if (A) stepA(state.t);
  });

  return {
    get pinned() {
      return A;
    },
    pinCurrent,
    unpin,
    swap,
    get diff() {
      return diff;
    },
  };
}
