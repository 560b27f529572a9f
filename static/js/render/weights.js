// The weight matrix view (issue 13): one matrix of the current layer and direction (W_x, W_h,
// the two biases, or the readout) for one gate, as a grid of coloured cells centred on 0. Small
// matrices are a grid of numbers, each an editable spinbutton (editable.js: drag, arrows, type);
// large ones a canvas: hover or focus shows the value, click or drag a cell edits it through
// the one spinbutton under the canvas. Draws what it is given; edit.js binds the editing.

import { $, h, replaceChildren } from "../dom.js";
import { editableNum, editState, keepFocus } from "../editable.js";
import { fmt, fmtExact } from "../format.js";
import { tr } from "../i18n.js";
import { colorAt, DIVERGING, inkOn } from "../scales.js";

const GRID_MAX = 1024; // cells drawn as elements; beyond, a canvas
const TEXT_MAX_COLS = 16; // numbers written in the cells up to this many columns

export function createWeights(el) {
  let run = null;
  let v = null;
  let pick = { kind: "W_h", g: null, r: 0, c: 0 }; // the matrix shown, and the selected cell (canvas)
  let drawnKey = null;

  const controls = h("div", { class: "panel-controls weights-controls" });
  const body = h("div", { class: "weights-body", id: "weights-view" });
  const note = h("p", { class: "panel-note", id: "weights-note" });
  el.append(controls, body, note);

  controls.addEventListener("change", (e) => {
    if (e.target.name === "weights-kind") pick.kind = e.target.value;
    if (e.target.name === "weights-gate") pick.g = e.target.value;
    draw(run, v, true);
  });

  function matrixOf(p, canon) {
    if (pick.kind === "readout") return canon.readout ? { W: canon.readout.W, b: canon.readout.b } : null;
    if (!p) return null;
    if (pick.kind === "b") return { b2: [p.b_x[pick.g], p.b_h[pick.g]] };
    return { W: p[pick.kind][pick.g] };
  }

  function refOf(r, c) {
    const { layer: l, dir: d } = v;
    if (pick.kind === "readout") return c === -1 ? `ro:b:${r}:0` : `ro:W:${r}:${c}`;
    if (pick.kind === "b") return `w:${l}:${d}:${c === 0 ? "b_x" : "b_h"}:${pick.g}:${r}:0`;
    return `w:${l}:${d}:${pick.kind}:${pick.g}:${r}:${c}`;
  }

  function chips(name, items, current) {
    return h(
      "fieldset",
      { class: "segmented segmented-small" },
      h("legend", { class: "visually-hidden" }, tr(`weights.${name}`)),
      items.map(([value, label]) => {
        const id = `weights-${name}-${value}`;
        return [h("input", { type: "radio", name: `weights-${name}`, id, value, checked: value === current }), h("label", { for: id }, label)];
      }),
    );
  }

  function draw(r, view, force = false) {
    run = r;
    v = view;
    if (!run || !v) return;
    const canon = run.canon;
    const key = `${run.meta.id}|${v.layer}|${v.dir}|${pick.kind}|${pick.g}|${canon ? "c" : "-"}`;
    if (!force && key === drawnKey) return;
    drawnKey = key;
    if (!run.gates.includes(pick.g)) pick.g = run.gates[0];
    if (pick.kind === "readout" && !(canon && canon.readout)) pick.kind = "W_h";
    const rnn = run.cell === "rnn";
    const kinds = [
      ["W_x", rnn ? "W_ih" : `W_i·`],
      ["W_h", rnn ? "W_hh" : `W_h·`],
      ["b", tr("weights.biases")],
    ];
    if (canon && canon.readout && v.layer === run.L - 1) kinds.push(["readout", tr("weights.readout")]);
    replaceChildren(
      controls,
      chips("kind", kinds, pick.kind),
      rnn || pick.kind === "readout" ? null : chips("gate", run.gates.map((g) => [g, g]), pick.g),
    );
    if (canon === undefined) {
      replaceChildren(body);
      note.textContent = tr("worked.loading");
      return;
    }
    const p = canon && canon.layers[v.layer] && canon.layers[v.layer][v.dir];
    const m = canon ? matrixOf(p, canon) : null;
    if (!m) {
      replaceChildren(body);
      note.textContent = tr("weights.none");
      return;
    }
    keepFocus(body, () => replaceChildren(body, m.b2 ? biasGrid(m.b2) : matrixGrid(m.W, m.b)));
  }

  function scaleOf(arrays) {
    let mx = 0;
    for (const a of arrays) for (const x of a) if (Number.isFinite(x)) mx = Math.max(mx, Math.abs(x));
    return mx || 1;
  }

  function cellNode(value, mx, ref, showText) {
    const u = Math.max(0, Math.min(1, (value / mx + 1) / 2));
    const text = showText ? fmt(value, 2) : "";
    const n = editableNum(value, text, ref, "wcell");
    if (!n.getAttribute("aria-valuetext") || !showText) n.setAttribute("aria-valuetext", fmtExact(value));
    n.style.background = colorAt(DIVERGING, u);
    n.style.color = inkOn(DIVERGING, u);
    return n;
  }

  function labelsRow(C, bias) {
    return [h("span", { class: "wlabel" }), ...Array.from({ length: C }, (_, c) => h("span", { class: "wlabel" }, String(c))), bias ? h("span", { class: "wlabel" }, "b") : null];
  }

  /** (R, C) matrix (+ an optional bias column, the readout's) as a grid or a canvas. */
  function matrixGrid(W, b) {
    const [R, C] = W.shape;
    const mx = scaleOf(b ? [W.data, b.data] : [W.data]);
    const rowName = pick.kind === "readout" ? tr("weights.rows-out") : tr("weights.rows-units");
    const colName = pick.kind === "W_x" ? tr("weights.cols-in") : pick.kind === "W_h" ? tr("weights.cols-h") : tr("weights.cols-h");
    note.textContent = tr("weights.note", { r: R, c: C, rows: rowName, cols: colName, max: fmt(mx, 3) });
    if (R * C > GRID_MAX) return canvasView(W, mx);
    const grid = h("div", { class: "wgrid", role: "group", "aria-label": tr("weights.aria", { r: R, c: C }) });
    grid.style.gridTemplateColumns = `auto repeat(${C + (b ? 1 : 0)}, minmax(0, 1fr))`;
    const text = C + (b ? 1 : 0) <= TEXT_MAX_COLS;
    grid.append(...labelsRow(C, !!b).filter(Boolean));
    for (let r = 0; r < R; r++) {
      grid.append(h("span", { class: "wlabel" }, String(r)));
      for (let c = 0; c < C; c++) grid.append(cellNode(W.data[r * C + c], mx, refOf(r, c), text));
      if (b) grid.append(cellNode(b.data[r], mx, refOf(r, -1), text));
    }
    return grid;
  }

  function biasGrid([bx, bh]) {
    const H = bx.shape[0];
    const mx = scaleOf([bx.data, bh.data]);
    note.textContent = tr("weights.bias-note", { h: H, max: fmt(mx, 3) });
    const grid = h("div", { class: "wgrid wgrid-bias", role: "group", "aria-label": tr("weights.aria", { r: H, c: 2 }) });
    grid.style.gridTemplateColumns = "auto repeat(2, minmax(0, 1fr))";
    const rnn = run.cell === "rnn";
    grid.append(h("span", { class: "wlabel" }), h("span", { class: "wlabel" }, rnn ? "b_ih" : `b_i${pick.g}`), h("span", { class: "wlabel" }, rnn ? "b_hh" : `b_h${pick.g}`));
    for (let r = 0; r < H; r++) {
      grid.append(h("span", { class: "wlabel" }, String(r)), cellNode(bx.data[r], mx, refOf(r, 0), true), cellNode(bh.data[r], mx, refOf(r, 1), true));
    }
    return grid;
  }

  /** A large matrix: a canvas; a click selects a cell, whose spinbutton is under the canvas. */
  function canvasView(W, mx) {
    const [R, C] = W.shape;
    const cv = h("canvas", { class: "wcanvas", width: String(C), height: String(R), role: "img", "aria-label": tr("weights.aria", { r: R, c: C }) });
    const ctx = cv.getContext("2d");
    const img = ctx.createImageData(C, R);
    for (let i = 0; i < R * C; i++) {
      const u = Math.max(0, Math.min(1, (W.data[i] / mx + 1) / 2));
      const [rr, gg, bb] = colorAt(DIVERGING, u).match(/\d+/g).map(Number);
      img.data.set([rr, gg, bb, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
    pick.r = Math.min(pick.r, R - 1);
    pick.c = Math.min(pick.c, C - 1);
    const readout = h("span", { class: "hover-readout" });
    const selected = h("span", { class: "wselected" });
    const showSel = () => {
      const ref = refOf(pick.r, pick.c);
      const n = editableNum(W.data[pick.r * C + pick.c], fmt(W.data[pick.r * C + pick.c], 4), ref, "n wcell-sel");
      replaceChildren(selected, tr("weights.selected", { r: pick.r, c: pick.c }), " ", n);
      return n;
    };
    const at = (e) => {
      const b = cv.getBoundingClientRect();
      return [Math.max(0, Math.min(R - 1, Math.floor(((e.clientY - b.top) / b.height) * R))), Math.max(0, Math.min(C - 1, Math.floor(((e.clientX - b.left) / b.width) * C)))];
    };
    cv.addEventListener("pointermove", (e) => {
      const [r, c] = at(e);
      readout.textContent = `[${r}, ${c}] ${fmtExact(W.data[r * C + c])}`;
    });
    cv.addEventListener("click", (e) => {
      [pick.r, pick.c] = at(e);
      const n = showSel();
      if (editState.enabled) n.focus({ preventScroll: true });
    });
    showSel();
    return h("div", { class: "wcanvas-wrap" }, cv, h("p", { class: "wcanvas-info" }, readout, " ", selected));
  }

  return {
    draw,
    /** Redraw with the run's current (edited) numbers. */
    refresh: () => draw(run, v, true),
  };
}

/** The panel, after the cell diagram (a new panel: the template stays as it is). */
export function weightsPanel() {
  const after = $("#panel-diagram");
  if (!after) return null;
  const sec = h(
    "section",
    { class: "panel panel-weights", id: "panel-weights", "data-hide": "matrix", "aria-labelledby": "h-weights" },
    h("header", { class: "panel-head" }, h("h2", { id: "h-weights" }, tr("weights.title")), h("span", { class: "now", dataset: { now: "" } })),
    h("p", { class: "panel-note" }, tr("weights.help")),
  );
  after.after(sec);
  return sec;
}
