// The cell as an SVG diagram: its wires, gates and pointwise operations, each node filled with
// the colour of its current value and labelled with it, for the chosen unit. Built once per
// selection; a step change only rewrites texts and fills. Presentation attributes (not CSS) so
// that the exported PNG looks the same.

import { replaceChildren, s, visibleToken } from "../dom.js";
import { fmt } from "../format.js";
import { tr } from "../i18n.js";
import { DIVERGING, SEQUENTIAL, colorAt, inkOn } from "../scales.js";
import { gateActivation } from "../run.js";
import { editState, highlight, refLabel } from "../editable.js";
import { setText } from "../morph.js";

const W = 580;
const HGT = 318;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace";
const WIRE = "#64748b";

// node kinds: box (a gate or a transform, coloured by value), op (pointwise), io (inputs/outputs)
const box = (id, x, y, label, w) => ({ id, x, y, kind: "box", label, w });
const op = (id, x, y, label) => ({ id, x, y, kind: "op", label });
const io = (id, x, y, label, below = false) => ({ id, x, y, kind: "io", label, below });
// a wire through the points x0, y0, x1, y1, …: the path ["M", x0, y0, "L", x1, y1, …]
const wire = (...xy) => xy.flatMap((v, k) => (k % 2 ? [v] : [k ? "L" : "M", v]));

function layouts(cell, hasReadout) {
  if (cell === "rnn") {
    return {
      nodes: [
        io("hp", 50, 150, "h_prev"),
        io("x", 170, 272, "x", true),
        box("a", 250, 150, "a = W_hh·h + W_ih·x + b", 170),
        box("h", 400, 150, "act", 90),
        io("ho", 520, 150, "h"),
        ...(hasReadout ? [io("y", 400, 45, "y = W·h + b")] : []),
      ],
      wires: [
        wire(82, 150, 163, 150),
        wire(170, 259, 170, 174),
        wire(335, 150, 353, 150),
        wire(445, 150, 486, 150),
        ...(hasReadout ? [wire(470, 150, 470, 45, 434, 45)] : []),
      ],
      loops: [["M", 520, 165, "C", 520, 238, 50, 238, 50, 166]],
      loopLabel: [300, 238],
    };
  }
  if (cell === "lstm") {
    return {
      nodes: [
        io("cp", 45, 55, "c_prev"),
        io("hp", 45, 268, "h_prev"),
        io("x", 110, 290, "x", true),
        box("f", 170, 195, "f σ", 60),
        box("i", 240, 195, "i σ", 60),
        box("g", 310, 195, "g tanh", 60),
        box("o", 380, 195, "o σ", 60),
        op("fc", 170, 55, "×"),
        op("ig", 275, 125, "×"),
        op("sum", 275, 55, "+"),
        box("tc", 460, 118, "tanh", 60),
        op("oh", 460, 195, "×"),
        io("co", 545, 55, "c"),
        io("ho", 545, 268, "h"),
      ],
      wires: [
        wire(77, 55, 155, 55),
        wire(183, 55, 260, 55),
        wire(288, 55, 511, 55),
        wire(460, 55, 460, 94),
        wire(460, 140, 460, 180),
        wire(410, 195, 445, 195),
        wire(473, 195, 500, 195, 500, 268, 511, 268),
        wire(77, 268, 380, 268),
        wire(110, 277, 110, 270),
        wire(170, 268, 170, 219),
        wire(240, 268, 240, 219),
        wire(310, 268, 310, 219),
        wire(380, 268, 380, 219),
        wire(170, 173, 170, 70),
        wire(240, 173, 240, 125, 260, 125),
        wire(310, 173, 310, 125, 290, 125),
        wire(275, 112, 275, 70),
      ],
      loops: [],
    };
  }
  // gru
  return {
    nodes: [
      io("hp", 45, 55, "h_prev"),
      io("x", 110, 290, "x", true),
      box("r", 170, 200, "r σ", 60),
      box("z", 250, 200, "z σ", 60),
      box("n", 400, 200, "n tanh", 64),
      op("zh", 250, 55, "×"),
      op("omz", 325, 125, "1−"),
      op("zn", 400, 125, "×"),
      op("sum", 400, 55, "+"),
      io("ho", 545, 55, "h"),
    ],
    wires: [
      wire(77, 55, 235, 55),
      wire(263, 55, 385, 55),
      wire(413, 55, 511, 55),
      wire(90, 55, 90, 268, 400, 268, 400, 224),
      wire(110, 277, 110, 270),
      wire(170, 268, 170, 224),
      wire(250, 268, 250, 224),
      wire(250, 178, 250, 70),
      wire(250, 125, 310, 125),
      wire(338, 125, 385, 125),
      wire(400, 178, 400, 140),
      wire(400, 112, 400, 70),
      wire(170, 178, 170, 152, 376, 152, 376, 176),
    ],
    loops: [],
  };
}

const COARSE = () => window.matchMedia("(pointer: coarse)").matches;

export function createDiagram(el, legend) {
  let run = null;
  let view = null;
  let nodes = new Map(); // id -> {rect, value, spec}
  let svg = null;

  let refocus = null; // the edited number that had the focus before a redraw (issue 13)

  function draw(r, v) {
    run = r;
    view = v;
    const a = document.activeElement;
    refocus = a && el.contains(a) && a.getAttribute && a.getAttribute("data-p");
    nodes = new Map();
    if (!run) return replaceChildren(el);
    const L = layouts(run.cell, !!run.y && v.layer === run.L - 1);
    const defs = s(
      "defs",
      {},
      s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", fill: WIRE })),
    );
    // a group when it holds numbers that can be edited (an image's children are presentational)
    svg = s("svg", { viewBox: `0 0 ${W} ${HGT}`, role: editState.enabled && !COARSE() ? "group" : "img", "aria-labelledby": "diagram-title", xmlns: "http://www.w3.org/2000/svg", "font-family": FONT });
    const title = s("title", { id: "diagram-title" }, tr("diagram.title", { cell: run.cell.toUpperCase(), u: v.unit }));
    svg.append(title, defs, s("rect", { x: 0, y: 0, width: W, height: HGT, fill: "#ffffff" }));
    for (const w of L.wires) svg.append(s("path", { d: w.join(" "), fill: "none", stroke: WIRE, "stroke-width": 1.6, "marker-end": "url(#arrow)" }));
    for (const w of L.loops) svg.append(s("path", { d: w.join(" "), fill: "none", stroke: "#94a3b8", "stroke-width": 1.2, "stroke-dasharray": "4 4", "marker-end": "url(#arrow)" }));
    if (L.loopLabel) svg.append(s("text", { x: L.loopLabel[0], y: L.loopLabel[1], "font-size": 11, fill: "#64748b", "text-anchor": "middle", stroke: "#fff", "stroke-width": 4, "paint-order": "stroke" }, tr("diagram.loop")));
    for (const n of L.nodes) {
      const g = s("g", { "data-node": n.id });
      let shape;
      const label = nodeLabel(run, n);
      const halo = { stroke: "#ffffff", "stroke-width": 3.5, "paint-order": "stroke", "stroke-linejoin": "round" };
      let value;
      if (n.kind === "op") {
        shape = s("circle", { cx: n.x, cy: n.y, r: 13, fill: "#ffffff", stroke: "#334155", "stroke-width": 1.4 });
        g.append(shape, s("text", { x: n.x, y: n.y + 5, "text-anchor": "middle", "font-size": 14, "font-weight": 700, fill: "#111827" }, label));
        value = s("text", { x: n.x + 16, y: n.y - 11, "text-anchor": "start", "font-size": 11.5, "font-family": MONO, fill: "#111827", ...halo });
      } else if (n.kind === "io") {
        shape = s("rect", { x: n.x - 32, y: n.y - 13, width: 64, height: 26, rx: 13, fill: "#f1f5f9", stroke: "#94a3b8", "stroke-width": 1.2 });
        const ly = n.below ? n.y + 26 : n.y - 19;
        g.append(shape, s("text", { x: n.x, y: ly, "text-anchor": "middle", "font-size": 11, fill: "#475569", ...halo }, label));
        value = s("text", { x: n.x, y: n.y + 4.5, "text-anchor": "middle", "font-size": 12.5, "font-family": MONO, fill: "#111827" });
      } else {
        const w = n.w || 64;
        shape = s("rect", { x: n.x - w / 2, y: n.y - 22, width: w, height: 44, rx: 7, fill: "#ffffff", stroke: "#334155", "stroke-width": 1.4 });
        const name = s("text", { x: n.x, y: n.y - 6, "text-anchor": "middle", "font-size": 11.5, "font-weight": 700, fill: "#111827" }, label);
        g.append(shape, name);
        value = s("text", { x: n.x, y: n.y + 13, "text-anchor": "middle", "font-size": 12.5, "font-family": MONO, fill: "#111827" });
        n.nameEl = name;
      }
      g.append(value);
      svg.append(g);
      nodes.set(n.id, { shape, value, spec: n, name: n.nameEl || null });
    }
    svg.append(s("text", { x: W - 8, y: HGT - 8, "text-anchor": "end", "font-size": 11, fill: "#64748b", "data-caption": "1" }));
    replaceChildren(el, svg);
    replaceChildren(
      legend,
      run.cell === "rnn" ? null : swatchRow(tr("diagram.legend-gates"), SEQUENTIAL), // an RNN has no gates
      swatchRow(tr("diagram.legend-signed"), DIVERGING),
    );
  }

  function swatchRow(text, scale) {
    const svgL = s("svg", { viewBox: "0 0 100 10", width: 100, height: 10, "aria-hidden": "true" });
    for (let k = 0; k < 20; k++) svgL.append(s("rect", { x: k * 5, y: 0, width: 5.2, height: 10, fill: colorAt(scale, k / 19) }));
    const span = document.createElement("span");
    span.className = "legend-item";
    span.append(svgL, document.createTextNode(" " + text));
    return span;
  }

  function nodeLabel(r, n) {
    if (n.id === "h" && r.cell === "rnn") return gateActivation(r.model, "h");
    if (n.id === "hp") return tr("diagram.h-prev");
    if (n.id === "cp") return tr("diagram.c-prev");
    if (n.id === "ho") return tr("diagram.h-new");
    if (n.id === "co") return tr("diagram.c-new");
    if (n.id === "x") return "x";
    if (n.id === "y") return "y";
    if (["f", "i", "o", "r", "z"].includes(n.id)) return `${n.id} ${gateActivation(r.model, n.id) === "sigmoid" ? "σ" : "hσ"}`;
    return n.label;
  }

  /** An input/output pill as wide as its text (monospace, ~7.6 px a character at 12.5 px). */
  function fitPill(n) {
    const w = Math.max(64, Math.ceil(n.value.textContent.length * 7.6) + 18);
    if (n.shape._w === w) return;
    n.shape._w = w;
    const x = Math.min(W - 2 - w, Math.max(2, n.spec.x - w / 2)); // inside the picture
    n.shape.setAttribute("x", x);
    n.shape.setAttribute("width", w);
    n.value.setAttribute("x", x + w / 2);
  }

  function setNode(id, v, kind, text) {
    const n = nodes.get(id);
    if (!n) return;
    setText(n.value, text ?? (v === undefined ? "—" : fmt(v, 3)));
    if (n.spec.kind === "io") fitPill(n);
    if (n.spec.kind === "op" || n.spec.kind === "io") {
      if (n.spec.kind === "io" && v !== undefined && Number.isFinite(v)) {
        const sc = kind === "gate" ? SEQUENTIAL : DIVERGING;
        const u = kind === "gate" ? v : 0.5 + v / (2 * Math.max(1, Math.abs(v)));
        setAttr(n.shape, "fill", colorAt(sc, u));
        setAttr(n.value, "fill", inkOn(sc, u));
      }
      return;
    }
    if (v === undefined || !Number.isFinite(v)) {
      setAttr(n.shape, "fill", "#e5e7eb");
      setAttr(n.value, "fill", "#111827");
      if (n.name) setAttr(n.name, "fill", "#111827");
      return;
    }
    const sc = kind === "gate" ? SEQUENTIAL : DIVERGING;
    // signed values: tanh outputs live in ±1; others are squashed for colour only
    const u = kind === "gate" ? v : 0.5 + Math.max(-1, Math.min(1, v / Math.max(1, Math.abs(v) > 1 ? Math.abs(v) : 1))) / 2;
    setAttr(n.shape, "fill", colorAt(sc, u));
    setAttr(n.value, "fill", inkOn(sc, u));
    if (n.name) setAttr(n.name, "fill", inkOn(sc, u));
  }

  // a step writes only what changed (issue 11): an unchanged fill costs no restyle; texts: setText
  function setAttr(node, name, value) {
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }


  function step(t) {
    if (!run || !svg) return;
    const { layer: l, dir: d, b } = view;
    const j = Math.min(view.unit, run.H - 1);
    const get = (field, g) => {
      const tens = run.series(l, d, field, g);
      return tens ? tens.row(b, t)[j] : undefined;
    };
    const hp = run.prevState(l, d, b, t, "h");
    const hPrev = hp ? hp[j] : undefined;
    const tok = run.tokenAt(b, t);
    const xText = l > 0 ? tr("layer.n", { n: l - 1 }) : tok !== null && tok !== "" ? (run.tokens ? `‘${visibleToken(tok)}’` : tok) : `x${t}`;
    setNode("x", undefined, "io", xText.length > 12 ? xText.slice(0, 11) + "…" : xText);
    setNode("hp", hPrev, "signed");
    const hNow = get("h");
    setNode("ho", hNow, "signed");
    if (run.cell === "rnn") {
      setNode("a", get("pre_activation", "h"), "signed");
      setNode("h", hNow, "signed");
      if (run.y && nodes.has("y")) {
        const y = run.y.row(b, t);
        let k = 0;
        for (let q = 1; q < y.length; q++) if (y[q] > y[k]) k = q;
        setNode("y", y[k], "signed", fmt(y[k], 3));
      }
    } else if (run.cell === "lstm") {
      const cp = run.prevState(l, d, b, t, "c");
      const cPrev = cp ? cp[j] : undefined;
      const [f, i, g, o] = ["f", "i", "g", "o"].map((q) => get("gates", q));
      const c = get("c");
      setNode("cp", cPrev, "signed");
      setNode("f", f, "gate");
      setNode("i", i, "gate");
      setNode("g", g, "signed");
      setNode("o", o, "gate");
      setNode("fc", f !== undefined && cPrev !== undefined ? f * cPrev : undefined, "signed");
      setNode("ig", i !== undefined && g !== undefined ? i * g : undefined, "signed");
      setNode("sum", c, "signed");
      setNode("tc", c !== undefined ? Math.tanh(c) : undefined, "signed");
      setNode("oh", o !== undefined && c !== undefined ? o * Math.tanh(c) : undefined, "signed");
      setNode("co", c, "signed");
    } else {
      const [r, z, n] = ["r", "z", "n"].map((q) => get("gates", q));
      setNode("r", r, "gate");
      setNode("z", z, "gate");
      setNode("n", n, "signed");
      setNode("zh", z !== undefined && hPrev !== undefined ? z * hPrev : undefined, "signed");
      setNode("omz", z !== undefined ? 1 - z : undefined, "gate");
      setNode("zn", z !== undefined && n !== undefined ? (1 - z) * n : undefined, "signed");
      setNode("sum", hNow, "signed");
    }
    // issue 13: the input (one number) and the initial state can be edited here (edit.js)
    const s0 = l * run.D + d;
    const first = run.prevIndex(d, t, l, b) === null;
    const xv = l === 0 && !run.tokens && !run.embedding && run.x && run.I === 1 && Array.isArray(run.body.inputs) ? run.x.row(b, t)[0] : undefined;
    editable("x", xv !== undefined ? `x:${b}:${t}:0` : null, xv);
    editable("hp", first ? `h0:${s0}:${b}:${j}` : null, hPrev);
    if (run.cell === "lstm") {
      const cp = run.prevState(l, d, b, t, "c");
      editable("cp", first && cp ? `c0:${s0}:${b}:${j}` : null, cp ? cp[j] : undefined);
    }
    if (refocus) {
      const n = svg.querySelector(`[data-p="${CSS.escape(refocus)}"]`);
      if (n) n.focus({ preventScroll: true });
      refocus = null;
    }
    highlight(el);
    const cap = svg.querySelector("[data-caption]");
    setText(cap, [tr("diagram.caption", { j, t }), run.D === 2 ? tr(d ? "dir.backward" : "dir.forward") : null, run.L > 1 ? tr("layer.n", { n: l }) : null].filter(Boolean).join(tr("sep")));
  }

  /** A node whose number can be changed where it is shown: a spinbutton (editable.js), or not.
   *  Not on a touch screen: a pill is smaller than 44 px there; the worked step has the same numbers. */
  function editable(id, ref, v) {
    const n = nodes.get(id);
    if (!n) return;
    const g = n.shape.parentNode;
    if (ref && editState.enabled && !COARSE() && Number.isFinite(v)) {
      g.setAttribute("data-p", ref);
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "spinbutton");
      g.setAttribute("aria-valuenow", String(v));
      g.setAttribute("aria-label", refLabel(ref, run.cell));
      g.classList.add("n-edit-svg");
    } else if (g.hasAttribute("data-p")) {
      for (const k of ["data-p", "tabindex", "role", "aria-valuenow", "aria-label"]) g.removeAttribute(k);
      g.classList.remove("n-edit-svg");
      if (!g.getAttribute("class")) g.removeAttribute("class"); // as a fresh drawing has it
    }
  }

  /** PNG of the diagram: the SVG drawn on a canvas at twice its size. */
  function toPng() {
    if (!svg) return Promise.resolve(null);
    const xml = new XMLSerializer().serializeToString(svg);
    const url = URL.createObjectURL(new Blob([xml], { type: "image/svg+xml" }));
    return new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => {
        const c = document.createElement("canvas");
        c.width = W * 2;
        c.height = HGT * 2;
        const ctx = c.getContext("2d");
        ctx.drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(url);
        c.toBlob(resolve, "image/png");
      };
      img.onerror = (e) => {
        URL.revokeObjectURL(url);
        reject(e);
      };
      img.src = url;
    });
  }

  return { draw, step, toPng };
}
