/* rnnscope static bundle, sources sha256:8979f4b26b43e57d08d9756158a679be2bff1c2ed9eb9e8f2841934d7fd3d444 (esbuild 0.28.2; made by scripts/bundle.py, do not edit) */
// static/js/address.js
function pageSearch() {
  if (typeof window !== "undefined" && typeof window.rnnscopeSearch === "string") return window.rnnscopeSearch;
  return typeof location === "undefined" ? "" : location.search;
}
function replaceAddress(url) {
  try {
    if (typeof window.rnnscopeSearch === "string") throw new Error("no address of its own");
    history.replaceState(null, "", url);
  } catch {
    const q = String(url).indexOf("?");
    window.rnnscopeSearch = q < 0 ? "" : String(url).slice(q).replace(/#.*$/, "");
  }
}

// static/js/tensor.js
var Tensor = class _Tensor {
  constructor(data2, shape) {
    this.data = data2;
    this.shape = shape;
    this.strides = [];
    let s2 = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      this.strides[i] = s2;
      s2 *= shape[i];
    }
  }
  get float32() {
    return this.data instanceof Float32Array;
  }
  get size() {
    return this.data.length;
  }
  /** The last axis at the given leading indices, as a view: t.row(b, t) -> (H). */
  row(...idx) {
    let off = 0;
    for (let i = 0; i < idx.length; i++) off += idx[i] * this.strides[i];
    const n2 = this.strides[idx.length - 1];
    return this.data.subarray(off, off + n2);
  }
  at(...idx) {
    let off = 0;
    for (let i = 0; i < idx.length; i++) off += idx[i] * this.strides[i];
    return this.data[off];
  }
  /** Slice the first axis: a view of batch row b of a (B, T, H) tensor, as (T, H). */
  index0(b) {
    const n2 = this.strides[0];
    return new _Tensor(this.data.subarray(b * n2, (b + 1) * n2), this.shape.slice(1));
  }
  /** Rows of the last axis as views (for Plotly's z with transpose): (T, H) -> T arrays of H. */
  rows2d() {
    const [R, C] = this.shape;
    const out = new Array(R);
    for (let r = 0; r < R; r++) out[r] = this.data.subarray(r * C, (r + 1) * C);
    return out;
  }
  /** Column c of a (T, H) tensor, copied: the time series of one unit. */
  column(c) {
    const [R, C] = this.shape;
    const out = new Float64Array(R);
    for (let r = 0; r < R; r++) out[r] = this.data[r * C + c];
    return out;
  }
  /** Nested JS lists (null for non-finite), the API's JSON form. */
  toNested() {
    const rec = (axis, off) => {
      const n2 = this.shape[axis];
      const out = new Array(n2);
      if (axis === this.shape.length - 1) {
        for (let i = 0; i < n2; i++) {
          const v = this.data[off + i];
          out[i] = Number.isFinite(v) ? v : null;
        }
      } else {
        for (let i = 0; i < n2; i++) out[i] = rec(axis + 1, off + i * this.strides[axis]);
      }
      return out;
    };
    return this.shape.length === 0 ? this.data[0] : rec(0, 0);
  }
};
function base64ToBytes(b64) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function isEncoded(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.bdata === "string";
}
function toTensor(v) {
  if (v instanceof Tensor) return v;
  if (isEncoded(v)) {
    const bytes2 = base64ToBytes(v.bdata);
    const Ctor = v.dtype === "f4" ? Float32Array : v.dtype === "f8" ? Float64Array : null;
    if (!Ctor) throw new Error(`unsupported dtype ${v.dtype}`);
    const data3 = bytes2.byteOffset % Ctor.BYTES_PER_ELEMENT === 0 ? new Ctor(bytes2.buffer, bytes2.byteOffset, bytes2.byteLength / Ctor.BYTES_PER_ELEMENT) : new Ctor(bytes2.slice().buffer);
    return new Tensor(data3, v.shape.slice());
  }
  if (typeof v === "number" || v === null) return new Tensor(Float64Array.of(v ?? NaN), []);
  if (!Array.isArray(v)) throw new Error("not an array");
  const shape = [];
  let probe = v;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const data2 = new Float64Array(size);
  let k = 0;
  const walk = (a, depth) => {
    if (depth === shape.length - 1) {
      if (a.length !== shape[depth]) throw new Error("ragged array");
      for (let i = 0; i < a.length; i++) data2[k++] = a[i] === null ? NaN : a[i];
    } else {
      if (a.length !== shape[depth]) throw new Error("ragged array");
      for (let i = 0; i < a.length; i++) walk(a[i], depth + 1);
    }
  };
  if (size > 0) walk(v, 0);
  return new Tensor(data2, shape);
}
function finiteRange(data2) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data2.length; i++) {
    const v = data2[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === -Infinity || hi === Infinity) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < data2.length; i++) {
      const v = data2[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (lo > hi) lo = hi = 0;
  return [lo, hi];
}

// static/js/binary.js
var MAGIC = [82, 78, 83, 66];
var CTORS = { f8: Float64Array, f4: Float32Array };
function isBinary(buffer) {
  const b = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
  return b.length === 4 && MAGIC.every((m, i) => b[i] === m);
}
function decodeBinary(buffer) {
  if (!isBinary(buffer)) throw new Error("not an rnnscope binary response");
  const view = new DataView(buffer);
  const n2 = view.getUint32(4, true);
  if (8 + n2 > buffer.byteLength) throw new Error("binary response: header longer than the body");
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, n2)));
  const base = 8 + n2 + (8 - (8 + n2) % 8) % 8;
  const at = (offset, v) => {
    const Ctor = CTORS[v.dtype];
    const count = v.shape.reduce((a, b) => a * b, 1);
    const start = base + offset;
    if (typeof offset !== "number" || start + count * Ctor.BYTES_PER_ELEMENT > buffer.byteLength) throw new Error("binary response: an array runs past the end");
    return new Ctor(buffer, start, count);
  };
  const made = /* @__PURE__ */ new Map();
  const rows = (v) => {
    const { table: table2, count, index } = v.rows;
    const key = `${table2}/${index}/${count}/${v.dtype}/${v.shape}`;
    if (!made.has(key)) made.set(key, copyRows(v, table2, count, index));
    return made.get(key);
  };
  const copyRows = (v, table2, count, index) => {
    const w = v.shape[v.shape.length - 1];
    const n3 = v.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const tab = at(table2, { dtype: v.dtype, shape: [count, w] });
    if (typeof index !== "number" || index % 4 || base + index + 4 * n3 > buffer.byteLength) throw new Error("binary response: a row index runs past the end");
    const idx = new Uint32Array(buffer, base + index, n3);
    const out = new CTORS[v.dtype](n3 * w);
    for (let i = 0; i < n3; i++) {
      const k = idx[i];
      if (k >= count) throw new Error("binary response: a row number past its table");
      out.set(tab.subarray(k * w, k * w + w), i * w);
    }
    return out;
  };
  const operand = (o, v) => typeof o === "number" ? at(o, v) : walk(o).data;
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v.shape) && CTORS[v.dtype]) {
      if (typeof v.offset === "number") return new Tensor(at(v.offset, v), v.shape.slice());
      if (v.rows && typeof v.rows === "object") return new Tensor(rows(v), v.shape.slice());
      if (Array.isArray(v.sum) && v.sum.length === 2) {
        const [x, y] = v.sum.map((o) => operand(o, v));
        if (x.length !== y.length) throw new Error("binary response: a sum of unequal arrays");
        const s2 = new CTORS[v.dtype](x.length);
        for (let i = 0; i < s2.length; i++) s2[i] = x[i] + y[i];
        return new Tensor(s2, v.shape.slice());
      }
    }
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    return out;
  };
  return walk(header);
}

// static/js/api.js
var BASE = "/api/v1";
var ApiError = class extends Error {
  /** status: HTTP status (0 for a network failure); detail: FastAPI's list of {loc, msg, type} */
  constructor(status, detail, message) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
};
function normaliseDetail(status, payload) {
  const d = payload && payload.detail;
  if (Array.isArray(d)) {
    return d.map((e) => ({
      loc: Array.isArray(e.loc) ? e.loc.map(String) : ["body"],
      msg: String(e.msg ?? "invalid"),
      type: String(e.type ?? ""),
      ctx: e.ctx && typeof e.ctx === "object" ? e.ctx : void 0
    }));
  }
  const msg = typeof d === "string" ? d : d ? JSON.stringify(d) : `HTTP ${status}`;
  return [{ loc: ["body"], msg, type: `http_${status}` }];
}
async function call(path, init = {}, { signal } = {}) {
  let res;
  try {
    res = await fetch(BASE + path, { ...init, signal, credentials: "same-origin" });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, [{ loc: ["body"], msg: "the server cannot be reached", type: "network" }], e.message);
  }
  if (res.ok && (res.headers.get("Content-Type") || "").startsWith("application/octet-stream")) {
    const buf = await (await res.blob()).arrayBuffer();
    return { payload: decodeBinary(buf), bytes: buf.byteLength };
  }
  let payload = null;
  const text2 = await res.text();
  try {
    payload = text2 ? JSON.parse(text2) : null;
  } catch {
    payload = { detail: text2.slice(0, 300) };
  }
  if (!res.ok) {
    const detail = normaliseDetail(res.status, payload);
    throw new ApiError(res.status, detail, detail.map((d) => d.msg).join("; "));
  }
  return { payload, bytes: text2.length };
}
var json = (body) => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body)
});
async function listPresets() {
  return (await call("/presets")).payload;
}
async function getPreset(id) {
  return (await call("/presets/" + encodeURIComponent(id))).payload;
}
async function forward(body, opts) {
  return call("/forward", json(body), opts);
}
async function convert(model, weights, to) {
  return (await call("/convert", json({ model, weights, to }))).payload;
}
async function importModel(files) {
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  return (await call("/weights/import", { method: "POST", body: form })).payload;
}
async function standalonePage(body, { preset = "", state: state2 = "", lang: lang2 = "" } = {}) {
  const q = new URLSearchParams();
  if (preset) q.set("preset", preset);
  if (state2) q.set("state", state2);
  if (lang2) q.set("lang", lang2);
  let res;
  try {
    res = await fetch(`${BASE}/standalone?${q}`, { ...json(body), credentials: "same-origin" });
  } catch (e) {
    throw new ApiError(0, [{ loc: ["body"], msg: "the server cannot be reached", type: "network" }], e.message);
  }
  if (!res.ok) {
    let payload = null;
    try {
      payload = await res.json();
    } catch {
      payload = null;
    }
    const detail = normaliseDetail(res.status, payload);
    throw new ApiError(res.status, detail, detail.map((d) => d.msg).join("; "));
  }
  const name2 = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
  return { blob: await res.blob(), filename: name2 ? name2[1] : "rnnscope.html" };
}
async function listLessons() {
  return (await call("/lessons")).payload;
}
async function getLesson(id) {
  return (await call("/lessons/" + encodeURIComponent(id))).payload;
}
async function checkLesson(lesson) {
  return (await call("/lessons/check", json(lesson))).payload;
}

// static/js/bootdata.js
var boot;
function data() {
  if (boot === void 0) {
    const el = document.getElementById("rnnscope-boot");
    try {
      boot = el ? JSON.parse(el.textContent) : null;
    } catch {
      boot = null;
    }
  }
  return boot;
}
function canonicalJson(value) {
  return JSON.stringify(value, (_, v) => v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v);
}
var answered = null;
async function listPresets2() {
  const d = data();
  return d && d.presets ? structuredClone(d.presets) : listPresets();
}
async function getPreset2(id) {
  const d = data();
  return d && d.preset && d.preset.id === id ? structuredClone(d.preset.body) : getPreset(id);
}
async function forward2(body, opts) {
  const d = data();
  const f = d && d.forward;
  if (f && canonicalJson(body) === canonicalJson(f.request)) {
    d.forward = null;
    answered = { weights: canonicalJson(body.weights), canonical: f.canonical };
    return { payload: f.response, bytes: f.bytes };
  }
  answered = null;
  return forward(body, opts);
}
async function convert2(model, weights, to) {
  const a = answered;
  if (a && a.canonical && to === "canonical" && canonicalJson(weights) === a.weights) {
    answered = null;
    return { model, weights: a.canonical, warnings: [] };
  }
  return convert(model, weights, to);
}

// static/js/dom.js
var SVG_NS = "http://www.w3.org/2000/svg";
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}
function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === void 0 || v === null || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else if (k === "props") Object.assign(el, v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on")) throw new Error("bind events in the controller, not through attributes");
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === void 0 || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
var $ = (sel, root = document) => root.querySelector(sel);
var $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}
function visibleToken(tok) {
  if (tok === void 0 || tok === null) return "";
  return String(tok).replace(/ /g, "␣").replace(/\t/g, "⇥").replace(/\r?\n/g, "↵");
}
function plotlyText(str) {
  return String(str).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// static/js/events.js
var EV = Object.freeze({
  RUN_STARTED: "run:started",
  // {body}
  RUN_LOADED: "run:loaded",
  // {run}
  RUN_FAILED: "run:failed",
  // {error}
  STEP_CHANGED: "step:changed",
  // {t}
  VIEW_CHANGED: "view:changed",
  // {keys: [...]} which selectors changed
  PLAY_STATE: "player:state",
  // {playing}
  CONFIG_EDITED: "config:edited",
  // the form changed
  WEIGHTS_READY: "weights:ready",
  // {canonical} weights in the canonical layout arrived
  RUN_LIVE: "run:live"
  // {run} a run drawn while a number is being edited (issue 13)
});
var bus = new EventTarget();
function emit(type, detail = {}) {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
}
function on(type, fn) {
  const listener = (e) => fn(e.detail);
  bus.addEventListener(type, listener);
  return () => bus.removeEventListener(type, listener);
}

// static/js/i18n/en.js
var en_default = Object.freeze({
  "page.title": "rnnscope · watch a recurrent network step by step",
  "page.description": "Load an RNN, LSTM or GRU, press play and see every number of every step and where it came from.",
  "skip": "Skip to the views",
  "brand.tag": "watch a recurrent network, step by step",
  "preset": "Preset",
  "preset.custom": "(custom)",
  "copy-link": "Copy link",
  "editor.hide": "Hide editor",
  "editor.show": "Show editor",
  "editor.label": "Network, weights and inputs",
  "run": "Run",
  "model": "Model",
  "cell": "Cell",
  "model.rnn": "RNN (Elman)",
  "model.layers": "Layers",
  "model.input-size": "Input size",
  "model.from-weights": "from weights",
  "model.hidden-size": "Hidden size",
  "model.bidirectional": "Bidirectional",
  "model.nonlinearity": "Nonlinearity",
  "model.gate-activation": "Gate activation",
  "model.hard-sigmoid-3": "hard sigmoid (Keras 3)",
  "model.hard-sigmoid-2": "hard sigmoid (Keras 2)",
  "model.reset-after": "Reset after (PyTorch)",
  "model.proj-size": "Projection size",
  "model.readout-size": "Readout size",
  "model.no-readout": "0 = no readout",
  "model.readout-activation": "Readout activation",
  "act.identity": "identity",
  "weights": "Weights",
  "weights.format": "Format",
  "weights.pytorch": "PyTorch state_dict",
  "weights.keras": "Keras get_weights",
  "weights.tf1": "TensorFlow 1 cell",
  "weights.book": "The book's names",
  "weights.canonical": "Canonical (per gate)",
  "weights.random": "Random with seed",
  "weights.seed": "Seed",
  "weights.format-hint": "Changing the format converts the weights through the API.",
  "weights.json": "Weights JSON",
  "weights.tidy": "Tidy JSON",
  "weights.import": "Import file…",
  "weights.random-button": "Random",
  "weights.files-hint": "Files: .safetensors, .npz or .json (read by the server; pickles are refused).",
  "inputs": "Inputs",
  "inputs.kind": "Input kind",
  "inputs.numbers": "Numbers",
  "inputs.text": "Text",
  "inputs.sequence": "Sequence: (T), (T, I) or (B, T, I) as JSON",
  "inputs.multi": "One sequence per line (a batch)",
  "inputs.vocabulary": "Vocabulary",
  "inputs.vocabulary-placeholder": "sorted distinct characters",
  "inputs.vocabulary-hint": "one-hot over these characters, in this order",
  "inputs.pad": "Pad shorter lines",
  "initial": "Initial state",
  "initial.label": "h₀ (and c₀) as JSON; empty = zeros",
  "options": "Precision and size",
  "options.precision": "Precision",
  "options.auto": "auto",
  "options.record": "Record",
  "options.all": "every intermediate",
  "options.states-gates": "states and gates",
  "options.states": "states only",
  "options.hint": "Auto keeps big runs light: float32, base64 and fewer recorded fields.",
  "player": "Player",
  "player.transport": "Transport",
  "player.first": "First step",
  "player.first-title": "First step (Home)",
  "player.back": "Step back",
  "player.back-title": "Step back (←)",
  "player.play": "Play",
  "player.pause": "Pause",
  "player.play-title": "Play / pause (Space)",
  "player.forward": "Step forward",
  "player.forward-title": "Step forward (→)",
  "player.last": "Last step",
  "player.last-title": "Last step (End)",
  "player.time-step": "Time step",
  "player.step": "Step",
  "player.token-title": "the current step's input",
  "player.speed": "Speed",
  "speed.0.5": "0.5 step/s",
  "speed.1": "1 step/s",
  "speed.2": "2 steps/s",
  "speed.4": "4 steps/s",
  "speed.10": "10 steps/s",
  "speed.30": "30 steps/s",
  "speed.100": "100 steps/s",
  "speed.300": "300 steps/s",
  "speed.1000": "1000 steps/s",
  "player.strip": "Input sequence; the current step is highlighted",
  "player.selectors": "What to look at",
  "layer": "Layer",
  "direction": "Direction",
  "sequence": "Sequence",
  "unit": "Unit",
  "kbd.title": "Shift + arrow: 10 steps",
  "kbd.space": "Space",
  "kbd.play": "play ·",
  "kbd.step": "step ·",
  "empty": "Pick a preset or describe a network, then press",
  "panel.worked": "Worked step",
  "panel.digits": "Digits",
  "panel.heatmaps": "Units over time",
  "panel.quantities": "Quantities to show",
  "panel.heatmaps-note": "Rows are units, columns are steps. Signed values use a blue–white–red scale centred on 0 and as wide as the quantity's own values (log when they span decades); gates use 0 to 1. The outlined column is the current step; click a cell to go there.",
  "panel.lines": "Chosen units",
  "lines.quantity": "Quantity",
  "lines.units": "Units",
  "lines.units-hint": "comma-separated, ranges like 0-7",
  "lines.aria": "Chosen units over time",
  "panel.trajectory": "State space",
  "trajectory.dims": "Dimensions",
  "trajectory.2d": "2-D",
  "trajectory.3d": "3-D",
  "trajectory.aria": "Trajectory of the hidden state",
  "panel.outputs": "Outputs",
  "outputs.aria": "Outputs over time",
  "outputs.now-aria": "Outputs at the current step",
  "panel.table": "Values at this step",
  "panel.export": "Export",
  "export.json": "Trace as JSON",
  "export.csv": "Trace as CSV",
  "export.csv-view": "CSV of this layer and sequence",
  "export.request": "Request as JSON",
  "export.note": "CSV columns: batch, layer, direction, quantity, unit, t, value. Each plot has a PNG button (plots also have one in their toolbar).",
  "footer.docs": "API docs",
  "footer.exact": "· exact to PyTorch in float64",
  "group.gates": "gates",
  "group.pre_activation": "pre-activations",
  "group.input_term": "input terms",
  "group.recurrent_term": "recurrent terms",
  "title.custom": "Custom network",
  "toast.link-too-large": "This configuration is too large to put in a link.",
  "toast.link-copied": "Link copied.",
  "toast.copy-from-bar": "Copy this link from the address bar.",
  "error.preset": "preset {id}: {msg}",
  "status.fix-field": "Fix the highlighted field.",
  "status.running": "Running…",
  "status.too-large": "Too large for this server.",
  "status.refused": "The API refused the request: see the highlighted field.",
  "status.failed": "The run failed.",
  "status.bidirectional": " bidirectional",
  "count.steps": ["{n} step", "{n} steps"],
  "note.bad-link": "The link's configuration cannot be read ({msg}); showing the default preset instead.",
  "layer.n": "layer {n}",
  "layer.top": " (top)",
  "dir.forward": "forward",
  "dir.backward": "backward",
  "sr.step": "step {t} of {last}",
  "sr.input": ", input {x}",
  "error.book-convert": "weights cannot be converted to the book's names; pick PyTorch, Keras, TF1 or canonical",
  "status.converting": "Converting to {to}…",
  "status.converted": "Weights converted to {to}.",
  "status.convert-failed": "Conversion failed.",
  "status.reading": "Reading {name}…",
  "status.imported": "Imported {name}: {cell} with {n} units. Press Run.",
  "status.import-failed": "Import failed.",
  "export.rows": "{rows} rows, {size}.",
  "export.too-many-rows": "{n} rows is too many for one CSV; export one layer and sequence instead",
  "plotly.failed": "plotly.js could not be loaded",
  "form.whole-number": "a whole number is needed",
  "form.seed-whole": "the seed is a whole number",
  "form.weights-object": "the weights are a JSON object",
  "form.type-text": "type at least one character",
  "form.inputs-list": "the inputs are a list: (T), (T, I) or (B, T, I)",
  "form.state-object": 'an object like {"h": [[0, 0]]}',
  "form.bad-json-at": "not valid JSON (line {line}, column {col}): {msg}",
  "form.bad-json": "not valid JSON: {msg}",
  "form.large-weights": "These weights are large ({size} of JSON); they are kept but not shown in the editor. Convert, import or pick random weights to replace them.",
  "gate.lstm.i": "input gate i",
  "gate.lstm.f": "forget gate f",
  "gate.lstm.g": "candidate g",
  "gate.lstm.o": "output gate o",
  "gate.gru.r": "reset gate r",
  "gate.gru.z": "update gate z",
  "gate.gru.n": "candidate n",
  "field.h": "hidden state h",
  "field.c": "cell state c",
  "field.pre_activation": "pre-activation",
  "field.pre_activation.rnn": "pre-activation a",
  "field.input_term": "input term W_ih·x + b_ih",
  "field.recurrent_term": "recurrent term W_hh·h + b_hh",
  "field.output": "output (top layer)",
  "field.y": "readout y",
  "field.of-gate": "{field} of {g}",
  "axis.step": "step t",
  "axis.step-short": "step",
  "unit.n": "unit {k}",
  "word.unit": "unit",
  "plot.not-recorded": "Not recorded in this run.",
  "heatmap.nothing": "Nothing selected, or not recorded in this run.",
  "heatmap.aria": "Heatmap of {label}, {k} units by {t} steps",
  "heatmap.stride": "one step in {n} shown; zoom in for all",
  "outputs.softmax": "Readout y = softmax(W·out + b): a probability for each of {k} classes at every step.",
  "outputs.readout": ["Readout y = {act}(W·out + b) on the top layer's output, {n} value per step.", "Readout y = {act}(W·out + b) on the top layer's output, {n} values per step."],
  "outputs.none": "No readout: the network's output is the top layer's h{bi}.",
  "outputs.none-some": "No readout: the network's output is the top layer's h{bi}; its first {k} of {n} units are drawn.",
  "outputs.bi": " ([forward | backward])",
  "outputs.fwd": "fwd {k}",
  "outputs.bwd": "bwd {k}",
  "outputs.output": "output",
  "outputs.probs-at": "Probabilities at t = {t}",
  "outputs.values-at": "Values at t = {t}",
  "outputs.top": ", top {n}",
  "outputs.next": "Next input is ‘{tok}’: the model gives it {p}%.",
  "table.unit": "unit",
  "table.pages": "Units shown in the table",
  "table.page": "units {a}–{b}",
  "table.caption": "Layer {layer}{dir}, sequence {b}, step t = {t}",
  "table.input": ", input ‘{x}’",
  "tokens.more": "{n} more …",
  "trajectory.not-recorded": "h is not recorded in this run.",
  "trajectory.one": "h has one unit: its value over time.",
  "trajectory.pca": "PCA projection: h has {p} units, shown on its first {d} principal components ({pct}% of the variance over this sequence).",
  "trajectory.direct": "h has {p} units, shown directly{extra}.",
  "trajectory.switch-3d": " (h[0], h[1]; switch to 3-D for h[2])",
  "trajectory.needs-3": " 3-D needs at least 3 units.",
  "diagram.h-prev": "h (previous)",
  "diagram.c-prev": "c (previous)",
  "diagram.h-new": "h (new)",
  "diagram.c-new": "c (new)",
  "diagram.loop": "h is the next step's h_prev",
  "diagram.legend-gates": "gates 0 → 1",
  "diagram.legend-signed": "signed: − 0 +",
  "diagram.title": "{cell} cell, unit {u}",
  "diagram.caption": "unit {j}, step t = {t}",
  "sep": ", ",
  "sequence.n": "sequence {b}",
  "worked.others-zero": " (the other {n} {v} are 0)",
  "worked.sum": "Σ of {n} products = ",
  "check.recorded": "the engine recorded {label} = ",
  "check.identical": " (identical)",
  "check.rounding": " (differs by {d}, rounding)",
  "check.differs": " but this recomputation gives {v}",
  "worked.projection": "With a projection, h = W_hr·m is {p} wide.",
  "worked.tiny": "Every unit at once (vectors and matrices)",
  "worked.class": " (class {k}{label}, the largest)",
  "worked.readout": "Readout on the top layer's output{cls}:",
  "worked.loading": "Loading the weights to write out every product…",
  "worked.too-large": "The weights are too large to fetch for the products; the recorded terms are shown.",
  "worked.unit": "Unit {j}",
  "worked.prev-init": "h_init is the initial state{zeros}",
  "worked.zeros": " (zeros)",
  "worked.prev": "h{sub} is the state of step {p}{back}",
  "worked.backward-note": " (the backward direction runs from the last step to the first)",
  "worked.x-layer": "x{sub} is layer {l}'s output at this step{bi}",
  "worked.x-bi": " [forward | backward]",
  "worked.x-onehot": "x{sub} is the one-hot vector of ‘{tok}’",
  "worked.x-step": "x{sub} is input step {t}",
  "worked.where": "{where}. {x}; {prev}.",
  "worked.book": "In the book's names: before_activation = state · w_cell_state + x · w_cell_input + b_cell; the rows of w_cell_state.T are the rows of W_hh used here.",
  "lang.en": "English",
  "lang.zh": "中文",
  "lang.label": "Language",
  "embed.open": "Open in rnnscope",
  "embed.open-title": "Open this view in a new tab, with the editor",
  "embed.edit": "Edit",
  "share.embed": "Embed",
  "share.embed-title": "Put this view in a course page",
  "share.download": "Download page",
  "share.download-title": "One HTML file with this network and its trace that works with no server",
  "share.heading": "Embed this view",
  "share.intro": "Paste one of these into a course page, a blog or a learning platform (Moodle, Canvas, Jupyter Book) that accepts HTML. Readers can play and step through this network.",
  "share.views": "Views",
  "share.options": "Options",
  "share.editor": "Editor (readers can change the network)",
  "share.autoplay": "Start playing",
  "share.height": "Height (px)",
  "share.iframe": "iframe: any site that accepts HTML",
  "share.script": "Script: sizes itself to its content",
  "share.standalone": "Standalone page: one file that works with no server (an LMS file area, a USB stick)",
  "share.copy": "Copy",
  "share.copied": "Copied.",
  "share.copy-failed": "Select the text and press Ctrl+C.",
  "share.preview": "Preview",
  "share.close": "Close",
  "share.long-link": "This network is not a preset, so all of it is in the link ({size}). Some sites cut long links: the standalone page is safer.",
  "share.oembed": "Sites that read oEmbed (WordPress, Moodle's oEmbed filter) embed the page's link by itself.",
  "share.building": "Building the page…",
  "share.saved": "Saved {name} ({size}).",
  "share.failed": "The page could not be built: {msg}",
  "offline.note": "This page was saved from rnnscope with its network and trace, and works with no server. To change the network, open it in rnnscope (pip install rnnscope, then rnnscope serve).",
  "offline.cannot-run": "this saved page shows only the network it was saved with; changing it needs the rnnscope server",
  "offline.footer": "Saved from rnnscope {version} on {date}",
  "grad.group": "Gradients",
  "grad.on": "Backpropagate through time",
  "grad.on-hint": "How strongly each step still reaches the end: vanishing and exploding gradients. Runs at once.",
  "grad.loss": "Loss",
  "grad.loss-sum": "sum of the outputs (of y with a readout)",
  "grad.loss-mse": "mean squared error to targets",
  "grad.targets": "Targets as JSON: (B, T, O) with a readout, else (B, T, directions·hidden)",
  "grad.targets-hint": "Press Run after editing them.",
  "grad.panel": "Gradients through time",
  "grad.curve-title": "Jacobian norm ‖∂s",
  "grad.curve-log": "‖, log scale",
  "grad.curve-dot": "the red dot is the current step",
  "grad.curve-aria": "Jacobian norm over time",
  "grad.heat-log": "| per unit, log colour scale",
  "grad.heat-aria": "Gradient of the loss per unit over time",
  "grad.verdict.vanishing": "vanishing",
  "grad.verdict.exploding": "exploding",
  "grad.verdict.kept": "kept",
  "grad.verdict.unknown": "not a number",
  "grad.loss.mse": "mean squared error to the targets",
  "grad.loss.sum-y": "sum of the readout y",
  "grad.loss.sum": "sum of the outputs",
  "grad.loss-not-finite": "L is not finite · {what}",
  "grad.s-layer": "layer {l}'s ",
  "grad.s-lstm": " and c stacked",
  "grad.note": "Strength = ‖∂s_end / ∂s_t‖, how much a small change of the state after step t still moves the state at the end (s = {s}). Below {vanish} it is vanishing, above {explode} exploding, in between kept.",
  "grad.note-softmax": "The softmax outputs add up to 1 at every step, so their sum does not depend on the weights: its gradient ∂L/∂h is zero up to rounding. Pick the MSE loss to see one.",
  "grad.note-backward": "The backward direction reads the sequence from the last step to the first, so its end is step 0 and its curve rises toward t = 0.",
  "grad.note-forward": "The forward direction ends at step {last}; pick the backward direction to see the one that ends at step 0.",
  "grad.no-curve": "The Jacobian-norm curve was not computed for a run this large (see the warning above); the heatmap below still shows ∂L/∂h.",
  "grad.step": "step {t}",
  "grad.reading-end": "The state at {at} is the end of the {dir}pass: every other step's strength is measured against it (here it is 1).",
  "grad.dir.forward": "forward ",
  "grad.dir.backward": "backward ",
  "grad.reading": "The state at {at} reaches the end (step {end}{later}) with strength {strength}: {verdict}{rate}.",
  "grad.later": [", {n} step later", ", {n} steps later"],
  "grad.later-backward": [", which it reads {n} step later", ", which it reads {n} steps later"],
  "grad.rate": " (×{r} per step on average)",
  "grad.nothing": " (nothing of it arrives)",
  "grad.no-gradient": "No gradient for this layer and direction.",
  "grad.above": "above {x}",
  "grad.below": "below {x}",
  "grad.current-step": "current step",
  "grad.strength-axis": "strength (log)",
  "grad.curve-aria-full": "Jacobian norm over {n} steps on a log scale, from {a} at step 0 to {b} at step {last}",
  "grad.heat-aria-full": "Heatmap of |∂L/∂h| on a log colour scale, {k} units by {t} steps",
  "grad.targets-missing": "the MSE loss needs targets: (B, T, O) with a readout, else (B, T, directions·hidden)",
  "grad.targets-list": "the targets are a (B, T, O) list",
  "table.pre": "pre {g}",
  "table.in": "in {g}",
  "table.rec": "rec {g}",
  "plotly:Autoscale": "Autoscale",
  "plotly:Box Select": "Box Select",
  "plotly:Compare data on hover": "Compare data on hover",
  "plotly:Download plot as a PNG": "Download plot as a PNG",
  "plotly:Download plot": "Download plot",
  "plotly:Lasso Select": "Lasso Select",
  "plotly:Orbital rotation": "Orbital rotation",
  "plotly:Pan": "Pan",
  "plotly:Reset axes": "Reset axes",
  "plotly:Reset camera to default": "Reset camera to default",
  "plotly:Reset camera to last save": "Reset camera to last save",
  "plotly:Reset view": "Reset view",
  "plotly:Reset views": "Reset views",
  "plotly:Reset": "Reset",
  "plotly:Show closest data on hover": "Show closest data on hover",
  "plotly:Toggle Spike Lines": "Toggle Spike Lines",
  "plotly:Toggle show closest data on hover": "Toggle show closest data on hover",
  "plotly:Turntable rotation": "Turntable rotation",
  "plotly:Zoom in": "Zoom in",
  "plotly:Zoom out": "Zoom out",
  "plotly:Zoom": "Zoom",
  "plotly:Double-click to zoom back out": "Double-click to zoom back out",
  "plotly:Double-click on legend to isolate one trace": "Double-click on legend to isolate one trace",
  "plotly:Preparing image - this may take a few seconds": "Preparing image - this may take a few seconds",
  "plotly:Image download succeeded": "Image download succeeded",
  "plotly:Sorry, there was a problem downloading your image!": "Sorry, there was a problem downloading your image!",
  "preset.saved.title": "A saved network",
  "preset.book-rnn.title": "The book's two-unit RNN",
  "preset.book-rnn.description": "The hand-computed example of the seed text (the TensorFlow book's RNN): two tanh units, one input per step, X = [1, 2], starting from state [0, 0]. At each step before_activation = state · w_cell_state + x · w_cell_input + b_cell, state = tanh(before_activation), and output = state · w_output + b_output. Step 0 gives before_activation [0.6, 0.5] and output 1.5613; step 1 gives [1.2923, 1.3923] and output 2.7271. Every number can be checked by hand in the worked step.",
  "preset.tf1-basic-lstm.title": "TensorFlow 1 BasicLSTMCell",
  "preset.tf1-basic-lstm.description": "The seed text sketches an LSTM with TensorFlow 1's BasicLSTMCell; this is one with 3 units on 2 inputs over 5 steps, in TF1's own layout: a single kernel of shape (inputs + units, 4 · units) applied to [x, h], its columns split into the gates i, j, f, o, and forget_bias = 1.0 added to f at run time (it is not stored in the checkpoint). rnnscope reorders the blocks to PyTorch's i, f, g, o and folds the forget bias into b_f, so you can watch the forget gate start near σ(1) ≈ 0.73 and keep the cell state alive.",
  "preset.gru-hello.title": 'A GRU reading "hello"',
  "preset.gru-hello.description": 'A 4-unit GRU reads the word "hello" one character at a time, each character a one-hot vector over the vocabulary e, h, l, o, and a softmax readout turns each hidden state into probabilities for the next character. The weights are PyTorch-style random (seed 3), so the predictions are untrained: watch the reset gate r decide how much of the old state enters the candidate n, and the update gate z blend old state and candidate.',
  "preset.relu-rnn.title": "A ReLU RNN that grows",
  "preset.relu-rnn.description": "An Elman RNN with the ReLU nonlinearity: three units, one input, eight steps of a constant input of 1. ReLU does not saturate, and the recurrent matrix has a gain above 1, so the state keeps growing step after step instead of settling the way a tanh unit would. Units whose pre-activation is negative are cut to exactly 0 and pass no signal.",
  "preset.lstm-bidirectional.title": "A 2-layer bidirectional LSTM",
  "preset.lstm-bidirectional.description": "Two stacked bidirectional LSTM layers of 4 units on a 3-feature sequence of 6 steps, as PyTorch's nn.LSTM(3, 4, num_layers=2, bidirectional=True) with its default random initialisation (seed 0). The backward direction reads the sequence from the last step to the first but stores each state at its own time position; the second layer reads [forward | backward] of the first. Use the layer and direction selectors to compare them.",
  "preset.vanishing-tanh.title": "Vanishing gradients: a tanh RNN with gain 0.5",
  "preset.vanishing-tanh.description": "A tanh RNN of 16 units whose recurrent matrix is an orthogonal matrix scaled by 0.5, run for 50 steps. Each step multiplies the gradient flowing back in time by diag(1 − h²) · W_hh, whose norm is at most 0.5, so the influence of early steps on the final state shrinks geometrically: the Jacobian-norm curve falls by about a factor 2 per step and reaches 1e-15 at the start. This is why plain RNNs forget: the loss at the end cannot teach the early steps.",
  "preset.exploding-linear.title": "Exploding gradients: a linear RNN with gain 1.5",
  "preset.exploding-linear.description": "Eight ReLU units fed positive inputs, so every state stays positive and ReLU acts as the identity: the network is linear, h_t = 1.5 · P h_{t−1} + W x_t with P a permutation. Nothing saturates, so the gradient is multiplied by 1.5 at every step back in time: the Jacobian-norm curve grows as 1.5^k, to about 1.3e5 after 29 steps, and the states themselves grow just as fast. Large gains without a squashing nonlinearity make training unstable.",
  "preset.lstm-memory.title": "An LSTM that remembers: the forget gate keeps the path open",
  "preset.lstm-memory.description": "An LSTM of 8 units with its forget-gate bias set to 4, so f ≈ σ(4) ≈ 0.98 at every step, run for the same 50 steps as the vanishing tanh RNN. The cell state c is carried forward almost unchanged (c_t = f ⊙ c_{t−1} + i ⊙ g), and the gradient along that path is multiplied by f, not by a squashed weight matrix: the Jacobian-norm curve stays of order 1 (between 1 and about 6) over all 50 steps instead of collapsing to 1e-15, so the last step still hears the first. Compare it with the vanishing-tanh preset.",
  "openmodel.open": "Open model…",
  "openmodel.open-title": "Open a model you saved: .pt .keras .h5 .onnx .safetensors .npz .json (or drop it anywhere on the page)",
  "openmodel.files-hint": "Files: .pt, .keras, .h5, .onnx (with its .onnx.data), .safetensors, .npz, .json, and a vocab.txt beside them; or drop them anywhere on the page. Nothing in them is executed.",
  "openmodel.drop": "Drop your model here (with its vocab.txt or .onnx.data)",
  "openmodel.bad-extension": "{name}: not a file rnnscope reads. Accepted: {list}",
  "openmodel.csv-to-editor": "{name}: {t} steps × {i} inputs put in the editor's Numbers field.",
  "openmodel.close": "Close the model card",
  "openmodel.reading": "Reading your model…",
  "openmodel.reading-files": "Reading {names}…",
  "openmodel.title": "Your model",
  "openmodel.failed": "This file could not be opened",
  "openmodel.vocabulary": "Vocabulary",
  "openmodel.tokens": "{n} tokens",
  "openmodel.no-vocabulary": "none in the file ({n} embedding rows): type token ids, or open a vocab.txt (one token a line) with the model",
  "openmodel.wants": "Inputs",
  "openmodel.wants-ids": "token ids from 0 to {max}",
  "openmodel.wants-ids-text": "token ids from 0 to {max}, or text over its vocabulary ({split})",
  "openmodel.wants-numbers": "numbers: {i} per step (a CSV file of T rows × {i} columns)",
  "openmodel.head": "Head",
  "openmodel.head-on-step": "on every step",
  "openmodel.head-on-final": "on the final state (many-to-one): one prediction per sequence, y_final",
  "openmodel.warnings": ["{n} thing the file did not say, so rnnscope assumed it:", "{n} things the file did not say, so rnnscope assumed them:"],
  "openmodel.kind-ids": "Token ids",
  "openmodel.kind-text": "Text",
  "openmodel.kind-numbers": "Numbers (CSV)",
  "openmodel.ids-label": "Token ids: “3 14 15”, one sequence per line, or JSON",
  "openmodel.ids-hint": "whole numbers from 0 to {max}; lines of different lengths run as one batch with their lengths",
  "openmodel.text-label": "Text over the model's vocabulary ({n} tokens)",
  "openmodel.split": "Split into",
  "openmodel.split-chars": "characters",
  "openmodel.split-words": "words",
  "openmodel.csv-label": "Numbers: CSV, one row per step, {i} columns (a header row is optional)",
  "openmodel.csv-load": "Load CSV…",
  "openmodel.csv-read": "{name}: {t} steps × {i} columns{header}",
  "openmodel.csv-header": " (header row skipped)",
  "openmodel.ids-empty": "type at least one token id",
  "openmodel.ids-json": "the token ids are not valid JSON: {msg}",
  "openmodel.ids-not-list": "sequence {b} of the token ids is not a list",
  "openmodel.ids-empty-row": "sequence {b} of the token ids is empty",
  "openmodel.ids-bad": "‘{v}’ (sequence {b}, position {t}) is not a token id: expected a whole number ≥ 0",
  "openmodel.ids-range": "token id {v} (sequence {b}, position {t}) is outside the embedding: expected 0 to {max}",
  "openmodel.text-empty": "type some text",
  "openmodel.unknown-word": "the word ‘{token}’ (position {t}) is not in the model's vocabulary{more}",
  "openmodel.unknown-char": "the character ‘{token}’ (position {t}) is not in the model's vocabulary{more}",
  "openmodel.and-more": ", nor are others",
  "openmodel.csv-width": "CSV line {line} has {n} columns; the rows above have {want}",
  "openmodel.csv-empty-cell": "CSV line {line}, column {col}{name} is empty",
  "openmodel.csv-not-number": "CSV line {line}, column {col}{name}: ‘{v}’ is not a number",
  "openmodel.csv-not-finite": "CSV line {line}, column {col}{name}: {v} is not a finite number",
  "openmodel.csv-no-rows": "the CSV has no rows of numbers",
  "openmodel.csv-columns": "the CSV has {n} columns; this model takes {want} numbers per step",
  "openmodel.y-final-caption": "The prediction: the head on the final state (y_final).",
  "openmodel.y-steps": "The head runs on every step: y over {t} steps is in the Outputs panel.",
  "openmodel.x-embedding": "x{sub} = E[id] is the embedding row of ‘{tok}’",
  "openmodel.numbers": "({n} numbers)",
  "openmodel.row-of": "(row {id} of {v})",
  "openmodel.check-vector": "All {n} numbers of {label} agree with the engine's",
  "openmodel.check-differs": ": differs by up to {d}",
  "openmodel.masked": "Id 0 is the padding id of mask_zero: this step keeps the previous state and output (Keras masking).",
  "openmodel.head-step": ["The head: {n} Dense layer on {input}.", "The head: {n} Dense layers on {input}."],
  "openmodel.head-final": ["The head: {n} Dense layer on the final state {input}, the same at every step.", "The head: {n} Dense layers on the final state {input}, the same at every step."],
  "openmodel.dense": ["Dense layer {k}: {n} unit, {act}", "Dense layer {k}: {n} units, {act}"],
  "openmodel.y-final": "y_final = [{y}]",
  "field.embedding": "embedding x = E[id]",
  "field.head_pre": "head layer {k}: pre-activation z",
  "field.head_act": "head layer {k}: activation",
  "group.embedding": "embedding",
  "group.head": "head",
  "openmodel.head-settings": "The head: what the file may not say",
  "openmodel.head-runs": "The head reads",
  "openmodel.head-on-final-short": "the final state (many-to-one)",
  "openmodel.head-act": "Activation after Dense layer {k} ({n} units)",
  "openmodel.clip": "ONNX clip: each pre-activation is clipped to [−{clip}, {clip}] before its activation (the values above are before the clip).",
  "openmodel.past-length": "This row is {n} steps long: past its length it keeps its state and its outputs are zeros (PyTorch packed sequences, ONNX sequence_lens), so nothing is computed here.",
  // i10-ui
  "stale.note": "Changed, not yet run: the views show the last run.",
  "stale.run": "Run",
  "scale.unit": "0 to 1",
  "scale.signed": "±{m}",
  "scale.log": "±{m}, log",
  "scale.fixed": "Fixed range",
  "scale.fixed-hint": "tanh outputs on −1 to 1 for every preset, instead of each quantity's own range",
  "plot.alt": "A picture of the numbers; the values table gives them at the current step.",
  "sep.colon": ": ",
  "limit.hidden": "at most {limit} units per layer (and per readout) on this server",
  "limit.input": "at most {limit} input features (characters in the vocabulary) on this server",
  "limit.layers": "at most {limit} layers on this server",
  "limit.steps": "at most {limit} time steps on this server",
  "limit.batch": "at most {limit} sequences at once on this server",
  "limit.trace": "at most {limit} recorded numbers per run on this server: try fewer steps, units or layers",
  "limit.work": "at most {limit} multiply-adds per run on this server: try fewer steps, units or layers",
  "limit.body": "at most {limit} bytes per request on this server",
  "limit.seconds": "at most {limit} seconds of computing per run on this server",
  "limit.queue": "the server is busy (it waits at most {limit} seconds for a free turn): try again in a moment",
  "apierr.limit": "Too large: {words}.",
  "apierr.limit-asked": "Too large: {words}; this asks for {received}.",
  "apierr.shape": "each step has {received} numbers, but the network expects {expected} (its input size)",
  "apierr.vocabulary": "these characters of the text are not in the vocabulary: {missing}",
  "apierr.missing": "this is needed",
  "apierr.too-short": "this cannot be empty",
  "apierr.ge": "at least {v}",
  "apierr.gt": "more than {v}",
  "apierr.le": "at most {v}",
  "apierr.lt": "less than {v}",
  "apierr.int": "a whole number is needed",
  "apierr.number": "a number is needed",
  "apierr.bool": "true or false is needed",
  "apierr.string": "text is needed",
  "apierr.list": "a list is needed",
  "apierr.object": "a JSON object is needed",
  "apierr.literal": "one of {expected}",
  "apierr.extra": "this key is not known here",
  "apierr.too-long": "at most {v} characters",
  "apierr.too-long-list": "at most {v} items",
  "apierr.json": "not valid JSON",
  "apierr.network": "the server cannot be reached",
  "apierr.pickle": "pickle files are refused (they could run code); save the weights as .safetensors, .npz or .json",
  "apierr.server": "the server failed on this request",
  "apierr.other": "The server refused this value: {msg}",
  "grad.note-sum-flat": "Here the loss L is the sum of every step's output, so ∂L/∂h_t is the gradient of step t's own output plus what later steps pass back. Each step's own output gives it a gradient of about the same size, so |∂L/∂h_t| looks flat even where the curve above (the path to the end alone) has vanished. Pick the MSE loss with targets only at the last step to see the vanishing in the heatmap too.",
  "table.more": "units {a}–{b} of {k}; the pager above shows the others",
  "table.scroll": "{n} columns: scroll sideways for all",
  "note.cfg-unreadable": "cfg= is not a configuration this page wrote",
  "table.region": "Values table (scrolls)",
  "grad.loss-last": "the last step's outputs only",
  "grad.loss-ce": "cross-entropy to the next character or to classes",
  "lesson.panel": "Lesson",
  "lesson.kicker": "Lesson",
  "lesson.step": "Step {k} of {n}",
  "lesson.steps": "Lesson steps",
  "lesson.prev": "← Previous",
  "lesson.next": "Next →",
  "lesson.check": "Check",
  "lesson.right": "Right.",
  "lesson.wrong": "Not quite.",
  "lesson.your-answer": "Your answer",
  "lesson.pick-one": "Pick one of the answers first.",
  "lesson.enter-number": "Type a number first.",
  "lesson.watch-unit": "Watch unit {units}",
  "lesson.watch-units": "Watch units {units}",
  "lesson.watch-quantities": "in {q}",
  "lesson.open": "Lessons",
  "lesson.open-file": "Open a lesson file:",
  "lesson.open-source": "Or a lesson's address on this server, or its JSON:",
  "lesson.source-placeholder": '/static/my-lesson.json, or paste { "id": …, "steps": [ … ] }',
  "lesson.load": "Open lesson",
  "lesson.write-your-own": "A lesson is a JSON file of steps, each with its text in English and Chinese, a network, views and an optional question: see docs/lessons.md.",
  "lesson.error": "This lesson cannot be opened ({name}):",
  "lesson.too-large": "the file is larger than {max} bytes",
  "lesson.pasted": "pasted JSON",
  "lesson.bad-url": "not an address",
  "lesson.cross-origin": "only lessons on this server ({origin}) can be opened by address; download the file and open it instead",
  "lesson.bad-json": "not valid JSON: {msg}",
  "preset.trained-depth.title": "A unit that counts brackets (trained LSTM)",
  "preset.trained-memory-rnn.title": "Remember one bit for 30 steps (RNN, trained)",
  "preset.trained-memory-gru.title": "Remember one bit for 30 steps (GRU, trained)",
  "preset.trained-memory-lstm.title": "Remember one bit for 30 steps (LSTM, trained)",
  "preset.trained-sine.title": "Continue a sine wave (trained RNN)",
  "preset.trained-chars.title": "Predict the next character (trained LSTM on Blake)",
  "preset.trained-depth.description": "An LSTM with 4 units read strings of ( and ) and was trained to output the nesting depth after each character (the readout, rounded, is the depth). One cell-state unit climbs by about the same amount at every ( and falls at every ): it counts. Trained by scripts/train_presets.py.",
  "preset.trained-memory-rnn.description": "A RNN with 4 units sees one bit at step 0 (+1 or -1), then 29 steps of noise, and must say at the last step which bit it saw (sigmoid readout: the probability of +1). The RNN, GRU and LSTM presets were trained on the same data with the same seed and budget (1500 Adam steps; the gated cells start with +3 on their forget/update gate bias). Trained by scripts/train_presets.py.",
  "preset.trained-memory-gru.description": "A GRU with 4 units sees one bit at step 0 (+1 or -1), then 29 steps of noise, and must say at the last step which bit it saw (sigmoid readout: the probability of +1). The RNN, GRU and LSTM presets were trained on the same data with the same seed and budget (1500 Adam steps; the gated cells start with +3 on their forget/update gate bias). Trained by scripts/train_presets.py.",
  "preset.trained-memory-lstm.description": "A LSTM with 4 units sees one bit at step 0 (+1 or -1), then 29 steps of noise, and must say at the last step which bit it saw (sigmoid readout: the probability of +1). The RNN, GRU and LSTM presets were trained on the same data with the same seed and budget (1500 Adam steps; the gated cells start with +3 on their forget/update gate bias). Trained by scripts/train_presets.py.",
  "preset.trained-sine.description": "A tanh RNN with 6 units reads a sine wave (16 steps a period), one number a step, and predicts the next number. One value alone cannot say whether the wave is rising or falling: the state has to carry that, and one unit follows the cosine. Trained by scripts/train_presets.py.",
  "preset.trained-chars.description": "An LSTM with 32 units trained on William Blake's The Lamb and The Tyger (1789/1794, public domain; scripts/data/blake.txt) to predict the next character: the readout is a softmax over the 34 characters. The last stanza was held out. Trained by scripts/train_presets.py.",
  "preset.trained-sentiment.title": "Is this review positive? (embedding + LSTM, trained)",
  "preset.trained-sentiment.description": 'Six words in, one probability out: an embedding of the 22 words (6 numbers each) feeds an LSTM with 6 units, and a dense layer with a sigmoid reads its final state: the probability that the review is positive. "not" turns the adjective round. Trained by scripts/train_presets.py.',
  // i13-compare
  "compare.describe": ["{cell} {layers}{n} unit{proj}{bi}", "{cell} {layers}{n} units{proj}{bi}"],
  "compare.proj": ", projected to {p}",
  "compare.bidirectional": ", bidirectional",
  "compare.cannot-diff": "B − A needs the same cell and size: A is {a}, B is {b}.",
  "compare.common-steps": "A has {ta} steps and B {tb}: B − A and A's views cover the common steps 0 to {last}.",
  "compare.common-seqs": "A has {ba} sequences and B {bb}: B − A covers the sequences both have.",
  "compare.pin": "Pin as A",
  "compare.pin-title": "Keep this run as A and compare it with the next one you run (B)",
  "compare.swap": "Swap A and B",
  "compare.unpin": "Unpin A",
  "compare.heading": "Comparing two runs",
  "compare.worked-a": "Worked step of A",
  "compare.heatmaps": "B − A and A over time",
  "compare.heatmaps-note": "The units-over-time panel above shows B. Here: B − A on its own scale, centred on 0 (red: B is higher, blue: A is higher), then A on its own scales. The step is shared.",
  "compare.diff-title": "B − A",
  "compare.b-title": "This panel shows B, the network in the editor",
  "compare.in-editor": "in the editor",
  "compare.pinned": "pinned",
  "compare.edited": "Your network",
  "compare.can-all": "Compared in every view: A is dashed in the lines, the state space, the outputs and the gradient curves; A's worked step and the B − A heatmaps are beside B's.",
  "compare.can-some": "What can be compared: the outputs, the gradient curves, the shapes in the state space and the lengths; A's worked step and heatmaps are shown beside B's.",
  "compare.grad-only-a": "Only A has gradients: switch on Backpropagate through time for B to compare the curves.",
  "compare.grad-only-b": "Only B has gradients: A's curve is not drawn (pin a run with gradients as A).",
  "compare.readout-one": "Only one of them has a readout: outputs are compared like with like (y with y, h with h), so A's are not drawn.",
  "compare.outputs-dashed": "Dashed: A.",
  "compare.outputs-a-readout": "A has a readout and B none: A's outputs are not drawn.",
  "compare.outputs-b-readout": "B has a readout and A none: A's outputs are not drawn.",
  "compare.outputs-many": "A's outputs are not drawn over a heatmap of many classes: swap A and B to see them.",
  "compare.a-title": "A: {title}",
  "compare.no-step": "A has no step {t}",
  "compare.no-step-long": "A has no step {t}: its last step is {last}.",
  "compare.pinned-toast": "Pinned as A. Change the network or load another and run it: that is B.",
  "compare.saved": "The saved network A",
  "compare.linked": "A linked network",
  "compare.load-failed": "The network to compare with (compare=) cannot be loaded: {msg}",
  "compare.traj-own": "A (dashed) in its own coordinates: its size differs, so the shapes compare, the positions do not.",
  "compare.traj-joint": "A (dashed) in the same coordinates: one PCA fitted on both paths.",
  "compare.traj-same": "A (dashed) on the same axes.",
  // i11-speed
  "lightrun.left-out": "To keep this run light ({size}), the page recorded {kept} only: {left} were left out. To see them, choose Precision and size → Record → “states and gates” or “every intermediate”, then Run.",
  // i13-edit
  "edit.undo": "Undo",
  "edit.redo": "Redo",
  "edit.reset": "Reset to the preset",
  "edit.bar": "Editing the numbers",
  "edit.hint": "Drag a number, or focus it and press ↑/↓ (Shift ×10, Alt ×0.1); Enter to type.",
  "edit.form-error": "The form has an error: fix it before editing a number.",
  "edit.convert-failed": "The weights could not be converted for editing: {msg}",
  "edit.cannot": "{what} cannot be edited in this network.",
  "edit.converted": "(The weights were in the {from} format: they are now in the canonical format, which maps every number one to one.)",
  "edit.changed": "{what}: {from} → {to}.",
  "edit.undone": "Undone: {what}.",
  "edit.redone": "Redone: {what}.",
  "edit.reset-done": "Back to the network as it was loaded.",
  "edit.type": "Type a new value for {what}",
  "edit.not-a-number": "“{text}” is not a number.",
  "weights.title": "Weights",
  "weights.help": "One matrix of the layer shown, for one gate, coloured blue (negative) to red (positive) around 0. Drag a cell, or focus it and press ↑/↓, or Enter to type: the network runs again.",
  "weights.kind": "Matrix",
  "weights.gate": "Gate",
  "weights.biases": "biases",
  "weights.readout": "readout",
  "weights.none": "The weights of this network are too large to show here (the worked step says so too).",
  "weights.rows-out": "outputs",
  "weights.rows-units": "units",
  "weights.cols-in": "inputs",
  "weights.cols-h": "units of h",
  "weights.note": "{r} × {c}: rows are {rows}, columns {cols}; the colours reach ±{max}.",
  "weights.aria": "Weight matrix, {r} rows by {c} columns",
  "weights.bias-note": "{h} units, the input bias and the recurrent bias; the colours reach ±{max}.",
  "weights.selected": "Cell [{r}, {c}]:"
});

// static/js/i18n/zh.js
var zh_default = Object.freeze({
  "page.title": "rnnscope · 一步一步看循环神经网络",
  "page.description": "载入一个 RNN、LSTM 或 GRU，按下播放，看每一步的每个数字以及它从哪里来。",
  "skip": "跳到图表",
  "brand.tag": "一步一步看循环神经网络",
  "preset": "预设",
  "preset.custom": "（自定义）",
  "copy-link": "复制链接",
  "editor.hide": "隐藏编辑器",
  "editor.show": "显示编辑器",
  "editor.label": "网络、权重和输入",
  "run": "运行",
  "model": "模型",
  "cell": "循环单元",
  "model.rnn": "RNN（Elman 网络）",
  "model.layers": "层数",
  "model.input-size": "输入维度",
  "model.from-weights": "由权重决定",
  "model.hidden-size": "隐藏维度",
  "model.bidirectional": "双向",
  "model.nonlinearity": "非线性函数",
  "model.gate-activation": "门的激活函数",
  "model.hard-sigmoid-3": "hard sigmoid（Keras 3）",
  "model.hard-sigmoid-2": "hard sigmoid（Keras 2）",
  "model.reset-after": "重置门后置（PyTorch）",
  "model.proj-size": "投影维度",
  "model.readout-size": "读出层大小",
  "model.no-readout": "0 = 没有读出层",
  "model.readout-activation": "读出层激活函数",
  "act.identity": "恒等",
  "weights": "权重",
  "weights.format": "格式",
  "weights.pytorch": "PyTorch 的 state_dict",
  "weights.keras": "Keras 的 get_weights",
  "weights.tf1": "TensorFlow 1 的循环单元",
  "weights.book": "书中的变量名",
  "weights.canonical": "规范形式（按门）",
  "weights.random": "随机（指定种子）",
  "weights.seed": "种子",
  "weights.format-hint": "切换格式时，权重会通过 API 转换。",
  "weights.json": "权重 JSON",
  "weights.tidy": "整理 JSON",
  "weights.import": "导入文件…",
  "weights.random-button": "随机",
  "weights.files-hint": "文件：.safetensors、.npz 或 .json（由服务器读取；不接受 pickle 文件）。",
  "inputs": "输入",
  "inputs.kind": "输入类型",
  "inputs.numbers": "数字",
  "inputs.text": "文本",
  "inputs.sequence": "序列：JSON 格式的 (T)、(T, I) 或 (B, T, I)",
  "inputs.multi": "每行一个序列（一批）",
  "inputs.vocabulary": "词表",
  "inputs.vocabulary-placeholder": "排好序的不同字符",
  "inputs.vocabulary-hint": "按这个顺序对这些字符做 one-hot 编码",
  "inputs.pad": "补齐较短的行",
  "initial": "初始状态",
  "initial.label": "h₀（和 c₀）的 JSON；留空 = 全零",
  "options": "精度和大小",
  "options.precision": "精度",
  "options.auto": "自动",
  "options.record": "记录",
  "options.all": "所有中间量",
  "options.states-gates": "状态和门",
  "options.states": "只记录状态",
  "options.hint": "“自动”让大的运行保持轻量：用 float32、base64，并少记录一些字段。",
  "player": "播放器",
  "player.transport": "播放控制",
  "player.first": "第一步",
  "player.first-title": "第一步（Home）",
  "player.back": "后退一步",
  "player.back-title": "后退一步（←）",
  "player.play": "播放",
  "player.pause": "暂停",
  "player.play-title": "播放 / 暂停（空格）",
  "player.forward": "前进一步",
  "player.forward-title": "前进一步（→）",
  "player.last": "最后一步",
  "player.last-title": "最后一步（End）",
  "player.time-step": "时间步",
  "player.step": "当前步",
  "player.token-title": "当前这一步的输入",
  "player.speed": "速度",
  "speed.0.5": "每秒 0.5 步",
  "speed.1": "每秒 1 步",
  "speed.2": "每秒 2 步",
  "speed.4": "每秒 4 步",
  "speed.10": "每秒 10 步",
  "speed.30": "每秒 30 步",
  "speed.100": "每秒 100 步",
  "speed.300": "每秒 300 步",
  "speed.1000": "每秒 1000 步",
  "player.strip": "输入序列；当前这一步高亮显示",
  "player.selectors": "要看的内容",
  "layer": "层",
  "direction": "方向",
  "sequence": "序列",
  "unit": "神经元",
  "kbd.title": "Shift + 方向键：一次 10 步",
  "kbd.space": "空格",
  "kbd.play": "播放 ·",
  "kbd.step": "单步 ·",
  "empty": "选一个预设或描述一个网络，然后按",
  "panel.worked": "逐步演算",
  "panel.digits": "有效数字",
  "panel.heatmaps": "各神经元随时间的变化",
  "panel.quantities": "要显示的量",
  "panel.heatmaps-note": "每行是一个神经元，每列是一个时间步。有正有负的值用以 0 为中心的蓝–白–红色阶，宽度取这个量自己的取值范围（跨越多个数量级时用对数）；门的值用 0 到 1 的色阶。带框的列是当前这一步；点一个格子就跳到那一步。",
  "panel.lines": "选定的神经元",
  "lines.quantity": "量",
  "lines.units": "神经元",
  "lines.units-hint": "用逗号分隔，也可以写 0-7 这样的范围",
  "lines.aria": "选定神经元随时间的变化",
  "panel.trajectory": "状态空间",
  "trajectory.dims": "维数",
  "trajectory.2d": "二维",
  "trajectory.3d": "三维",
  "trajectory.aria": "隐藏状态的轨迹",
  "panel.outputs": "输出",
  "outputs.aria": "输出随时间的变化",
  "outputs.now-aria": "当前这一步的输出",
  "panel.table": "这一步的数值",
  "panel.export": "导出",
  "export.json": "运行记录（JSON）",
  "export.csv": "运行记录（CSV）",
  "export.csv-view": "本层、本序列的 CSV",
  "export.request": "请求（JSON）",
  "export.note": "CSV 的列：batch、layer、direction、quantity、unit、t、value。每个图都有 PNG 按钮（图的工具栏里也有一个）。",
  "footer.docs": "API 文档",
  "footer.exact": "· float64 下与 PyTorch 完全一致",
  "group.gates": "门",
  "group.pre_activation": "激活前的值",
  "group.input_term": "输入项",
  "group.recurrent_term": "循环项",
  "title.custom": "自定义网络",
  "toast.link-too-large": "这个配置太大，放不进链接。",
  "toast.link-copied": "链接已复制。",
  "toast.copy-from-bar": "请从地址栏复制链接。",
  "error.preset": "预设 {id}：{msg}",
  "status.fix-field": "请修改标出的字段。",
  "status.running": "运行中…",
  "status.too-large": "超出了这台服务器的限制。",
  "status.refused": "API 拒绝了这个请求：请看标出的字段。",
  "status.failed": "运行失败。",
  "status.bidirectional": " 双向",
  "count.steps": "{n} 步",
  "note.bad-link": "链接里的配置无法读取（{msg}）；改为显示默认预设。",
  "layer.n": "第 {n} 层",
  "layer.top": "（顶层）",
  "dir.forward": "正向",
  "dir.backward": "反向",
  "sr.step": "第 {t} 步，最后一步是 {last}",
  "sr.input": "，输入 {x}",
  "error.book-convert": "权重不能转换成书中的变量名；请选 PyTorch、Keras、TF1 或规范形式",
  "status.converting": "正在转换为 {to}…",
  "status.converted": "权重已转换为 {to}。",
  "status.convert-failed": "转换失败。",
  "status.reading": "正在读取 {name}…",
  "status.imported": "已导入 {name}：{cell}，{n} 个神经元。请按“运行”。",
  "status.import-failed": "导入失败。",
  "export.rows": "{rows} 行，{size}。",
  "export.too-many-rows": "{n} 行对一个 CSV 来说太多了；请只导出一层、一个序列",
  "plotly.failed": "plotly.js 无法加载",
  "form.whole-number": "需要一个整数",
  "form.seed-whole": "种子必须是整数",
  "form.weights-object": "权重必须是一个 JSON 对象",
  "form.type-text": "请至少输入一个字符",
  "form.inputs-list": "输入必须是一个列表：(T)、(T, I) 或 (B, T, I)",
  "form.state-object": '需要一个对象，例如 {"h": [[0, 0]]}',
  "form.bad-json-at": "不是有效的 JSON（第 {line} 行，第 {col} 列）：{msg}",
  "form.bad-json": "不是有效的 JSON：{msg}",
  "form.large-weights": "这些权重很大（{size} 的 JSON），已经保留，但不在编辑器里显示。可以转换、导入或选随机权重来替换它们。",
  "gate.lstm.i": "输入门 i",
  "gate.lstm.f": "遗忘门 f",
  "gate.lstm.g": "候选值 g",
  "gate.lstm.o": "输出门 o",
  "gate.gru.r": "重置门 r",
  "gate.gru.z": "更新门 z",
  "gate.gru.n": "候选值 n",
  "field.h": "隐藏状态 h",
  "field.c": "细胞状态 c",
  "field.pre_activation": "激活前的值",
  "field.pre_activation.rnn": "激活前的值 a",
  "field.input_term": "输入项 W_ih·x + b_ih",
  "field.recurrent_term": "循环项 W_hh·h + b_hh",
  "field.output": "输出（顶层）",
  "field.y": "读出 y",
  "field.of-gate": "{g} 的{field}",
  "axis.step": "时间步 t",
  "axis.step-short": "步",
  "unit.n": "神经元 {k}",
  "word.unit": "神经元",
  "plot.not-recorded": "这次运行没有记录它。",
  "heatmap.nothing": "没有选择任何量，或者这次运行没有记录。",
  "heatmap.aria": "{label} 的热力图，{k} 个神经元 × {t} 步",
  "heatmap.stride": "每 {n} 步取一列；放大可看全部",
  "outputs.softmax": "读出层 y = softmax(W·out + b)：每一步给 {k} 个类别各一个概率。",
  "outputs.readout": "读出层 y = {act}(W·out + b)，作用在顶层的输出上，每步 {n} 个值。",
  "outputs.none": "没有读出层：网络的输出就是顶层的 h{bi}。",
  "outputs.none-some": "没有读出层：网络的输出就是顶层的 h{bi}；这里画出 {n} 个神经元中的前 {k} 个。",
  "outputs.bi": "（[正向 | 反向]）",
  "outputs.fwd": "正向 {k}",
  "outputs.bwd": "反向 {k}",
  "outputs.output": "输出",
  "outputs.probs-at": "t = {t} 时的概率",
  "outputs.values-at": "t = {t} 时的值",
  "outputs.top": "，前 {n} 个",
  "outputs.next": "下一个输入是“{tok}”：模型给它的概率是 {p}%。",
  "table.unit": "神经元",
  "table.pages": "表中显示的神经元",
  "table.page": "神经元 {a}–{b}",
  "table.caption": "第 {layer} 层{dir}，序列 {b}，时间步 t = {t}",
  "table.input": "，输入“{x}”",
  "tokens.more": "还有 {n} 个 …",
  "trajectory.not-recorded": "这次运行没有记录 h。",
  "trajectory.one": "h 只有一个神经元：显示它随时间的值。",
  "trajectory.pca": "PCA 投影：h 有 {p} 个神经元，这里画在前 {d} 个主成分上（占这个序列方差的 {pct}%）。",
  "trajectory.direct": "h 有 {p} 个神经元，直接画出{extra}。",
  "trajectory.switch-3d": "（h[0]、h[1]；切换到三维可以看 h[2]）",
  "trajectory.needs-3": "三维需要至少 3 个神经元。",
  "diagram.h-prev": "h（上一步）",
  "diagram.c-prev": "c（上一步）",
  "diagram.h-new": "h（新）",
  "diagram.c-new": "c（新）",
  "diagram.loop": "h 成为下一步的 h_prev",
  "diagram.legend-gates": "门 0 → 1",
  "diagram.legend-signed": "有正负：− 0 +",
  "diagram.title": "{cell} 单元，神经元 {u}",
  "diagram.caption": "神经元 {j}，时间步 t = {t}",
  "sep": "，",
  "sequence.n": "序列 {b}",
  "worked.others-zero": "（其余 {n} 个 {v} 为 0）",
  "worked.sum": "{n} 个乘积之和 = ",
  "check.recorded": "引擎记录的 {label} = ",
  "check.identical": "（完全相同）",
  "check.rounding": "（相差 {d}，舍入误差）",
  "check.differs": "，但这里重算得到 {v}",
  "worked.projection": "有投影时，h = W_hr·m 的宽度是 {p}。",
  "worked.tiny": "所有神经元一起算（向量和矩阵）",
  "worked.class": "（类别 {k}{label}，最大的一个）",
  "worked.readout": "顶层输出上的读出层{cls}：",
  "worked.loading": "正在载入权重，以写出每一个乘积…",
  "worked.too-large": "权重太大，不为写出乘积而载入；这里显示记录下来的各项。",
  "worked.unit": "神经元 {j}",
  "worked.prev-init": "h_init 是初始状态{zeros}",
  "worked.zeros": "（全零）",
  "worked.prev": "h{sub} 是第 {p} 步的状态{back}",
  "worked.backward-note": "（反向从最后一步算到第一步）",
  "worked.x-layer": "x{sub} 是第 {l} 层在这一步的输出{bi}",
  "worked.x-bi": " [正向 | 反向]",
  "worked.x-onehot": "x{sub} 是“{tok}”的 one-hot 向量",
  "worked.x-step": "x{sub} 是第 {t} 步的输入",
  "worked.where": "{where}。{x}；{prev}。",
  "worked.book": "用书中的变量名：before_activation = state · w_cell_state + x · w_cell_input + b_cell；w_cell_state.T 的各行就是这里所用 W_hh 的各行。",
  "lang.en": "English",
  "lang.zh": "中文",
  "lang.label": "语言",
  "embed.open": "在 rnnscope 中打开",
  "embed.open-title": "在新标签页中打开这个视图（带编辑器）",
  "embed.edit": "编辑",
  "share.embed": "嵌入",
  "share.embed-title": "把这个视图放进课程网页",
  "share.download": "下载网页",
  "share.download-title": "一个 HTML 文件，含这个网络和它的运行记录，不需要服务器",
  "share.heading": "嵌入这个视图",
  "share.intro": "把下面任一段代码粘贴到接受 HTML 的课程网页、博客或学习平台（Moodle、Canvas、Jupyter Book）里。读者可以播放、逐步查看这个网络。",
  "share.views": "显示的视图",
  "share.options": "选项",
  "share.editor": "编辑器（读者可以修改网络）",
  "share.autoplay": "自动播放",
  "share.height": "高度（像素）",
  "share.iframe": "iframe：任何接受 HTML 的网站",
  "share.script": "脚本：高度随内容自动调整",
  "share.standalone": "独立网页：一个文件，不需要服务器（放在学习平台的文件区或 U 盘里都行）",
  "share.copy": "复制",
  "share.copied": "已复制。",
  "share.copy-failed": "请选中文字后按 Ctrl+C。",
  "share.preview": "预览",
  "share.close": "关闭",
  "share.long-link": "这个网络不是预设，整个网络都在链接里（{size}）。有些网站会截断长链接：独立网页更稳妥。",
  "share.oembed": "支持 oEmbed 的网站（WordPress、Moodle 的 oEmbed 过滤器）直接粘贴页面链接就能嵌入。",
  "share.building": "正在生成网页…",
  "share.saved": "已保存 {name}（{size}）。",
  "share.failed": "无法生成网页：{msg}",
  "offline.note": "这个网页是从 rnnscope 保存下来的，带着网络和运行记录，不需要服务器。要修改网络，请在 rnnscope 中打开（pip install rnnscope，然后 rnnscope serve）。",
  "offline.cannot-run": "这个保存下来的网页只能显示保存时的网络；要修改网络，需要 rnnscope 服务器",
  "offline.footer": "{date} 从 rnnscope {version} 保存",
  "grad.group": "梯度",
  "grad.on": "沿时间反向传播",
  "grad.on-hint": "每一步还能多强地影响到最后：梯度消失与梯度爆炸。立即运行。",
  "grad.loss": "损失",
  "grad.loss-sum": "输出之和（有读出层时为 y 之和）",
  "grad.loss-mse": "与目标的均方误差",
  "grad.targets": "目标（JSON）：有读出层时为 (B, T, O)，否则为 (B, T, 方向数·隐藏维度)",
  "grad.targets-hint": "修改之后请按“运行”。",
  "grad.panel": "沿时间的梯度",
  "grad.curve-title": "雅可比范数 ‖∂s",
  "grad.curve-log": "‖，对数坐标",
  "grad.curve-dot": "红点是当前这一步",
  "grad.curve-aria": "雅可比范数随时间的变化",
  "grad.heat-log": "|，按神经元，对数色阶",
  "grad.heat-aria": "各神经元的损失梯度随时间的变化",
  "grad.verdict.vanishing": "消失",
  "grad.verdict.exploding": "爆炸",
  "grad.verdict.kept": "保持",
  "grad.verdict.unknown": "不是数",
  "grad.loss.mse": "与目标的均方误差",
  "grad.loss.sum-y": "读出 y 之和",
  "grad.loss.sum": "输出之和",
  "grad.loss-not-finite": "L 不是有限值 · {what}",
  "grad.s-layer": "第 {l} 层的 ",
  "grad.s-lstm": " 与 c 叠在一起",
  "grad.note": "强度 = ‖∂s_end / ∂s_t‖，即第 t 步之后状态的一个小变化还能让最后的状态变动多少（s = {s}）。低于 {vanish} 为消失，高于 {explode} 为爆炸，介于两者之间为保持。",
  "grad.note-softmax": "softmax 的输出在每一步加起来都是 1，所以它们的和不依赖权重：它的梯度 ∂L/∂h 除舍入误差外为零。选 MSE 损失才能看到梯度。",
  "grad.note-backward": "反向从最后一步读到第一步，所以它的终点是第 0 步，曲线朝 t = 0 上升。",
  "grad.note-forward": "正向在第 {last} 步结束；选反向可以看在第 0 步结束的那一个。",
  "grad.no-curve": "这么大的运行没有计算雅可比范数曲线（见上面的警告）；下面的热力图仍然显示 ∂L/∂h。",
  "grad.step": "第 {t} 步",
  "grad.reading-end": "{at} 的状态是{dir}传播的终点：其他每一步的强度都以它为基准（这里是 1）。",
  "grad.dir.forward": "正向",
  "grad.dir.backward": "反向",
  "grad.reading": "{at} 的状态到达终点（第 {end} 步{later}）时的强度为 {strength}：{verdict}{rate}。",
  "grad.later": "，{n} 步之后",
  "grad.later-backward": "，反向要再读 {n} 步才到",
  "grad.rate": "（平均每步 ×{r}）",
  "grad.nothing": "（一点都没有传到）",
  "grad.no-gradient": "这一层、这个方向没有梯度。",
  "grad.above": "高于 {x}",
  "grad.below": "低于 {x}",
  "grad.current-step": "当前步",
  "grad.strength-axis": "强度（对数）",
  "grad.curve-aria-full": "雅可比范数在 {n} 步上的对数图，从第 0 步的 {a} 到第 {last} 步的 {b}",
  "grad.heat-aria-full": "|∂L/∂h| 的对数色阶热力图，{k} 个神经元 × {t} 步",
  "grad.targets-missing": "MSE 损失需要目标：有读出层时为 (B, T, O)，否则为 (B, T, 方向数·隐藏维度)",
  "grad.targets-list": "目标必须是 (B, T, O) 的列表",
  "table.pre": "激活前 {g}",
  "table.in": "输入项 {g}",
  "table.rec": "循环项 {g}",
  "plotly:Autoscale": "自动缩放",
  "plotly:Box Select": "矩形选择",
  "plotly:Compare data on hover": "悬停时比较数据",
  "plotly:Download plot as a PNG": "下载图片（PNG）",
  "plotly:Download plot": "下载图片",
  "plotly:Lasso Select": "套索选择",
  "plotly:Orbital rotation": "轨道旋转",
  "plotly:Pan": "平移",
  "plotly:Reset axes": "重置坐标轴",
  "plotly:Reset camera to default": "相机恢复默认",
  "plotly:Reset camera to last save": "相机恢复上次保存",
  "plotly:Reset view": "重置视图",
  "plotly:Reset views": "重置视图",
  "plotly:Reset": "重置",
  "plotly:Show closest data on hover": "悬停时显示最近的数据",
  "plotly:Toggle Spike Lines": "切换辅助线",
  "plotly:Toggle show closest data on hover": "切换悬停时显示最近的数据",
  "plotly:Turntable rotation": "转盘旋转",
  "plotly:Zoom in": "放大",
  "plotly:Zoom out": "缩小",
  "plotly:Zoom": "缩放",
  "plotly:Double-click to zoom back out": "双击恢复缩放",
  "plotly:Double-click on legend to isolate one trace": "双击图例可单独显示一条曲线",
  "plotly:Preparing image - this may take a few seconds": "正在生成图片，可能需要几秒钟",
  "plotly:Image download succeeded": "图片下载成功",
  "plotly:Sorry, there was a problem downloading your image!": "抱歉，下载图片时出了问题！",
  "preset.saved.title": "保存的网络",
  "preset.book-rnn.title": "书中的两单元 RNN",
  "preset.book-rnn.description": "课本里手算的例子（TensorFlow 书中的 RNN）：两个 tanh 神经元，每步一个输入，X = [1, 2]，从状态 [0, 0] 开始。每一步 before_activation = state · w_cell_state + x · w_cell_input + b_cell，state = tanh(before_activation)，output = state · w_output + b_output。第 0 步得到 before_activation [0.6, 0.5]，输出 1.5613；第 1 步得到 [1.2923, 1.3923]，输出 2.7271。每个数字都可以在“逐步演算”里亲手核对。",
  "preset.tf1-basic-lstm.title": "TensorFlow 1 的 BasicLSTMCell",
  "preset.tf1-basic-lstm.description": "课本用 TensorFlow 1 的 BasicLSTMCell 勾勒了一个 LSTM；这里是一个 3 个神经元、2 个输入、5 步的例子，用 TF1 自己的布局：一个形状为 (输入数 + 神经元数, 4 · 神经元数) 的 kernel 作用在 [x, h] 上，它的列分成 i、j、f、o 四个门，运行时再给 f 加上 forget_bias = 1.0（它不存在检查点里）。rnnscope 把这些块重排成 PyTorch 的 i、f、g、o，并把遗忘偏置并入 b_f，于是可以看到遗忘门从 σ(1) ≈ 0.73 附近开始，让细胞状态保持下去。",
  "preset.gru-hello.title": '读 "hello" 的 GRU',
  "preset.gru-hello.description": '一个 4 个神经元的 GRU 一次读 "hello" 的一个字符，每个字符是词表 e、h、l、o 上的 one-hot 向量，softmax 读出层把每个隐藏状态变成下一个字符的概率。权重是 PyTorch 风格的随机值（种子 3），所以预测没有经过训练：看重置门 r 决定旧状态有多少进入候选值 n，更新门 z 把旧状态和候选值混合起来。',
  "preset.relu-rnn.title": "不断增长的 ReLU RNN",
  "preset.relu-rnn.description": "用 ReLU 非线性函数的 Elman RNN：三个神经元、一个输入，连续八步输入常数 1。ReLU 不会饱和，循环矩阵的增益又大于 1，所以状态一步一步不断增长，而不像 tanh 神经元那样趋于稳定。激活前的值为负的神经元被截成 0，不传递信号。",
  "preset.lstm-bidirectional.title": "两层双向 LSTM",
  "preset.lstm-bidirectional.description": "两层叠起来的双向 LSTM，每层 4 个神经元，输入是 6 步、每步 3 个特征的序列，相当于 PyTorch 的 nn.LSTM(3, 4, num_layers=2, bidirectional=True) 加默认随机初始化（种子 0）。反向从最后一步读到第一步，但每个状态存放在它自己的时间位置上；第二层读的是第一层的 [正向 | 反向]。用“层”和“方向”选择器来比较它们。",
  "preset.vanishing-tanh.title": "梯度消失：增益 0.5 的 tanh RNN",
  "preset.vanishing-tanh.description": "一个 16 个神经元的 tanh RNN，循环矩阵是乘以 0.5 的正交矩阵，运行 50 步。沿时间反向传播时，每一步都把梯度乘以 diag(1 − h²) · W_hh，其范数至多为 0.5，所以早期各步对最终状态的影响按几何级数缩小：雅可比范数曲线每步大约下降一半，到开头时只剩 1e-15。这就是普通 RNN 会遗忘的原因：最后的损失教不到早期的步骤。",
  "preset.exploding-linear.title": "梯度爆炸：增益 1.5 的线性 RNN",
  "preset.exploding-linear.description": "八个 ReLU 神经元，输入都是正数，所以每个状态都保持为正，ReLU 相当于恒等函数：网络是线性的，h_t = 1.5 · P h_{t−1} + W x_t，其中 P 是一个置换矩阵。没有任何饱和，所以沿时间每反向一步，梯度就乘以 1.5：雅可比范数曲线按 1.5^k 增长，29 步后约为 1.3e5，状态本身也增长得一样快。没有压缩型非线性函数时，大的增益会让训练不稳定。",
  "preset.lstm-memory.title": "会记忆的 LSTM：遗忘门让通路保持畅通",
  "preset.lstm-memory.description": "一个 8 个神经元的 LSTM，遗忘门偏置设为 4，所以每一步 f ≈ σ(4) ≈ 0.98，和梯度消失的 tanh RNN 一样运行 50 步。细胞状态 c 几乎不变地向前传递（c_t = f ⊙ c_{t−1} + i ⊙ g），沿这条路径的梯度乘的是 f，而不是被压缩过的权重矩阵：雅可比范数曲线在全部 50 步里都保持在 1 的量级（介于 1 和 6 左右），而不是塌缩到 1e-15，所以最后一步仍然“听得见”第一步。可以和 vanishing-tanh 预设比较。",
  "openmodel.open": "打开模型…",
  "openmodel.open-title": "打开你保存的模型：.pt .keras .h5 .onnx .safetensors .npz .json（或拖放到页面任意位置）",
  "openmodel.files-hint": "文件：.pt、.keras、.h5、.onnx（连同它的 .onnx.data）、.safetensors、.npz、.json，以及旁边的 vocab.txt；也可以拖放到页面任意位置。文件中的任何内容都不会被执行。",
  "openmodel.drop": "把模型拖放到这里（连同它的 vocab.txt 或 .onnx.data）",
  "openmodel.bad-extension": "{name}：rnnscope 不读取这种文件。可接受：{list}",
  "openmodel.csv-to-editor": "{name}：{t} 步 × {i} 个输入，已放入编辑器的“数字”输入框。",
  "openmodel.close": "关闭模型卡片",
  "openmodel.reading": "正在读取你的模型…",
  "openmodel.reading-files": "正在读取 {names}…",
  "openmodel.title": "你的模型",
  "openmodel.failed": "无法打开这个文件",
  "openmodel.vocabulary": "词表",
  "openmodel.tokens": "{n} 个词元",
  "openmodel.no-vocabulary": "文件中没有（嵌入共 {n} 行）：请输入词元编号，或与模型一起打开一个 vocab.txt（每行一个词元）",
  "openmodel.wants": "输入",
  "openmodel.wants-ids": "词元编号，从 0 到 {max}",
  "openmodel.wants-ids-text": "词元编号（从 0 到 {max}），或用它的词表写成的文本（{split}）",
  "openmodel.wants-numbers": "数字：每步 {i} 个（T 行 × {i} 列的 CSV 文件）",
  "openmodel.head": "输出头",
  "openmodel.head-on-step": "作用于每一步",
  "openmodel.head-on-final": "作用于最终状态（多对一）：每个序列一个预测 y_final",
  "openmodel.warnings": ["文件没有说明的 {n} 件事，rnnscope 做了如下假设：", "文件没有说明的 {n} 件事，rnnscope 做了如下假设："],
  "openmodel.kind-ids": "词元编号",
  "openmodel.kind-text": "文本",
  "openmodel.kind-numbers": "数字（CSV）",
  "openmodel.ids-label": "词元编号：“3 14 15”，每行一个序列，或 JSON",
  "openmodel.ids-hint": "从 0 到 {max} 的整数；长度不同的几行作为一个批次运行，并附上各自的长度",
  "openmodel.text-label": "用模型词表写成的文本（{n} 个词元）",
  "openmodel.split": "切分为",
  "openmodel.split-chars": "字符",
  "openmodel.split-words": "单词",
  "openmodel.csv-label": "数字：CSV，每步一行，{i} 列（表头行可有可无）",
  "openmodel.csv-load": "载入 CSV…",
  "openmodel.csv-read": "{name}：{t} 步 × {i} 列{header}",
  "openmodel.csv-header": "（已跳过表头行）",
  "openmodel.ids-empty": "请至少输入一个词元编号",
  "openmodel.ids-json": "词元编号不是有效的 JSON：{msg}",
  "openmodel.ids-not-list": "词元编号的第 {b} 个序列不是列表",
  "openmodel.ids-empty-row": "词元编号的第 {b} 个序列是空的",
  "openmodel.ids-bad": "‘{v}’（序列 {b}，位置 {t}）不是词元编号：应为 ≥ 0 的整数",
  "openmodel.ids-range": "词元编号 {v}（序列 {b}，位置 {t}）超出了嵌入的范围：应为 0 到 {max}",
  "openmodel.text-empty": "请输入一些文本",
  "openmodel.unknown-word": "单词 ‘{token}’（位置 {t}）不在模型的词表中{more}",
  "openmodel.unknown-char": "字符 ‘{token}’（位置 {t}）不在模型的词表中{more}",
  "openmodel.and-more": "，还有其他的也不在",
  "openmodel.csv-width": "CSV 第 {line} 行有 {n} 列；上面的行有 {want} 列",
  "openmodel.csv-empty-cell": "CSV 第 {line} 行第 {col} 列{name}是空的",
  "openmodel.csv-not-number": "CSV 第 {line} 行第 {col} 列{name}：‘{v}’ 不是数字",
  "openmodel.csv-not-finite": "CSV 第 {line} 行第 {col} 列{name}：{v} 不是有限的数",
  "openmodel.csv-no-rows": "这个 CSV 没有数字行",
  "openmodel.csv-columns": "这个 CSV 有 {n} 列；该模型每步需要 {want} 个数",
  "openmodel.y-final-caption": "预测：作用于最终状态的输出头（y_final）。",
  "openmodel.y-steps": "输出头作用于每一步：{t} 步的 y 在“输出”面板中。",
  "openmodel.x-embedding": "x{sub} = E[id] 是 ‘{tok}’ 的嵌入行",
  "openmodel.numbers": "（共 {n} 个数）",
  "openmodel.row-of": "（{v} 行中的第 {id} 行）",
  "openmodel.check-vector": "{label} 的全部 {n} 个数与引擎的结果一致",
  "openmodel.check-differs": "：最多相差 {d}",
  "openmodel.masked": "编号 0 是 mask_zero 的填充编号：这一步保留上一步的状态和输出（Keras 的掩码）。",
  "openmodel.head-step": ["输出头：作用于 {input} 的 {n} 个全连接层。", "输出头：作用于 {input} 的 {n} 个全连接层。"],
  "openmodel.head-final": ["输出头：作用于最终状态 {input} 的 {n} 个全连接层，每一步都相同。", "输出头：作用于最终状态 {input} 的 {n} 个全连接层，每一步都相同。"],
  "openmodel.dense": ["全连接层 {k}：{n} 个神经元，{act}", "全连接层 {k}：{n} 个神经元，{act}"],
  "openmodel.y-final": "y_final = [{y}]",
  "field.embedding": "嵌入 x = E[id]",
  "field.head_pre": "输出头第 {k} 层：激活前 z",
  "field.head_act": "输出头第 {k} 层：激活值",
  "group.embedding": "嵌入",
  "group.head": "输出头",
  "openmodel.head-settings": "输出头：文件可能没有说明的部分",
  "openmodel.head-runs": "输出头读取",
  "openmodel.head-on-final-short": "最终状态（多对一）",
  "openmodel.head-act": "全连接层 {k}（{n} 个神经元）之后的激活函数",
  "openmodel.clip": "ONNX clip：每个激活前的值在进入激活函数之前被截断到 [−{clip}, {clip}]（上面的值是截断之前的）。",
  "openmodel.past-length": "这一行长 {n} 步：超过长度后它保持状态，输出为零（PyTorch 的 packed 序列、ONNX 的 sequence_lens），所以这里不计算。",
  // i10-ui
  "stale.note": "已修改，尚未运行：视图仍是上一次运行的结果。",
  "stale.run": "运行",
  "scale.unit": "0 到 1",
  "scale.signed": "±{m}",
  "scale.log": "±{m}，对数",
  "scale.fixed": "固定范围",
  "scale.fixed-hint": "tanh 的输出一律用 −1 到 1，而不是每个量自己的范围",
  "plot.alt": "这是数值的图示；数值表给出当前步的数值。",
  "sep.colon": "：",
  "limit.hidden": "本服务器每层（以及读出层）最多 {limit} 个神经元",
  "limit.input": "本服务器最多 {limit} 个输入特征（词表中的字符）",
  "limit.layers": "本服务器最多 {limit} 层",
  "limit.steps": "本服务器最多 {limit} 个时间步",
  "limit.batch": "本服务器一次最多 {limit} 个序列",
  "limit.trace": "本服务器每次运行最多记录 {limit} 个数：请减少步数、神经元或层数",
  "limit.work": "本服务器每次运行最多 {limit} 次乘加：请减少步数、神经元或层数",
  "limit.body": "本服务器每个请求最多 {limit} 字节",
  "limit.seconds": "本服务器每次运行最多计算 {limit} 秒",
  "limit.queue": "服务器正忙（最多等待 {limit} 秒）：请稍后再试",
  "apierr.limit": "太大了：{words}。",
  "apierr.limit-asked": "太大了：{words}；这里要求 {received}。",
  "apierr.shape": "每一步有 {received} 个数，但网络需要 {expected} 个（它的输入大小）",
  "apierr.vocabulary": "文本中的这些字符不在词表里：{missing}",
  "apierr.missing": "这一项是必需的",
  "apierr.too-short": "这一项不能为空",
  "apierr.ge": "至少为 {v}",
  "apierr.gt": "须大于 {v}",
  "apierr.le": "至多为 {v}",
  "apierr.lt": "须小于 {v}",
  "apierr.int": "需要一个整数",
  "apierr.number": "需要一个数",
  "apierr.bool": "需要 true 或 false",
  "apierr.string": "需要文本",
  "apierr.list": "需要一个列表",
  "apierr.object": "需要一个 JSON 对象",
  "apierr.literal": "须是 {expected} 之一",
  "apierr.extra": "这里不认识这个键",
  "apierr.too-long": "最多 {v} 个字符",
  "apierr.too-long-list": "最多 {v} 项",
  "apierr.json": "不是有效的 JSON",
  "apierr.network": "无法连接服务器",
  "apierr.pickle": "pickle 文件会被拒绝（它们可能执行代码）；请把权重存为 .safetensors、.npz 或 .json",
  "apierr.server": "服务器处理这个请求时出错",
  "apierr.other": "服务器拒绝了这个值（原文）：{msg}",
  "grad.note-sum-flat": "这里的损失 L 是每一步输出之和，所以 ∂L/∂h_t 是第 t 步自己输出的梯度加上后面各步传回来的梯度。每一步自己的输出都给它大小相近的梯度，所以即使上面的曲线（只看通向终点的路径）已经消失，|∂L/∂h_t| 看起来仍然平坦。选择均方误差损失并只在最后一步给目标，热图里也能看到梯度消失。",
  "table.more": "第 {a}–{b} 个神经元，共 {k} 个；其余的请用上面的分页",
  "table.scroll": "共 {n} 列：左右滚动可看全部",
  "note.cfg-unreadable": "cfg= 不是本页面写出的配置",
  "table.region": "数值表（可滚动）",
  "grad.loss-last": "只取最后一步的输出",
  "grad.loss-ce": "与下一个字符或类别的交叉熵",
  "lesson.panel": "课程",
  "lesson.kicker": "课程",
  "lesson.step": "第 {k} 步，共 {n} 步",
  "lesson.steps": "课程步骤",
  "lesson.prev": "← 上一步",
  "lesson.next": "下一步 →",
  "lesson.check": "检查",
  "lesson.right": "正确。",
  "lesson.wrong": "不太对。",
  "lesson.your-answer": "你的答案",
  "lesson.pick-one": "请先选择一个答案。",
  "lesson.enter-number": "请先输入一个数。",
  "lesson.watch-unit": "观察单元 {units}",
  "lesson.watch-units": "观察单元 {units}",
  "lesson.watch-quantities": "（{q}）",
  "lesson.open": "课程",
  "lesson.open-file": "打开课程文件：",
  "lesson.open-source": "或者输入本服务器上课程的地址，或粘贴它的 JSON：",
  "lesson.source-placeholder": '/static/my-lesson.json，或粘贴 { "id": …, "steps": [ … ] }',
  "lesson.load": "打开课程",
  "lesson.write-your-own": "课程是一个由若干步骤组成的 JSON 文件，每一步包含中英文文本、网络、视图和可选的问题：见 docs/lessons.md。",
  "lesson.error": "无法打开这个课程（{name}）：",
  "lesson.too-large": "文件超过 {max} 字节",
  "lesson.pasted": "粘贴的 JSON",
  "lesson.bad-url": "不是一个地址",
  "lesson.cross-origin": "只能通过地址打开本服务器（{origin}）上的课程；请下载文件后再打开",
  "lesson.bad-json": "不是有效的 JSON：{msg}",
  "preset.trained-depth.title": "会数括号的单元（训练好的 LSTM）",
  "preset.trained-memory-rnn.title": "记住一个比特 30 步（RNN，已训练）",
  "preset.trained-memory-gru.title": "记住一个比特 30 步（GRU，已训练）",
  "preset.trained-memory-lstm.title": "记住一个比特 30 步（LSTM，已训练）",
  "preset.trained-sine.title": "延续正弦波（训练好的 RNN）",
  "preset.trained-chars.title": "预测下一个字符（在布莱克诗上训练的 LSTM）",
  "preset.trained-depth.description": "一个 4 单元的 LSTM 读入由 ( 和 ) 组成的字符串，被训练成在每个字符后输出当前的嵌套深度（读出值四舍五入就是深度）。有一个细胞状态单元每遇到 ( 就上升差不多相同的量，遇到 ) 就下降：它在计数。由 scripts/train_presets.py 训练。",
  "preset.trained-memory-rnn.description": "一个 4 单元的 RNN 在第 0 步看到一个比特（+1 或 -1），之后是 29 步噪声，最后一步必须说出它看到的是哪个比特（sigmoid 读出：为 +1 的概率）。RNN、GRU 和 LSTM 三个预设用相同的数据、种子和训练预算训练（1500 步 Adam；带门的单元的遗忘门/更新门偏置从 +3 开始）。RNN 的留出正确率只有瞎猜水平。由 scripts/train_presets.py 训练。",
  "preset.trained-memory-gru.description": "一个 4 单元的 GRU 在第 0 步看到一个比特（+1 或 -1），之后是 29 步噪声，最后一步必须说出它看到的是哪个比特（sigmoid 读出：为 +1 的概率）。与 RNN、LSTM 预设用相同的数据、种子和训练预算训练（1500 步 Adam；更新门偏置从 +3 开始）。由 scripts/train_presets.py 训练。",
  "preset.trained-memory-lstm.description": "一个 4 单元的 LSTM 在第 0 步看到一个比特（+1 或 -1），之后是 29 步噪声，最后一步必须说出它看到的是哪个比特（sigmoid 读出：为 +1 的概率）。与 RNN、GRU 预设用相同的数据、种子和训练预算训练（1500 步 Adam；遗忘门偏置从 +3 开始）。由 scripts/train_presets.py 训练。",
  "preset.trained-sine.description": "一个 6 单元的 tanh RNN 逐个读入正弦波的数值（每周期 16 步），并预测下一个数。单凭一个数值无法判断波是在上升还是下降：状态必须记住这一点，有一个单元跟随着余弦。由 scripts/train_presets.py 训练。",
  "preset.trained-chars.description": "一个 32 单元的 LSTM 在威廉·布莱克的《羔羊》和《老虎》（1789/1794，公有领域；scripts/data/blake.txt）上训练，预测下一个字符：读出层是对 34 个字符的 softmax。最后一节被留出。由 scripts/train_presets.py 训练。",
  "preset.trained-sentiment.title": "这条影评是正面的吗？（嵌入 + LSTM，已训练）",
  "preset.trained-sentiment.description": '输入六个词，输出一个概率：22 个词的嵌入（每个 6 个数）送入一个 6 单元的 LSTM，再由带 sigmoid 的全连接层读取它的最终状态：这条影评是正面的概率。"not" 会把形容词的意思反过来。由 scripts/train_presets.py 训练。',
  // i13-compare
  "compare.describe": "{cell} {layers}{n} 个单元{proj}{bi}",
  "compare.proj": "，投影到 {p}",
  "compare.bidirectional": "，双向",
  "compare.cannot-diff": "B − A 需要相同的单元类型和大小：A 是 {a}，B 是 {b}。",
  "compare.common-steps": "A 有 {ta} 步，B 有 {tb} 步：B − A 和 A 的视图只覆盖共同的第 0 到 {last} 步。",
  "compare.common-seqs": "A 有 {ba} 个序列，B 有 {bb} 个：B − A 只比较两者都有的序列。",
  "compare.pin": "固定为 A",
  "compare.pin-title": "把这次运行固定为 A，与接下来运行的网络（B）比较",
  "compare.swap": "交换 A 和 B",
  "compare.unpin": "取消固定 A",
  "compare.heading": "比较两次运行",
  "compare.worked-a": "A 的逐步计算",
  "compare.heatmaps": "B − A 与 A 随时间的变化",
  "compare.heatmaps-note": "上方的“单元随时间变化”面板显示 B。这里：B − A 用自己的、以 0 为中心的色标（红：B 更大，蓝：A 更大），然后是 A（用它自己的色标）。两者共用同一步。",
  "compare.diff-title": "B − A",
  "compare.b-title": "此面板显示 B，即编辑器中的网络",
  "compare.in-editor": "在编辑器中",
  "compare.pinned": "已固定",
  "compare.edited": "你的网络",
  "compare.can-all": "所有视图都可比较：折线图、状态空间、输出和梯度曲线中 A 为虚线；A 的逐步计算和 B − A 热图在 B 的旁边。",
  "compare.can-some": "可以比较的：输出、梯度曲线、状态空间中的形状和长度；A 的逐步计算和热图显示在 B 的旁边。",
  "compare.grad-only-a": "只有 A 有梯度：为 B 打开“随时间反向传播”即可比较两条曲线。",
  "compare.grad-only-b": "只有 B 有梯度：不画 A 的曲线（请把带梯度的运行固定为 A）。",
  "compare.readout-one": "两者中只有一个有读出层：输出只同类相比（y 对 y，h 对 h），因此不画 A 的输出。",
  "compare.outputs-dashed": "虚线：A。",
  "compare.outputs-a-readout": "A 有读出层而 B 没有：不画 A 的输出。",
  "compare.outputs-b-readout": "B 有读出层而 A 没有：不画 A 的输出。",
  "compare.outputs-many": "类别很多时输出画成热图，不在其上画 A 的输出：交换 A 和 B 即可看到。",
  "compare.a-title": "A：{title}",
  "compare.no-step": "A 没有第 {t} 步",
  "compare.no-step-long": "A 没有第 {t} 步：它的最后一步是第 {last} 步。",
  "compare.pinned-toast": "已固定为 A。修改网络或载入另一个并运行：那就是 B。",
  "compare.saved": "保存的网络 A",
  "compare.linked": "链接中的网络",
  "compare.load-failed": "无法载入要比较的网络（compare=）：{msg}",
  "compare.traj-own": "A（虚线）用它自己的坐标：大小不同，所以只比较形状，不比较位置。",
  "compare.traj-joint": "A（虚线）与 B 用同一坐标：在两条路径上一起拟合的 PCA。",
  "compare.traj-same": "A（虚线）在同一坐标轴上。",
  // i11-speed
  "lightrun.left-out": "为了让这次运行轻一些（{size}），页面只记录了 {kept}：{left} 没有记录。要看它们，请在“精度和大小”→“记录”里选“状态和门”或“所有中间量”，再运行。",
  // i13-edit
  "edit.undo": "撤销",
  "edit.redo": "重做",
  "edit.reset": "恢复为预设",
  "edit.bar": "编辑数值",
  "edit.hint": "拖动一个数，或选中后按 ↑/↓（Shift ×10，Alt ×0.1）；按 Enter 输入。",
  "edit.form-error": "表单有错误：请先修正，再编辑数值。",
  "edit.convert-failed": "无法转换权重以便编辑：{msg}",
  "edit.cannot": "这个网络中的 {what} 无法编辑。",
  "edit.converted": "（权重原为 {from} 格式，现已改为 canonical 格式，每个数一一对应。）",
  "edit.changed": "{what}：{from} → {to}。",
  "edit.undone": "已撤销：{what}。",
  "edit.redone": "已重做：{what}。",
  "edit.reset-done": "已恢复为载入时的网络。",
  "edit.type": "为 {what} 输入新值",
  "edit.not-a-number": "“{text}”不是一个数。",
  "weights.title": "权重",
  "weights.help": "所示层的一个门的一个矩阵，以 0 为中心，负为蓝、正为红。拖动一个格子，或选中后按 ↑/↓，或按 Enter 输入：网络会重新运行。",
  "weights.kind": "矩阵",
  "weights.gate": "门",
  "weights.biases": "偏置",
  "weights.readout": "读出层",
  "weights.none": "这个网络的权重太大，无法在此显示（逐步计算中也有说明）。",
  "weights.rows-out": "输出",
  "weights.rows-units": "单元",
  "weights.cols-in": "输入",
  "weights.cols-h": "h 的单元",
  "weights.note": "{r} × {c}：行是{rows}，列是{cols}；颜色范围 ±{max}。",
  "weights.aria": "权重矩阵，{r} 行 {c} 列",
  "weights.bias-note": "{h} 个单元，输入偏置和循环偏置；颜色范围 ±{max}。",
  "weights.selected": "格子 [{r}, {c}]："
});

// static/js/i18n.js
var TABLES = Object.freeze({ en: en_default, zh: zh_default });
var LANGS = Object.freeze(Object.keys(TABLES));
function pickLang(search = "", languages = []) {
  const asked = new URLSearchParams(search).get("lang");
  if (asked && LANGS.includes(asked)) return asked;
  for (const l of languages || []) {
    const base = String(l).toLowerCase().split("-")[0];
    if (LANGS.includes(base)) return base;
  }
  return "en";
}
var lang = pickLang(
  pageSearch(),
  typeof navigator === "undefined" ? [] : navigator.languages || [navigator.language]
);
var table = TABLES[lang];
var warned = /* @__PURE__ */ new Set();
function tr(key, params = {}) {
  let v = table[key] ?? en_default[key];
  if (v === void 0) {
    if (!warned.has(key)) {
      warned.add(key);
      console.warn(`rnnscope: no string for ${key}`);
    }
    return key;
  }
  if (Array.isArray(v)) v = v[params.n === 1 ? 0 : 1] ?? v[0];
  return v.replace(/\{(\w+)\}/g, (m, name2) => name2 in params ? String(params[name2]) : m);
}
function trNodes(key, params = {}) {
  const plain = {};
  for (const [k, v] of Object.entries(params)) if (v === null || typeof v !== "object") plain[k] = v;
  return tr(key, plain).split(/(\{\w+\})/).filter((part) => part !== "").map((part) => {
    const m = /^\{(\w+)\}$/.exec(part);
    return m && m[1] in params ? params[m[1]] : part;
  });
}
function localizePreset(p) {
  const title = table[`preset.${p.id}.title`];
  const description = table[`preset.${p.id}.description`];
  return { ...p, title: title ?? p.title, description: description ?? p.description };
}
function plotlyLocale() {
  if (lang === "en") return null;
  const dictionary = {};
  for (const [k, v] of Object.entries(table)) if (k.startsWith("plotly:")) dictionary[k.slice(7)] = v;
  return { moduleType: "locale", name: lang === "zh" ? "zh-CN" : lang, dictionary };
}
var ATTRS = ["aria-label", "title", "placeholder"];
var SKIP = /* @__PURE__ */ new Set(["SCRIPT", "STYLE", "TEXTAREA", "CODE", "PRE"]);
function reverseTable() {
  const rev = /* @__PURE__ */ new Map();
  for (const [k, v] of Object.entries(en_default)) if (typeof v === "string" && !rev.has(v)) rev.set(v, k);
  return rev;
}
function translatePage(root = document) {
  const doc = root.ownerDocument || root;
  doc.documentElement.lang = lang === "zh" ? "zh-Hans" : "en";
  if (lang === "en") return;
  const rev = reverseTable();
  const swap = (text2) => {
    const key = rev.get(text2.trim());
    return key && table[key] !== void 0 ? text2.replace(text2.trim(), table[key]) : null;
  };
  const walker = doc.createTreeWalker(root === doc ? doc.documentElement : root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        return SKIP.has(node.tagName) || node.getAttribute("translate") === "no" ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (!node.nodeValue.trim()) continue;
      const out = swap(node.nodeValue);
      if (out !== null) node.nodeValue = out;
      continue;
    }
    for (const a of ATTRS) {
      const v = node.getAttribute(a);
      if (!v) continue;
      const out = swap(v);
      if (out !== null) node.setAttribute(a, out);
    }
  }
  const desc = doc.querySelector('meta[name="description"]');
  if (desc && rev.has(desc.content)) desc.content = table[rev.get(desc.content)];
}
function urlInLang(code, href = location.href) {
  const u = new URL(href);
  u.searchParams.set("lang", code);
  return u.pathname + u.search + u.hash;
}

// static/js/gradients.js
var VANISH = 0.1;
var EXPLODE = 10;
var DIRS = ["forward", "backward"];
function parseGradients(g, D) {
  const per = (list) => list.map((layer) => DIRS.slice(0, D).map((n2) => layer && layer[n2] ? toTensor(layer[n2]) : null));
  return {
    loss: typeof g.loss === "number" ? g.loss : NaN,
    // null in JSON when not finite
    hidden: Array.isArray(g.hidden) ? per(g.hidden) : [],
    jacobian: Array.isArray(g.jacobian_norm) ? per(g.jacobian_norm) : null
  };
}
function lossOf(body) {
  const g = body && body.options && body.options.gradients;
  if (!g) return null;
  return { kind: g === true || !g.loss ? "sum" : g.loss };
}
function classify(v) {
  if (Number.isNaN(v)) return "unknown";
  if (v < VANISH) return "vanishing";
  if (v > EXPLODE) return "exploding";
  return "kept";
}
function fmtStrength(v) {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 0.01 && a < 1e3) return String(Number(v.toPrecision(2)));
  const [m, e] = v.toExponential(1).split("e");
  return `${m.replace(/\.0$/, "")}e${Number(e)}`;
}
function endStep(d, T) {
  return d === 1 ? 0 : T - 1;
}
function readingAt(curve, d, t) {
  const T = curve.length;
  const end = endStep(d, T);
  const steps = Math.abs(end - t);
  const strength = curve[t];
  const atEnd = steps === 0;
  const perStep = !atEnd && strength > 0 && Number.isFinite(strength) ? Math.pow(strength, 1 / steps) : null;
  return { t, end, steps, strength, verdict: atEnd ? "end" : classify(strength), perStep };
}
function positiveRange(data2) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data2.length; i++) {
    const v = data2[i];
    if (v > 0 && v < Infinity) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}
function logMagnitude(slab, decades = 16) {
  const src = slab.data;
  const out = new Float64Array(src.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < src.length; i++) {
    const a = Math.abs(src[i]);
    const v = a > 0 ? Math.log10(a) : a === 0 ? -Infinity : NaN;
    out[i] = v;
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) {
    lo = -1;
    hi = 0;
  }
  let zmax = Math.ceil(hi - 1e-9);
  let zmin = Math.floor(lo + 1e-9);
  if (zmax - zmin < 1) zmin = zmax - 1;
  if (zmax - zmin > decades) zmin = zmax - decades;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === -Infinity || out[i] < zmin) out[i] = zmin;
    else if (out[i] === Infinity) out[i] = zmax;
  }
  return { data: out, zmin, zmax };
}
function decadeTicks(zmin, zmax) {
  const span = zmax - zmin;
  const step = Math.max(1, Math.ceil(span / 6));
  const vals = [];
  for (let v = zmax; v >= zmin; v -= step) vals.unshift(v);
  return { tickvals: vals, ticktext: vals.map((v) => v === 0 ? "1" : v === 1 ? "10" : `10<sup>${v}</sup>`) };
}
function withGradients(body, value) {
  const b = structuredClone(body);
  const o = { ...b.options || {} };
  if (value) o.gradients = value;
  else delete o.gradients;
  if (Object.keys(o).length) b.options = o;
  else delete b.options;
  return b;
}
function canonical(v) {
  if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
  if (v && typeof v === "object") {
    return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
  }
  return JSON.stringify(v);
}
function gradientsToggle(body, presetStr) {
  if (!presetStr) return null;
  if (JSON.stringify(body) === presetStr) return "";
  const preset = JSON.parse(presetStr);
  const had = preset.options && preset.options.gradients;
  const has = body.options && body.options.gradients;
  const same = (a, b) => canonical(a) === canonical(b);
  if (same(body, preset)) return "";
  if (has === true && !had && same(withGradients(body, null), preset)) return "1";
  if (!has && had && same(withGradients(body, had), preset)) return "0";
  return null;
}

// static/js/runextra.js
var DIRECTIONS = ["forward", "backward", "reverse"];
function idRows(inputs) {
  const ids = inputs && !Array.isArray(inputs) && typeof inputs === "object" ? inputs.ids : null;
  if (!Array.isArray(ids) || !ids.length) return null;
  return Array.isArray(ids[0]) ? ids : [ids];
}
function extendRun(run, body, payload) {
  const m = payload.model || {};
  run.modelVocabulary = Array.isArray(body.vocabulary) ? body.vocabulary.map(String) : null;
  run.embedding = payload.embedding ? toTensor(payload.embedding) : null;
  run.head = Array.isArray(payload.head) ? payload.head.map((k) => ({ pre: toTensor(k.pre_activation), act: toTensor(k.activation) })) : null;
  run.headSpec = Array.isArray(m.head) ? m.head : m.readout ? [m.readout] : [];
  run.headOn = m.head_on === "final" ? "final" : "every_step";
  run.y_final = payload.y_final !== void 0 && payload.y_final !== null ? toTensor(payload.y_final) : null;
  run.lengths = Array.isArray(payload.lengths) ? payload.lengths : Array.isArray(body.lengths) ? body.lengths : null;
  if (Array.isArray(payload.trace)) {
    const most = Math.max(1, ...payload.trace.map((layer) => DIRECTIONS.filter((d) => layer[d]).length));
    run.D = Math.max(run.D, most);
  }
  if (run.embedding) run.I = run.embedding.shape[2];
  run.ids = idRows(body.inputs);
  if (run.ids && !Array.isArray(payload.tokens) && run.modelVocabulary) {
    const V = run.modelVocabulary;
    run.tokens = run.ids.map((row) => row.map((id) => id < V.length ? V[id] : `#${id}`));
  }
}
function idAt(run, b, t) {
  if (run.ids) return run.ids[b] && run.ids[b][t] !== void 0 ? run.ids[b][t] : null;
  if (run.tokens && run.modelVocabulary) {
    if (!run._vocabIndex) run._vocabIndex = new Map(run.modelVocabulary.map((tok, k2) => [tok, k2]));
    const k = run._vocabIndex.get(run.tokens[b]?.[t]);
    return k === void 0 ? null : k;
  }
  return null;
}
function headSeries(run, field, k) {
  const layer = run.head && run.head[Number(k)];
  if (!layer) return null;
  const t = field === "head_pre" ? layer.pre : layer.act;
  return t && t.shape.length === 3 ? t : null;
}
function headIsFinal(run, k = 0) {
  const layer = run.head && run.head[k];
  return !!layer && layer.pre.shape.length === 2;
}
function headInput(run, b, t) {
  if (!headIsFinal(run)) return run.output ? run.output.row(b, t) : null;
  const l = run.L - 1;
  const dirs = run.trace[l] || [];
  const last = run.lengths && run.lengths[b] ? run.lengths[b] - 1 : run.T - 1;
  if (dirs.length === 1) {
    const hT = dirs[0].h;
    return hT ? hT.row(b, run.reverseLayer(l) ? 0 : last) : null;
  }
  const f = dirs[0].h;
  const r = dirs[1] && dirs[1].h;
  if (!f || !r) return null;
  const hf = f.row(b, last);
  const hb = r.row(b, 0);
  const layer = run.model.layers && run.model.layers[l];
  const mode2 = layer && layer.merge_mode || "concat";
  if (mode2 === "concat") {
    const out = new Float64Array(hf.length + hb.length);
    out.set(hf, 0);
    out.set(hb, hf.length);
    return out;
  }
  const merge = { sum: (a, c) => a + c, mul: (a, c) => a * c, ave: (a, c) => (a + c) / 2 }[mode2];
  return merge ? Float64Array.from(hf, (v, k) => merge(v, hb[k])) : null;
}
function headRecorded(run, k, b, t) {
  const layer = run.head && run.head[k];
  if (!layer) return null;
  const row = (x) => x.shape.length === 3 ? x.row(b, t) : x.row(b);
  return { pre: row(layer.pre), act: row(layer.act) };
}

// static/js/run.js
var GATES = Object.freeze({ rnn: ["h"], lstm: ["i", "f", "g", "o"], gru: ["r", "z", "n"] });
var GATED_FIELDS = Object.freeze(["input_term", "recurrent_term", "pre_activation", "gates"]);
function gateActivation(model, g, l = 0) {
  const acts = model.layers && model.layers[l] && model.layers[l].activations || {};
  const name2 = (a) => a && typeof a === "object" ? a.name : a;
  if (model.cell === "rnn" || model.cell === "lstm" && g === "g" || model.cell === "gru" && g === "n") {
    return name2(acts.cell) || (model.cell === "rnn" ? model.nonlinearity || "tanh" : "tanh");
  }
  return name2(acts.gate) || model.gate_activation || "sigmoid";
}
function isUnitInterval(model, field, g) {
  if (field !== "gates") return false;
  const act = gateActivation(model, g);
  return act.includes("sigmoid");
}
function sortedDistinct(texts) {
  const set = /* @__PURE__ */ new Set();
  for (const t of texts) for (const ch of t) set.add(ch);
  return [...set].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
}
function inputTensor(inputs) {
  if (inputs === void 0 || inputs === null) return null;
  if (!Array.isArray(inputs)) return null;
  const t = toTensor(inputs);
  if (t.shape.length === 1) return new Tensor(t.data, [1, t.shape[0], 1]);
  if (t.shape.length === 2) return new Tensor(t.data, [1, ...t.shape]);
  return t;
}
function finalStates(v) {
  try {
    return toTensor(v);
  } catch {
    return v;
  }
}
var Run = class {
  /**
   * body: the request body sent; payload: the parsed response; meta: {ms, bytes}.
   */
  constructor(body, payload, meta = {}) {
    this.body = body;
    this.meta = meta;
    const m = payload.model;
    this.model = m;
    this.cell = m.cell;
    this.gates = GATES[m.cell];
    this.L = m.num_layers ?? 1;
    this.D = m.bidirectional ? 2 : 1;
    this.H = m.hidden_size;
    this.P = m.proj_size ? m.proj_size : m.hidden_size;
    this.I = m.input_size;
    this.B = payload.batch;
    this.T = payload.steps;
    this.tokens = Array.isArray(payload.tokens) ? payload.tokens : null;
    this.warnings = Array.isArray(payload.warnings) ? payload.warnings.map(String) : [];
    this.output = toTensor(payload.output);
    this.h_n = payload.h_n ? finalStates(payload.h_n) : null;
    this.c_n = payload.c_n ? finalStates(payload.c_n) : null;
    this.y = payload.y !== void 0 && payload.y !== null ? toTensor(payload.y) : null;
    this.O = this.y ? this.y.shape[2] : 0;
    this.float32 = this.output.float32 || body.options && body.options.dtype === "float32";
    this.fields = /* @__PURE__ */ new Set();
    extendRun(this, body, payload);
    this.trace = payload.trace.map((layer) => {
      const dirs = [];
      for (const name2 of ["forward", "backward", "reverse"]) {
        const tr2 = layer[name2];
        if (!tr2) continue;
        const out = {};
        for (const [field, v] of Object.entries(tr2)) {
          if (v === null || v === void 0) continue;
          if (GATED_FIELDS.includes(field)) {
            out[field] = {};
            for (const [g, arr] of Object.entries(v)) out[field][g] = toTensor(arr);
          } else {
            out[field] = toTensor(v);
          }
          this.fields.add(field);
        }
        if (this.cell === "rnn" && !out.h && out.gates && out.gates.h) out.h = out.gates.h;
        if (this.cell === "rnn" && out.h) this.fields.add("h");
        dirs.push(out);
      }
      return dirs;
    });
    this.gradients = payload.gradients ? parseGradients(payload.gradients, this.D) : null;
    this.vocabulary = null;
    this.x = this.buildInputs(body.inputs);
    this.h0 = this.buildInitial(body.initial_state, "h", this.P);
    this.c0 = this.cell === "lstm" ? this.buildInitial(body.initial_state, "c", this.H) : null;
    this._ranges = /* @__PURE__ */ new Map();
  }
  get values() {
    let n2 = 0;
    for (const layer of this.trace)
      for (const d of layer)
        for (const v of Object.values(d)) n2 += v instanceof Tensor ? v.size : Object.values(v).reduce((a, t) => a + t.size, 0);
    return n2;
  }
  /** The layer-0 inputs as a (B, T, I) Tensor, one-hot for text; null if unknown. */
  buildInputs(inputs) {
    if (inputs && !Array.isArray(inputs) && typeof inputs === "object") {
      const texts = typeof inputs.text === "string" ? [inputs.text] : Array.isArray(inputs.texts) ? inputs.texts : [];
      const vocab = inputs.vocabulary ? Array.isArray(inputs.vocabulary) ? inputs.vocabulary.map(String) : [...String(inputs.vocabulary)] : this.modelVocabulary || sortedDistinct(texts);
      this.vocabulary = vocab;
      if (this.embedding) return this.embedding;
      if (!this.tokens || vocab.length !== this.I) return null;
      const x = new Float64Array(this.B * this.T * this.I);
      for (let b = 0; b < this.B; b++)
        for (let t = 0; t < this.T; t++) {
          const k = vocab.indexOf(this.tokens[b]?.[t]);
          if (k >= 0) x[(b * this.T + t) * this.I + k] = 1;
        }
      return new Tensor(x, [this.B, this.T, this.I]);
    }
    if (this.embedding) return this.embedding;
    try {
      const x = inputTensor(inputs);
      if (!x || x.shape[0] * x.shape[1] * x.shape[2] !== this.B * this.T * this.I) return null;
      if (x.shape[0] === 1 && this.B > 1) return null;
      return x;
    } catch {
      return null;
    }
  }
  /** Initial states: an (L·D, B, K) Tensor (zeros when not given). */
  buildInitial(init, key, K) {
    const zeros2 = () => new Tensor(new Float64Array(this.L * this.D * this.B * K), [this.L * this.D, this.B, K]);
    if (!init || !init[key]) return zeros2();
    try {
      const t = toTensor(init[key]);
      if (t.shape.length === 3) return t;
      if (t.shape.length === 2) {
        const out = zeros2();
        for (let s2 = 0; s2 < t.shape[0]; s2++) for (let b = 0; b < this.B; b++) out.row(s2, b).set(t.row(s2));
        return out;
      }
    } catch {
    }
    return zeros2();
  }
  /** The token (or input value) at step t of sequence b, as a string. */
  tokenAt(b, t) {
    if (this.tokens) return this.tokens[b]?.[t] ?? "";
    if (this.x && this.I <= 3) {
      return Array.from(this.x.row(b, t)).map((v) => +v.toPrecision(4)).join(", ");
    }
    return null;
  }
  has(field) {
    return this.fields.has(field);
  }
  /** A (B, T, K) Tensor of one quantity: field "h" | "c" | gated field with gate g. */
  series(l, d, field, g) {
    const tr2 = this.trace[l]?.[d];
    if (!tr2) return null;
    if (field === "output") return this.output;
    if (field === "y") return this.y;
    if (field === "embedding") return this.embedding;
    if (field === "head_pre" || field === "head_act") return headSeries(this, field, g);
    const v = tr2[field];
    if (!v) return null;
    if (v instanceof Tensor) return v;
    return v[g] || null;
  }
  /** Layer l's input at (b, t): x for layer 0, [forward | backward] h of layer l-1 above. */
  layerInput(l, b, t) {
    if (l === 0) return this.x ? this.x.row(b, t) : null;
    const parts = this.trace[l - 1].map((d) => d.h);
    if (parts.some((p) => !p)) return null;
    if (parts.length === 1) return parts[0].row(b, t);
    const mode2 = this.model.layers && this.model.layers[l - 1] && this.model.layers[l - 1].merge_mode || "concat";
    if (mode2 !== "concat") {
      const [f, r] = parts.map((p) => p.row(b, t));
      const merge = { sum: (a, c) => a + c, mul: (a, c) => a * c, ave: (a, c) => (a + c) / 2 }[mode2];
      return Float64Array.from(f, (v, k) => merge(v, r[k]));
    }
    const rows = parts.map((p) => p.row(b, t));
    const out = new Float64Array(rows.reduce((n2, r) => n2 + r.length, 0));
    rows.reduce((at, r) => (out.set(r, at), at + r.length), 0);
    return out;
  }
  /** The state before step t in direction d of layer l (t-1 forward, t+1 backward or reverse, else the initial state). */
  prevIndex(d, t, l = 0, b = null) {
    const p = d === 1 || this.reverseLayer(l) ? t + 1 : t - 1;
    const end = b !== null && this.lengths && this.lengths[b] ? this.lengths[b] : this.T;
    return p < 0 || p >= end ? null : p;
  }
  prevState(l, d, b, t, key = "h") {
    const p = this.prevIndex(d, t, l, b);
    const s2 = l * this.D + d;
    if (p === null) {
      const init = (key === "h" ? this.h0 : this.c0).row(s2, b);
      const own = this.trace[l]?.[d]?.[key];
      return own && own.shape[2] < init.length ? init.subarray(0, own.shape[2]) : init;
    }
    const tr2 = this.trace[l][d][key];
    return tr2 ? tr2.row(b, p) : null;
  }
  /** [lo, hi] colour range of a quantity over all steps, layers and sequences (cached). */
  range(field, g) {
    const key = field + "." + (g || "");
    if (!this._ranges.has(key)) {
      let lo = Infinity;
      let hi = -Infinity;
      const add = (t) => {
        if (!t) return;
        const [a, b] = finiteRange(t.data);
        lo = Math.min(lo, a);
        hi = Math.max(hi, b);
      };
      if (field === "output" || field === "y") add(this.series(0, 0, field));
      else for (let l = 0; l < this.L; l++) for (let d = 0; d < this.D; d++) add(this.series(l, d, field, g));
      if (lo > hi) lo = hi = 0;
      this._ranges.set(key, [lo, hi]);
    }
    return this._ranges.get(key);
  }
  /** Labels of the readout's classes: vocabulary characters when O matches it. */
  classLabels() {
    if (this.vocabulary && this.vocabulary.length === this.O) return this.vocabulary;
    return Array.from({ length: this.O }, (_, k) => `y${k}`);
  }
  directionName(d) {
    return this.D === 1 ? "" : d === 0 ? "forward" : "backward";
  }
  /** Does layer l read the sequence from its end (a reverse-only layer: ONNX reverse, Keras go_backwards)? */
  reverseLayer(l) {
    const layer = this.model.layers && this.model.layers[l];
    return !!layer && layer.direction === "reverse";
  }
};

// static/js/quantities.js
var gateName = (cell2, g) => cell2 === "rnn" ? "h" : tr(`gate.${cell2}.${g}`);
var HEAD_FIELDS = ["head_pre", "head_act"];
var FIELDS = ["h", "c", "pre_activation", "input_term", "recurrent_term", "output", "y"];
var fieldName = (field) => FIELDS.includes(field) ? tr(`field.${field}`) : field === "gates" ? "" : null;
function quantityLabel(cell2, field, g) {
  if (field === "gates") return gateName(cell2, g);
  if (field === "embedding") return tr("field.embedding");
  if (field === "head_pre" || field === "head_act") return tr(`field.${field}`, { k: Number(g) + 1 });
  if (cell2 === "rnn" && GATED_FIELDS.includes(field)) {
    if (field === "pre_activation") return tr("field.pre_activation.rnn");
    return fieldName(field);
  }
  if (GATED_FIELDS.includes(field)) return tr("field.of-gate", { field: fieldName(field), g });
  return fieldName(field) || field;
}
function quantityId(field, g) {
  return g !== null && g !== void 0 && (GATED_FIELDS.includes(field) || HEAD_FIELDS.includes(field)) ? `${field}.${g}` : field;
}
function parseQuantityId(id) {
  const [field, g] = id.split(".");
  return { field, g: g || null };
}
function listQuantities(run, groups = null) {
  const out = [];
  const want = (f) => !groups || groups.includes(f);
  if (run.has("h") && want("h")) out.push({ field: "h", g: null });
  if (run.has("c") && want("c")) out.push({ field: "c", g: null });
  for (const field of ["gates", "pre_activation", "input_term", "recurrent_term"]) {
    if (!run.has(field) || !want(field)) continue;
    if (field === "gates" && run.cell === "rnn") continue;
    for (const g of run.gates) out.push({ field, g });
  }
  if (!groups) return out;
  if (run.embedding && want("embedding")) out.push({ field: "embedding", g: null });
  if (want("head") && run.head && run.head[0].pre.shape.length === 3) {
    run.head.forEach((_, k) => {
      out.push({ field: "head_pre", g: String(k) });
      out.push({ field: "head_act", g: String(k) });
    });
  }
  return out;
}
function extraGroups(run) {
  const out = [];
  if (run.embedding) out.push("embedding");
  if (run.head && run.head[0].pre.shape.length === 3 && (run.model.head || run.model.embedding)) out.push("head");
  return out;
}

// static/js/exporter.js
var CSV_MAX_ROWS = 2e7;
function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1e4);
}
function toBase64(bytes2) {
  if (typeof bytes2.toBase64 === "function") return bytes2.toBase64();
  let bin = "";
  const CH = 32768;
  for (let i = 0; i < bytes2.length; i += CH) bin += String.fromCharCode.apply(null, bytes2.subarray(i, i + CH));
  return btoa(bin);
}
function traceJson(run) {
  const big = run.values > 2e6;
  const enc = (t) => {
    if (!(t instanceof Tensor)) return t;
    if (!big) return t.toNested();
    const bytesView = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    return { dtype: t.float32 ? "f4" : "f8", shape: t.shape, bdata: toBase64(bytesView) };
  };
  const names = ["forward", "backward"];
  const out = {
    model: run.model,
    batch: run.B,
    steps: run.T,
    ...run.tokens ? { tokens: run.tokens } : {},
    output: enc(run.output),
    h_n: enc(run.h_n),
    ...run.c_n ? { c_n: enc(run.c_n) } : {},
    ...run.y ? { y: enc(run.y) } : {},
    trace: run.trace.map((layer) => {
      const o = {};
      layer.forEach((d, k) => {
        const dd = {};
        for (const [field, v] of Object.entries(d)) {
          dd[field] = v instanceof Tensor ? enc(v) : Object.fromEntries(Object.entries(v).map(([g, t]) => [g, enc(t)]));
        }
        o[names[k]] = dd;
      });
      return o;
    }),
    warnings: run.warnings
  };
  return new Blob([JSON.stringify(out)], { type: "application/json" });
}
function traceCsv(run, only = null) {
  const parts = ["batch,layer,direction,quantity,unit,t,value\n"];
  let rows = 0;
  const dirName = (d) => d ? "backward" : "forward";
  const emit2 = (tens, b, l, d, q) => {
    const [, T, K] = tens.shape;
    let chunk = "";
    for (let t = 0; t < T; t++) {
      const row = tens.row(b, t);
      for (let k = 0; k < K; k++) {
        const v = row[k];
        chunk += `${b},${l},${d},${q},${k},${t},${Number.isFinite(v) ? v : v !== v ? "NaN" : v > 0 ? "Infinity" : "-Infinity"}
`;
      }
      if (chunk.length > 1 << 20) {
        parts.push(chunk);
        chunk = "";
      }
    }
    parts.push(chunk);
    rows += T * K;
  };
  const count = () => {
    let n3 = 0;
    for (let l = 0; l < run.L; l++)
      for (let d = 0; d < run.D; d++) {
        if (only && (only.layer !== l || only.dir !== d)) continue;
        for (const { field, g } of listQuantities(run)) {
          const t = run.series(l, d, field, g);
          if (t) n3 += t.size / run.B * (only ? 1 : run.B);
        }
      }
    return n3;
  };
  const n2 = count();
  if (n2 > CSV_MAX_ROWS) throw new Error(tr("export.too-many-rows", { n: n2.toLocaleString("en") }));
  for (let b = 0; b < run.B; b++) {
    if (only && only.b !== b) continue;
    for (let l = 0; l < run.L; l++)
      for (let d = 0; d < run.D; d++) {
        if (only && (only.layer !== l || only.dir !== d)) continue;
        for (const { field, g } of listQuantities(run)) {
          const tens = run.series(l, d, field, g);
          if (tens) emit2(tens, b, l, dirName(d), quantityId(field, g));
        }
      }
    if (!only || only.layer === run.L - 1) {
      if (run.y) emit2(run.y, b, "", "", "y");
    }
  }
  return { blob: new Blob(parts, { type: "text/csv" }), rows };
}

// static/js/format.js
function fmt(v, sig = 4) {
  if (v === null || v === void 0 || Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  let out;
  if (a >= 1e-4 && a < 1e6) {
    out = v.toPrecision(sig);
    if (out.includes("e")) out = String(Number(out));
    if (out.includes(".")) out = out.replace(/0+$/, "").replace(/\.$/, "");
  } else {
    out = v.toExponential(Math.max(0, sig - 1)).replace(/\.?0+e/, "e");
  }
  return out.replace(/^-/, "−");
}
function fmtExact(v, float32 = false) {
  if (v === null || v === void 0 || Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (!float32) return String(v);
  for (let p = 6; p <= 9; p++) {
    const s2 = v.toPrecision(p);
    if (Math.fround(Number(s2)) === v) return String(Number(s2));
  }
  return String(v);
}
function fmtCell(v) {
  if (v === null || v === void 0 || Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3).replace(/^-/, "−");
  return v.toFixed(4).replace(/^-/, "−");
}
function sub(n2) {
  return String(n2).replace(/[0-9]/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]).replace("-", "₋");
}
function bytes(n2) {
  if (n2 < 1024) return `${n2} B`;
  if (n2 < 1024 * 1024) return `${(n2 / 1024).toFixed(1)} KB`;
  return `${(n2 / 1024 / 1024).toFixed(1)} MB`;
}

// static/js/apierrors.js
var n = (v) => typeof v === "number" ? v.toLocaleString(lang === "zh" ? "zh-CN" : "en") : String(v);
var LIMITS = {
  RNNSCOPE_MAX_HIDDEN_SIZE: "limit.hidden",
  RNNSCOPE_MAX_INPUT_SIZE: "limit.input",
  RNNSCOPE_MAX_LAYERS: "limit.layers",
  RNNSCOPE_MAX_STEPS: "limit.steps",
  RNNSCOPE_MAX_BATCH: "limit.batch",
  RNNSCOPE_MAX_TRACE_VALUES: "limit.trace",
  RNNSCOPE_MAX_WORK: "limit.work",
  RNNSCOPE_MAX_BODY_BYTES: "limit.body",
  RNNSCOPE_MAX_SECONDS: "limit.seconds",
  RNNSCOPE_QUEUE_SECONDS: "limit.queue"
};
var BY_TYPE = {
  shape_error: (c) => c.expected !== void 0 && tr("apierr.shape", { expected: n(c.expected), received: n(c.received) }),
  missing: () => tr("apierr.missing"),
  too_short: () => tr("apierr.too-short"),
  greater_than_equal: (c) => c.ge !== void 0 && tr("apierr.ge", { v: n(c.ge) }),
  greater_than: (c) => c.gt !== void 0 && tr("apierr.gt", { v: n(c.gt) }),
  less_than_equal: (c) => c.le !== void 0 && tr("apierr.le", { v: n(c.le) }),
  less_than: (c) => c.lt !== void 0 && tr("apierr.lt", { v: n(c.lt) }),
  int_parsing: () => tr("apierr.int"),
  int_type: () => tr("apierr.int"),
  int_from_float: () => tr("apierr.int"),
  float_parsing: () => tr("apierr.number"),
  float_type: () => tr("apierr.number"),
  bool_parsing: () => tr("apierr.bool"),
  bool_type: () => tr("apierr.bool"),
  string_type: () => tr("apierr.string"),
  list_type: () => tr("apierr.list"),
  dict_type: () => tr("apierr.object"),
  model_type: () => tr("apierr.object"),
  literal_error: (c) => c.expected !== void 0 && tr("apierr.literal", { expected: c.expected }),
  enum: (c) => c.expected !== void 0 && tr("apierr.literal", { expected: c.expected }),
  extra_forbidden: () => tr("apierr.extra"),
  string_too_long: (c) => tr("apierr.too-long", { v: n(c.max_length) }),
  too_long: (c) => c.max_length !== void 0 && tr("apierr.too-long-list", { v: n(c.max_length) }),
  json_invalid: () => tr("apierr.json"),
  network: () => tr("apierr.network"),
  pickle_refused: () => tr("apierr.pickle")
};
function explainError(d) {
  const c = d.ctx || {};
  if ((d.type === "limit_exceeded" || d.type === "service_unavailable") && LIMITS[c.limit]) {
    const words = tr(LIMITS[c.limit], { limit: n(c.value) });
    return c.received !== void 0 ? tr("apierr.limit-asked", { words, received: n(c.received) }) : tr("apierr.limit", { words });
  }
  if (lang === "en") return d.msg;
  if (d.type === "value_error" && typeof c.missing === "string") return tr("apierr.vocabulary", { missing: [...c.missing].map((ch) => `‘${ch}’`).join(" ") });
  if (/^http_5\d\d$/.test(d.type)) return tr("apierr.server");
  const known = BY_TYPE[d.type] && BY_TYPE[d.type](c);
  if (known) return known;
  return tr("apierr.other", { msg: d.msg });
}

// static/js/gradform.js
var MAX_ZERO_TARGETS = 2e4;
function gradientFields() {
  return {
    on: $("#g-on"),
    loss: $("#g-loss"),
    lossField: $("#g-loss-field"),
    targets: $("#g-targets"),
    targetsField: $("#g-targets-field")
  };
}
function fillGradients(g, value) {
  g.on.checked = !!value;
  const obj = value && typeof value === "object" ? value : {};
  g.loss.value = ["mse", "last", "cross_entropy"].includes(obj.loss) ? obj.loss : "sum";
  const t = obj.targets;
  g.targets.value = t === void 0 || t === null ? "" : JSON.stringify(t).length < 2e4 ? JSON.stringify(t).replace(/\],\[/g, "],\n[") : JSON.stringify(t);
  updateGradientVisibility(g);
}
function readGradients(g, errors, base) {
  if (!g.on.checked) return void 0;
  if (g.loss.value === "last") return { loss: "last" };
  if (g.loss.value === "cross_entropy") return readClasses(g, errors);
  if (g.loss.value !== "mse") {
    const baseIsSum = base === true || base && typeof base === "object" && (base.loss ?? "sum") === "sum" && !base.targets;
    return baseIsSum ? base : true;
  }
  const text2 = g.targets.value.trim();
  const loc = ["body", "options", "gradients", "targets"];
  if (!text2) {
    errors.push({ loc, msg: tr("grad.targets-missing") });
    return { loss: "mse" };
  }
  try {
    const targets = JSON.parse(text2);
    if (typeof targets !== "object" || targets === null) throw new Error(tr("grad.targets-list"));
    return { loss: "mse", targets };
  } catch (e) {
    errors.push({ loc, msg: e instanceof SyntaxError ? tr("form.bad-json", { msg: e.message }) : e.message });
    return { loss: "mse" };
  }
}
function readClasses(g, errors) {
  const text2 = g.targets.value.trim();
  if (!text2 || text2 === "next" || text2 === '"next"') return { loss: "cross_entropy", targets: "next" };
  try {
    return { loss: "cross_entropy", targets: JSON.parse(text2) };
  } catch (e) {
    errors.push({ loc: ["body", "options", "gradients", "targets"], msg: tr("form.bad-json", { msg: e.message }) });
    return { loss: "cross_entropy" };
  }
}
function updateGradientVisibility(g) {
  g.lossField.hidden = !g.on.checked;
  g.targetsField.hidden = !g.on.checked || g.loss.value !== "mse" && g.loss.value !== "cross_entropy";
}
function prepareTargets(g, run) {
  updateGradientVisibility(g);
  if (!g.on.checked || g.loss.value !== "mse" || g.targets.value.trim()) return true;
  if (!run) return false;
  const W2 = run.O || run.D * run.P;
  if (run.B * run.T * W2 > MAX_ZERO_TARGETS) return false;
  const row = "[" + new Array(W2).fill(0).join(", ") + "]";
  const seq2 = "[\n  " + new Array(run.T).fill(row).join(",\n  ") + "\n]";
  g.targets.value = "[" + new Array(run.B).fill(seq2).join(", ") + "]";
  return true;
}

// static/js/form.js
var LARGE_EDITOR = 4e5;
var FieldErrors = class extends Error {
  constructor(detail) {
    super(detail.map((d) => d.msg).join("; "));
    this.detail = detail;
  }
};
function prettyJson(v, indent = "") {
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== "object")) return JSON.stringify(v).replace(/,/g, ", ");
    return "[\n" + v.map((x) => inner + prettyJson(x, inner)).join(",\n") + "\n" + indent + "]";
  }
  if (v && typeof v === "object") {
    const keys = Object.keys(v);
    if (!keys.length) return "{}";
    return "{\n" + keys.map((k) => `${inner}${JSON.stringify(k)}: ${prettyJson(v[k], inner)}`).join(",\n") + "\n" + indent + "}";
  }
  return JSON.stringify(v);
}
function jsonError(e, text2) {
  const m = /position (\d+)/.exec(e.message);
  if (m) {
    const pos = +m[1];
    const before = text2.slice(0, pos);
    const line = before.split("\n").length;
    const col = pos - before.lastIndexOf("\n");
    return tr("form.bad-json-at", { line, col, msg: e.message.replace(/ in JSON at position \d+.*/, "") });
  }
  return tr("form.bad-json", { msg: e.message });
}
function createForm() {
  const f = {
    form: $("#config-form"),
    cell: $("#m-cell"),
    layers: $("#m-layers"),
    input: $("#m-input"),
    hidden: $("#m-hidden"),
    bidir: $("#m-bidir"),
    nonlin: $("#m-nonlin"),
    gateact: $("#m-gateact"),
    resetafter: $("#m-resetafter"),
    proj: $("#m-proj"),
    readout: $("#m-readout"),
    readoutAct: $("#m-readout-act"),
    wFormat: $("#w-format"),
    wSeed: $("#w-seed"),
    wSeedField: $("#w-seed-field"),
    wJson: $("#w-json"),
    wLarge: $("#w-large"),
    kindNumbers: $("#in-kind-numbers"),
    kindText: $("#in-kind-text"),
    inNumbersField: $("#in-numbers-field"),
    inNumbers: $("#in-numbers"),
    inTextFields: $("#in-text-fields"),
    inText: $("#in-text"),
    inMulti: $("#in-multi"),
    inVocab: $("#in-vocab"),
    inPad: $("#in-pad"),
    init: $("#init-json"),
    dtype: $("#o-dtype"),
    trace: $("#o-trace"),
    grad: gradientFields()
  };
  let base = {};
  let largeWeights = null;
  function setWeights(w) {
    largeWeights = null;
    f.wLarge.hidden = true;
    f.wJson.disabled = false;
    const fmtName = w && w.format || "pytorch";
    f.wFormat.value = fmtName;
    f.wFormat.dataset.current = fmtName;
    if (fmtName === "random") {
      f.wSeed.value = String(w.seed ?? 0);
      f.wJson.value = prettyJson(w);
      f.wJson.readOnly = true;
    } else {
      f.wJson.readOnly = false;
      const text2 = prettyJson(w);
      if (text2.length > LARGE_EDITOR) {
        largeWeights = w;
        f.wJson.value = "";
        f.wJson.disabled = true;
        f.wLarge.hidden = false;
        f.wLarge.textContent = tr("form.large-weights", { size: bytes(text2.length) });
      } else {
        f.wJson.value = text2;
      }
    }
    updateVisibility();
  }
  function fill(body) {
    base = structuredClone(body || {});
    const m = base.model || {};
    f.cell.value = m.cell || "rnn";
    f.layers.value = String(m.num_layers ?? 1);
    f.input.value = m.input_size ?? "";
    f.hidden.value = m.hidden_size ?? "";
    f.bidir.checked = !!m.bidirectional;
    f.nonlin.value = m.nonlinearity || "tanh";
    f.gateact.value = m.gate_activation || "sigmoid";
    f.resetafter.checked = m.gru_reset_after !== false;
    f.proj.value = String(m.proj_size ?? 0);
    f.readout.value = String(m.readout && m.readout.size || 0);
    f.readoutAct.value = m.readout && m.readout.activation || "identity";
    setWeights(base.weights || { format: "random", seed: 0 });
    const inp = base.inputs;
    if (inp && !Array.isArray(inp) && typeof inp === "object" && Array.isArray(inp.ids)) {
      f.kindNumbers.checked = true;
      f.inNumbers.value = JSON.stringify(inp);
    } else if (inp && !Array.isArray(inp) && typeof inp === "object") {
      f.kindText.checked = true;
      f.inMulti.checked = Array.isArray(inp.texts);
      f.inText.value = Array.isArray(inp.texts) ? inp.texts.join("\n") : String(inp.text ?? "");
      f.inVocab.value = Array.isArray(inp.vocabulary) ? inp.vocabulary.join("") : String(inp.vocabulary ?? "");
      f.inPad.checked = !!inp.pad;
    } else {
      f.kindNumbers.checked = true;
      const text2 = JSON.stringify(inp ?? []);
      f.inNumbers.value = text2.length < 2e4 ? prettyJson(inp ?? []) : text2;
    }
    const init = base.initial_state;
    f.init.value = init ? prettyJson(init) : "";
    const o = base.options || {};
    f.dtype.value = o.dtype || "auto";
    f.trace.value = traceChoice(o.trace);
    fillGradients(f.grad, o.gradients);
    clearErrors();
    updateVisibility();
  }
  function traceChoice(list) {
    if (!Array.isArray(list)) return "auto";
    const set = new Set(list);
    if (set.has("input_term") || set.has("recurrent_term")) return "all";
    if (set.has("gates") || set.has("pre_activation")) return "states-gates";
    return "states";
  }
  function traceFields(choice, cell2) {
    const states = cell2 === "lstm" ? ["h", "c"] : ["h"];
    if (choice === "states") return states;
    if (choice === "states-gates") return cell2 === "rnn" ? [...states, "pre_activation"] : [...states, "gates"];
    if (choice === "all") return ["input_term", "recurrent_term", "pre_activation", ...cell2 === "rnn" ? [] : ["gates"], ...states];
    return null;
  }
  function intOrNull(input) {
    const v = input.value.trim();
    return v === "" ? null : Number(v);
  }
  function read() {
    const errors = [];
    const body = structuredClone(base);
    const cell2 = f.cell.value;
    const model = { ...base.model || {}, cell: cell2 };
    const setNum = (key, input, dflt) => {
      const v = intOrNull(input);
      if (v === null || dflt !== void 0 && v === dflt && !(base.model && key in base.model)) delete model[key];
      else if (!Number.isInteger(v) || v < 0) errors.push({ loc: ["body", "model", key], msg: tr("form.whole-number") });
      else model[key] = v;
    };
    setNum("input_size", f.input);
    setNum("hidden_size", f.hidden);
    setNum("num_layers", f.layers, 1);
    if (f.bidir.checked || base.model && "bidirectional" in base.model) model.bidirectional = f.bidir.checked;
    delete model.nonlinearity;
    delete model.gate_activation;
    delete model.gru_reset_after;
    delete model.proj_size;
    if (cell2 === "rnn" && (f.nonlin.value !== "tanh" || base.model?.nonlinearity)) model.nonlinearity = f.nonlin.value;
    if (cell2 !== "rnn" && (f.gateact.value !== "sigmoid" || base.model?.gate_activation)) model.gate_activation = f.gateact.value;
    if (cell2 === "gru" && (!f.resetafter.checked || "gru_reset_after" in (base.model || {}))) model.gru_reset_after = f.resetafter.checked;
    if (cell2 === "lstm") setNum("proj_size", f.proj, 0);
    const ro = intOrNull(f.readout);
    if (ro) {
      model.readout = { ...base.model?.readout || {}, size: ro };
      if (f.readoutAct.value !== "identity" || base.model?.readout?.activation) model.readout.activation = f.readoutAct.value;
    } else delete model.readout;
    body.model = model;
    if (f.wFormat.value === "random") {
      const seed = intOrNull(f.wSeed);
      if (seed === null || !Number.isInteger(seed)) errors.push({ loc: ["body", "weights", "seed"], msg: tr("form.seed-whole") });
      body.weights = { ...base.weights?.format === "random" ? base.weights : {}, format: "random", seed: seed ?? 0 };
    } else if (largeWeights) {
      body.weights = largeWeights;
    } else {
      try {
        const w = JSON.parse(f.wJson.value);
        if (!w || typeof w !== "object" || Array.isArray(w)) throw new Error(tr("form.weights-object"));
        w.format = w.format || f.wFormat.value;
        body.weights = w;
      } catch (e) {
        errors.push({ loc: ["body", "weights", "json"], msg: e instanceof SyntaxError ? jsonError(e, f.wJson.value) : e.message });
      }
    }
    if (f.kindText.checked) {
      const text2 = f.inText.value;
      const inp = f.inMulti.checked ? { texts: text2.split(/\r?\n/).filter((l) => l.length) } : { text: text2 };
      if (f.inVocab.value) inp.vocabulary = f.inVocab.value;
      if (f.inPad.checked) inp.pad = true;
      if (base.inputs && base.inputs.split) inp.split = base.inputs.split;
      if (!text2.length) errors.push({ loc: ["body", "inputs", "text"], msg: tr("form.type-text") });
      body.inputs = inp;
    } else {
      try {
        const v = JSON.parse(f.inNumbers.value);
        if (!Array.isArray(v) && !(v && Array.isArray(v.ids))) throw new Error(tr("form.inputs-list"));
        body.inputs = v;
      } catch (e) {
        errors.push({ loc: ["body", "inputs", "numbers"], msg: e instanceof SyntaxError ? jsonError(e, f.inNumbers.value) : e.message });
      }
    }
    const init = f.init.value.trim();
    if (init) {
      try {
        const v = JSON.parse(init);
        if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error(tr("form.state-object"));
        body.initial_state = v;
      } catch (e) {
        errors.push({ loc: ["body", "initial_state", "json"], msg: e instanceof SyntaxError ? jsonError(e, init) : e.message });
      }
    } else delete body.initial_state;
    const options = { ...base.options || {} };
    delete options.encoding;
    if (f.dtype.value === "auto") delete options.dtype;
    else options.dtype = f.dtype.value;
    const tf = f.trace.value === "auto" ? void 0 : traceFields(f.trace.value, cell2);
    if (tf) options.trace = tf;
    else delete options.trace;
    const grad = readGradients(f.grad, errors, options.gradients);
    if (grad) options.gradients = grad;
    else delete options.gradients;
    if (Object.keys(options).length) body.options = options;
    else delete body.options;
    if (errors.length) throw new FieldErrors(errors);
    return body;
  }
  function containerFor(loc) {
    const path = loc[0] === "body" ? loc.slice(1) : loc;
    const top = path[0];
    let key;
    if (top === "weights") key = ["format", "seed"].includes(path[1]) ? `weights.${path[1]}` : "weights.json";
    else if (top === "inputs") key = f.kindText.checked ? path[1] === "vocabulary" ? "inputs.vocabulary" : path[1] === "pad" ? "inputs.pad" : "inputs.text" : "inputs.numbers";
    else if (top === "initial_state") key = "initial_state.json";
    else if (top === "model" && path[1] === "readout") key = path[2] === "activation" ? "model.readout.activation" : "model.readout.size";
    else key = path.join(".");
    const parts = key.split(".");
    for (let n2 = parts.length; n2 > 0; n2--) {
      const el = document.querySelector(`[data-loc="${CSS.escape(parts.slice(0, n2).join("."))}"]`);
      if (el && !el.hidden && el.offsetParent !== null) return el;
      if (el && n2 === 1) return el;
    }
    return $("#general-errors");
  }
  function describe(loc, box2) {
    const path = (loc[0] === "body" ? loc.slice(1) : loc).filter((p) => p !== "json" && p !== "numbers");
    const label = box2 && box2.dataset.loc ? box2.querySelector(":scope > label, :scope > summary") : null;
    if (!label) return path.join(" › ");
    const own = box2.dataset.loc.split(".");
    const rest = path.filter((p) => !own.includes(String(p)));
    return [label.textContent.trim(), ...rest].join(" › ");
  }
  function clearErrors() {
    for (const el of $$(".field-error", f.form)) el.remove();
    for (const el of $$("[aria-invalid]", f.form)) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-errormessage");
    }
    for (const el of $$(".has-error", f.form)) el.classList.remove("has-error");
  }
  let errSeq = 0;
  function showErrors(detail) {
    clearErrors();
    let first = null;
    for (const d of detail) {
      const box2 = containerFor(d.loc);
      const details = box2.closest("details");
      if (details) details.open = true;
      const id = `field-error-${++errSeq}`;
      const where2 = describe(d.loc, box2);
      const p = h("p", { class: "field-error", id, role: "alert" }, where2 ? h("strong", {}, where2 + tr("sep.colon")) : null, explainError(d));
      box2.append(p);
      box2.classList.add("has-error");
      const control = box2.querySelector("textarea, input:not([type=radio]), select");
      if (control) {
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-errormessage", id);
        first = first || control;
        const key = d.loc[d.loc.length - 1];
        if (control === f.wJson && typeof key === "string" && key !== "json") {
          const at = f.wJson.value.indexOf(JSON.stringify(key));
          if (at >= 0) f.wJson.setSelectionRange(at, at + key.length + 2);
        }
      }
    }
    return first;
  }
  function updateVisibility() {
    const cell2 = f.cell.value;
    for (const el of $$("[data-cells]", f.form)) el.hidden = !el.dataset.cells.split(" ").includes(cell2);
    f.wSeedField.hidden = f.wFormat.value !== "random";
    const text2 = f.kindText.checked;
    f.inNumbersField.hidden = text2;
    f.inTextFields.hidden = !text2;
    f.readoutAct.disabled = !intOrNull(f.readout);
    updateGradientVisibility(f.grad);
  }
  return {
    fields: f,
    fill,
    read,
    setWeights,
    showErrors,
    clearErrors,
    updateVisibility,
    traceFields,
    /** Weights as the form holds them (for conversion), or null when the editor does not parse. */
    currentWeights() {
      try {
        return read().weights;
      } catch {
        return null;
      }
    },
    setSizes(model) {
      if (!f.input.value && model.input_size) f.input.value = model.input_size;
      if (!f.hidden.value && model.hidden_size) f.hidden.value = model.hidden_size;
    }
  };
}

// static/js/lazydraw.js
var MARGIN_PX = 400;
function inViewport(el) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return false;
  return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
}
var requestIdle = window.requestIdleCallback ? (fn) => window.requestIdleCallback(fn, { timeout: 1e3 }) : (fn) => setTimeout(fn, 50);
var cancelIdle = window.cancelIdleCallback ? (id) => window.cancelIdleCallback(id) : (id) => clearTimeout(id);
function createLazyDraw() {
  let gen = null;
  function cancel() {
    const g = gen;
    gen = null;
    if (!g) return;
    if (g.io) g.io.disconnect();
    if (g.idle !== null) cancelIdle(g.idle);
    g.pending.clear();
    g.finish();
  }
  function run(g, job) {
    if (g.pending.get(job.name) !== job) return Promise.resolve();
    g.pending.delete(job.name);
    if (g.io) g.io.unobserve(job.el);
    g.inflight++;
    const done = Promise.resolve().then(job.draw).catch((e) => console.error(e));
    done.then(() => {
      g.inflight--;
      if (!g.pending.size && !g.inflight) g.finish();
    });
    return done;
  }
  function idleNext(g) {
    g.idle = null;
    const job = g.pending.values().next().value;
    if (!job || gen !== g) return;
    run(g, job).then(() => {
      if (g.pending.size && g.idle === null && gen === g) g.idle = requestIdle(() => idleNext(g));
    });
  }
  function start(jobs, { settle = null } = {}) {
    cancel();
    const g = { pending: /* @__PURE__ */ new Map(), inflight: 0, finish: null, io: null, idle: null, release: null };
    gen = g;
    const released = new Promise((resolve) => g.release = resolve);
    const all = new Promise((resolve) => g.finish = resolve);
    const near = [];
    const unseen = [];
    for (const job of jobs) {
      g.pending.set(job.name, job);
      if (inViewport(job.el)) near.push(job);
      else if (!job.el.getClientRects().length) unseen.push(job);
    }
    if (!jobs.length) g.finish();
    const later = settle ? near.filter((job) => !job.early) : [];
    const first = settle ? near.filter((job) => job.early) : near;
    const firstDone = Promise.all(first.map((job) => run(g, job)));
    const nearDone = Promise.all([firstDone, settle]).then(() => Promise.all(later.filter((job) => gen === g && inViewport(job.el)).map((job) => run(g, job))));
    if (!g.pending.size) return { near: nearDone, all };
    function rest() {
      if (gen !== g || !g.pending.size) return;
      for (const job of unseen) run(g, job);
      if (!g.pending.size) return;
      g.io = new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            if (!e.isIntersecting) continue;
            const job = [...g.pending.values()].find((j) => j.el === e.target);
            if (job) run(g, job);
          }
        },
        { rootMargin: `${MARGIN_PX}px 0px` }
      );
      for (const job of g.pending.values()) g.io.observe(job.el);
      if (g.idle === null) g.idle = requestIdle(() => idleNext(g));
    }
    nearDone.then(() => released).then(() => new Promise((resolve) => setTimeout(resolve, 0))).then(rest);
    return { near: nearDone, all };
  }
  function now(jobs) {
    const g = gen;
    if (!g) return Promise.all(jobs.map((job) => Promise.resolve().then(job.draw)));
    if (g.io) g.io.disconnect();
    g.io = null;
    if (g.idle !== null) cancelIdle(g.idle);
    g.idle = null;
    g.pending.clear();
    for (const job of jobs) g.pending.set(job.name, job);
    if (!jobs.length && !g.inflight) g.finish();
    return Promise.all(jobs.map((job) => run(g, job)));
  }
  function release() {
    if (gen && gen.release) gen.release();
  }
  return { start, now, cancel, release };
}

// static/js/player.js
function createPlayer({ getT, setT, getLast, getSpeed, onState }) {
  let token = null;
  function play() {
    if (token) token.cancelled = true;
    const my = { cancelled: false };
    token = my;
    if (getT() >= getLast()) setT(0);
    onState(true);
    let last = performance.now();
    let carry = 0;
    const frame = (now) => {
      if (my.cancelled) return;
      carry += (now - last) / 1e3 * getSpeed();
      last = now;
      if (carry >= 1) {
        const perFrame = Math.max(1, Math.ceil(getSpeed() / 60));
        const n2 = Math.min(Math.floor(carry), perFrame);
        carry = Math.min(carry - n2, perFrame);
        const t = Math.min(getLast(), getT() + n2);
        setT(t);
        if (t >= getLast()) {
          stop();
          return;
        }
      }
      requestAnimationFrame(frame);
    };
    carry = 1;
    requestAnimationFrame(frame);
  }
  function stop() {
    if (token) token.cancelled = true;
    token = null;
    onState(false);
  }
  return {
    play,
    pause: stop,
    toggle() {
      if (token) stop();
      else play();
    },
    get playing() {
      return token !== null;
    }
  };
}

// static/js/plotly-loader.js
var HAS_SCATTERGL = false;
var loads = { cartesian: null, gl3d: null };
var gl3d = null;
var plotly3d = () => gl3d;
async function inlineUrl(kind) {
  const el = document.getElementById(`rnnscope-plotly-${kind}`);
  if (!el) return null;
  const bin = atob(el.textContent.trim());
  const bytes2 = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes2[i] = bin.charCodeAt(i);
  const text2 = new Blob([bytes2]).stream().pipeThrough(new DecompressionStream("gzip"));
  const js = await new Response(text2).blob();
  return URL.createObjectURL(new Blob([js], { type: "text/javascript" }));
}
function addScript(src) {
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = src;
    el.addEventListener("load", () => resolve());
    el.addEventListener("error", () => reject(new Error(tr("plotly.failed"))));
    document.head.append(el);
  });
}
async function scriptUrl(kind) {
  const root = document.documentElement.dataset;
  const url = await inlineUrl(kind) || (kind === "gl3d" ? root.plotly3dSrc : root.plotlySrc);
  if (!url) throw new Error(tr("plotly.failed"));
  return url;
}
function preloadPlotly() {
  const src = document.documentElement.dataset.plotlySrc;
  if (!src || window.Plotly || document.querySelector(`link[rel="preload"][href="${CSS.escape(src)}"]`)) return;
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "script";
  link.href = src;
  document.head.append(link);
}
function afterPaint() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}
function loadPlotly(withLocale2 = (P2) => P2) {
  if (window.Plotly) return Promise.resolve(withLocale2(window.Plotly));
  if (!loads.cartesian) {
    loads.cartesian = scriptUrl("cartesian").then(addScript).then(() => withLocale2(window.Plotly)).catch((e) => {
      loads.cartesian = null;
      throw e;
    });
  }
  return loads.cartesian;
}
function loadPlotly3d(withLocale2 = (P2) => P2) {
  if (gl3d) return Promise.resolve(gl3d);
  if (!loads.gl3d) {
    loads.gl3d = loadPlotly(withLocale2).then(async (cartesian) => {
      const url = await scriptUrl("gl3d");
      await addScript(url);
      gl3d = withLocale2(window.Plotly);
      window.Plotly = cartesian;
      return gl3d;
    }).catch((e) => {
      loads.gl3d = null;
      throw e;
    });
  }
  return loads.gl3d;
}

// static/js/plots.js
var Plotly = () => window.Plotly;
var loadPlotly2 = () => loadPlotly(withLocale);
var loadPlotly3d2 = () => loadPlotly3d(withLocale3d);
var locale = plotlyLocale();
var localeRegistered = false;
function withLocale(P2) {
  if (locale && P2 && !localeRegistered) {
    P2.register(locale);
    localeRegistered = true;
  }
  return P2;
}
function withLocale3d(P2) {
  if (locale && P2) P2.register(locale);
  return P2;
}
var prefersReducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;
function compactPlots() {
  return window.matchMedia("(pointer: coarse)").matches || window.innerWidth < 560;
}
function config(filename) {
  return {
    responsive: true,
    displayModeBar: compactPlots() ? false : "hover",
    displaylogo: false,
    scrollZoom: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "sendChartToCloud"],
    // the last needs plotly's cloud
    locale: locale ? locale.name : "en",
    toImageButtonOptions: { format: "png", filename, scale: 2 }
  };
}
var FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 11, color: "#1f2937" };
var HOVER_INK = "#ffffff";
var HOVER_BG = "#111827";
function baseLayout(extra = {}) {
  return {
    font: FONT,
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#ffffff",
    margin: { l: 46, r: 12, t: 6, b: 30 },
    hoverlabel: { font: { family: FONT.family, size: 12, color: HOVER_INK }, bgcolor: HOVER_BG, bordercolor: HOVER_BG },
    transition: prefersReducedMotion() ? { duration: 0 } : void 0,
    ...extra
  };
}
var glOk = null;
function webglAvailable() {
  if (!HAS_SCATTERGL) return false;
  if (glOk === null) {
    try {
      const c = document.createElement("canvas");
      glOk = !!(c.getContext("webgl") || c.getContext("experimental-webgl"));
    } catch {
      glOk = false;
    }
  }
  return glOk;
}
function attachMarker(gd, { brick = false } = {}) {
  const host = gd.parentElement;
  host.classList.add("has-marker");
  let el = host.querySelector(":scope > .t-marker");
  if (!el) {
    el = h("div", { class: "t-marker", "aria-hidden": "true" });
    host.append(el);
  }
  let t = 0;
  let geom = null;
  let shownState = null;
  const measure = () => {
    const fl = gd._fullLayout;
    const xa = fl && fl.xaxis;
    if (!xa || typeof xa.l2p !== "function" || !gd.isConnected) {
      geom = null;
      return;
    }
    geom = {
      xa,
      left: gd.offsetLeft + xa._offset,
      // the plot area as drawn: a legend or colour bar pushes it past margin.t (automargin),
      // so the line would start over the legend and stop short of the axis
      top: gd.offsetTop + (fl._size ? fl._size.t : fl.margin.t),
      height: fl._size ? fl._size.h : fl.height - fl.margin.t - fl.margin.b,
      lo: Math.min(...xa.range),
      hi: Math.max(...xa.range)
    };
    geom.brickW = brick ? Math.abs(xa.l2p(1) - xa.l2p(0)) : 0;
    el.style.height = `${geom.height}px`;
  };
  const place = () => {
    if (!geom) return;
    const inside = t >= geom.lo && t <= geom.hi;
    if (inside !== shownState) {
      el.hidden = !inside;
      shownState = inside;
    }
    if (!inside) return;
    const w = geom.brickW > 3 ? geom.brickW : 2;
    const x = geom.left + geom.xa.l2p(t) - w / 2;
    el.style.transform = `translate(${x.toFixed(1)}px, ${geom.top}px)`;
    if (el._w !== w) {
      el.style.width = `${w}px`;
      el.classList.toggle("t-marker-line", w === 2);
      el._w = w;
    }
  };
  const remeasure = () => {
    measure();
    place();
  };
  gd.on("plotly_afterplot", remeasure);
  gd.on("plotly_relayout", remeasure);
  let onScreen = true;
  if (host._markerIo) host._markerIo.disconnect();
  host._markerIo = new IntersectionObserver((entries) => {
    onScreen = entries[entries.length - 1].isIntersecting;
    if (onScreen) {
      if (!geom) measure();
      place();
    }
  });
  host._markerIo.observe(host);
  return {
    set(nt) {
      t = nt;
      if (!onScreen) return;
      if (!geom) measure();
      place();
    },
    remeasure
  };
}
function linkXRanges(gds) {
  let busy = false;
  for (const gd of gds) {
    gd.on("plotly_relayout", (ev) => {
      if (busy) return;
      const upd = {};
      if (ev["xaxis.range[0]"] !== void 0) {
        upd["xaxis.range"] = [ev["xaxis.range[0]"], ev["xaxis.range[1]"]];
      } else if (Array.isArray(ev["xaxis.range"])) {
        upd["xaxis.range"] = ev["xaxis.range"];
      } else if (ev["xaxis.autorange"]) {
        upd["xaxis.autorange"] = true;
      } else return;
      busy = true;
      Promise.all(gds.filter((o) => o !== gd && o.isConnected).map((o) => Plotly().relayout(o, upd))).finally(() => {
        busy = false;
      });
    });
  }
}
var drawing = /* @__PURE__ */ new WeakMap();
function newPlot(P2, gd, data2, layout, cfg) {
  const prev = drawing.get(gd);
  const run = () => P2.newPlot(gd, data2, layout, cfg);
  const p = prev ? prev.then(run, run) : run();
  drawing.set(gd, p);
  const done = () => {
    if (drawing.get(gd) === p) drawing.delete(gd);
  };
  p.then(done, done);
  return p;
}
function purgeFigure(P2, gd) {
  const p = drawing.get(gd);
  if (!p) return P2.purge(gd);
  const later = () => {
    if (!gd.isConnected) P2.purge(gd);
  };
  p.then(later, later);
}
function purge(container) {
  if (!window.Plotly) return;
  for (const gd of container.querySelectorAll(".js-plotly-plot")) purgeFigure(gd.dataset.plotly === "gl3d" && plotly3d() ? plotly3d() : Plotly(), gd);
}
function downloadPng(gd, filename) {
  return Plotly().downloadImage(gd, { format: "png", filename, scale: 2, width: gd.clientWidth, height: gd.clientHeight });
}

// static/js/scales.js
var DIVERGING = Object.freeze([
  [0, "#2166ac"],
  [0.25, "#67a9cf"],
  [0.5, "#f7f7f7"],
  [0.75, "#ef8a62"],
  [1, "#b2182b"]
]);
var SEQUENTIAL = Object.freeze([
  [0, "#440154"],
  [0.125, "#472d7b"],
  [0.25, "#3b528b"],
  [0.375, "#2c728e"],
  [0.5, "#21918c"],
  [0.625, "#28ae80"],
  [0.75, "#5ec962"],
  [0.875, "#addc30"],
  [1, "#fde725"]
]);
var TIME = Object.freeze([
  [0, "#fde0a0"],
  [0.5, "#7c7b78"],
  [1, "#00224e"]
]);
function hexToRgb(hex) {
  const n2 = parseInt(hex.slice(1), 16);
  return [n2 >> 16 & 255, n2 >> 8 & 255, n2 & 255];
}
var RGB = /* @__PURE__ */ new Map();
function rgbOf(hex) {
  if (!RGB.has(hex)) RGB.set(hex, hexToRgb(hex));
  return RGB.get(hex);
}
function rgbAt(scale, u) {
  if (!Number.isFinite(u)) return [189, 189, 189];
  u = Math.min(1, Math.max(0, u));
  for (let k = 1; k < scale.length; k++) {
    const [u1, c1] = scale[k];
    if (u <= u1) {
      const [u0, c0] = scale[k - 1];
      const f = (u - u0) / (u1 - u0 || 1);
      const a = rgbOf(c0);
      const b = rgbOf(c1);
      return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
    }
  }
  return rgbOf(scale[scale.length - 1][1]);
}
function colorAt(scale, u) {
  const [r, g, b] = rgbAt(scale, u);
  return `rgb(${r},${g},${b})`;
}
function luminance([r, g, b]) {
  const lin = (c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
var INK_DARK = [0, 0, 0];
var INK_LIGHT = [255, 255, 255];
function inkOn(scale, u) {
  const bg = rgbAt(scale, u);
  return contrast(bg, INK_DARK) >= contrast(bg, INK_LIGHT) ? "#000" : "#fff";
}
var mode = "own";
function setScaleMode(m) {
  mode = m === "fixed" ? "fixed" : "own";
}
var SPREAD = /* @__PURE__ */ new WeakMap();
function lowMagnitude(run, field, g) {
  if (!SPREAD.has(run)) SPREAD.set(run, /* @__PURE__ */ new Map());
  const cache = SPREAD.get(run);
  const key = `${field}.${g || ""}`;
  if (!cache.has(key)) {
    const sample = [];
    for (let l = 0; l < run.L; l++) {
      for (let d = 0; d < run.D; d++) {
        const t = run.series(l, d, field, g);
        if (!t) continue;
        const step = Math.max(1, Math.floor(t.data.length / 2e4));
        for (let i = 0; i < t.data.length; i += step) {
          const a = Math.abs(t.data[i]);
          if (a > 0 && Number.isFinite(a)) sample.push(a);
        }
      }
    }
    sample.sort((a, b) => a - b);
    cache.set(key, sample.length ? sample[Math.floor(sample.length / 10)] : 0);
  }
  return cache.get(key);
}
var LOG_SPAN = 1e3;
function scaleFor(run, field, g) {
  if (isUnitInterval(run.model, field, g)) return withU({ scale: SEQUENTIAL, zmin: 0, zmax: 1, kind: "unit" });
  const [lo, hi] = run.range(field, g);
  let m = Math.max(Math.abs(lo), Math.abs(hi));
  if (!Number.isFinite(m) || m === 0) m = 1;
  if (mode === "fixed") {
    const tanhLike = field === "h" && !(run.cell === "rnn" && run.model.nonlinearity === "relu") && !run.model.proj_size || field === "gates" && (g === "g" || g === "n" || run.cell === "rnn" && run.model.nonlinearity !== "relu");
    if (tanhLike && m <= 1) m = 1;
    return withU({ scale: DIVERGING, zmin: -m, zmax: m, kind: "signed" });
  }
  const low = lowMagnitude(run, field, g);
  if (low > 0 && m / low >= LOG_SPAN) {
    const decades = Math.min(8, Math.ceil(Math.log10(m / low)) + 1);
    return withU({ scale: DIVERGING, zmin: -m, zmax: m, kind: "log", c: m / 10 ** decades });
  }
  return withU({ scale: DIVERGING, zmin: -m, zmax: m, kind: "signed" });
}
function withU(sc) {
  if (sc.kind === "log") {
    const top = Math.log10(1 + sc.zmax / sc.c);
    sc.u = (v) => 0.5 + 0.5 * Math.sign(v) * Math.log10(1 + Math.abs(v) / sc.c) / top;
  } else sc.u = (v) => (v - sc.zmin) / (sc.zmax - sc.zmin);
  return sc;
}
function plotlyScaleFor(sc) {
  if (sc.kind !== "log") return plotlyScale(sc.scale);
  const m = sc.zmax;
  const N = 24;
  const top = Math.log10(1 + m / sc.c);
  const vals = [0];
  for (let j = 1; j <= N; j++) vals.push(sc.c * (10 ** (j / N * top) - 1));
  const pts = [...vals.slice(1).reverse().map((v) => -v), ...vals];
  const stops = pts.map((v) => [Math.min(1, Math.max(0, (v + m) / (2 * m))), colorAt(sc.scale, sc.u(v))]);
  stops[0][0] = 0;
  stops[stops.length - 1][0] = 1;
  return stops;
}
function plotlyScale(scale) {
  return scale.map(([u, c]) => [u, c]);
}

// static/js/editable.js
var editState = { active: null, enabled: false, cell: "rnn" };
function refLabel(ref, cell2) {
  const p = ref.split(":");
  if (p[0] === "w") {
    const [, l, d, kind, g, r, c] = p;
    const rnn = cell2 === "rnn";
    const name2 = { W_x: rnn ? "W_ih" : `W_i${g}`, W_h: rnn ? "W_hh" : `W_h${g}`, b_x: rnn ? "b_ih" : `b_i${g}`, b_h: rnn ? "b_hh" : `b_h${g}` }[kind];
    const where2 = +l > 0 || +d > 0 ? ` (${l}${+d ? "←" : ""})` : "";
    return kind.startsWith("W") ? `${name2}[${r},${c}]${where2}` : `${name2}[${r}]${where2}`;
  }
  if (p[0] === "ro") return p[1] === "W" ? `W_y[${p[2]},${p[3]}]` : `b_y[${p[2]}]`;
  if (p[0] === "x") return `x_${p[2]}[${p[3]}]`;
  if (p[0] === "h0" || p[0] === "c0") return `${p[0][0]}_init[${p[3]}]`;
  return ref;
}
function bindExactTitles(root) {
  const show = (e) => {
    if (e.buttons) return;
    const n2 = e.target;
    if (n2 && n2._v !== void 0) {
      const text2 = fmtExact(n2._v, n2._f32 === true);
      if (n2.title !== text2) n2.title = text2;
    }
  };
  for (const type of ["pointerover", "pointermove", "focusin"]) root.addEventListener(type, show, { passive: true });
}
function editableNum(v, text2, ref, cls = "n", make = h) {
  const h2 = make;
  if (!editState.enabled || !ref) return h2("span", { class: cls, props: { _v: v } }, text2);
  return h2(
    "span",
    {
      class: `${cls} n-edit`,
      props: { _v: v },
      tabindex: "0",
      role: "spinbutton",
      "aria-valuenow": String(v),
      "aria-valuetext": text2,
      "aria-label": refLabel(ref, editState.cell),
      dataset: { p: ref }
    },
    text2
  );
}
function keepFocus(el, fn) {
  const a = document.activeElement;
  let ref = null;
  let nth = 0;
  if (a && el.contains(a) && a.dataset && a.dataset.p) {
    ref = a.dataset.p;
    nth = [...el.querySelectorAll(`[data-p="${CSS.escape(ref)}"]`)].indexOf(a);
  }
  const out = fn();
  if (ref) {
    const all = el.querySelectorAll(`[data-p="${CSS.escape(ref)}"]`);
    const next = all[Math.max(0, Math.min(nth, all.length - 1))];
    if (next) next.focus({ preventScroll: true });
  }
  highlight(el);
  return out;
}
function highlight(el) {
  for (const n2 of el.querySelectorAll(".edit-active, .edit-term, .edit-fed")) n2.classList.remove("edit-active", "edit-term", "edit-fed");
  const ref = editState.active;
  if (!ref) return;
  for (const n2 of el.querySelectorAll(`[data-p="${CSS.escape(ref)}"]`)) {
    n2.classList.add("edit-active");
    const term = n2.closest(".term");
    if (term) term.classList.add("edit-term");
    let eq = n2.closest(".eq");
    if (!eq) continue;
    while (eq && eq.classList.contains("eq-cont") && eq.previousElementSibling && eq.previousElementSibling.classList.contains("eq")) eq = eq.previousElementSibling;
    for (let e = eq; e && e.classList.contains("eq"); e = e.nextElementSibling) {
      if (e !== eq && !e.classList.contains("eq-cont")) break;
      e.classList.add("edit-fed");
    }
  }
}

// static/js/morph.js
var VNode = class {
  constructor(tag, attrs, kids) {
    this.tag = tag;
    this.attrs = attrs;
    this.kids = kids;
    this.props = null;
  }
};
function vh(tag, attrs = {}, ...children) {
  const flat = [];
  let props = null;
  for (const k in attrs) {
    const v = attrs[k];
    if (v === void 0 || v === null || v === false) continue;
    if (k === "props") props = v;
    else if (k === "dataset") for (const d in v) flat.push("data-" + d.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()), String(v[d]));
    else if (k === "text") children = [String(v)];
    else if (k.startsWith("on")) throw new Error("bind events in the controller, not through attributes");
    else flat.push(k, v === true ? "" : String(v));
  }
  const kids = [];
  collect(children, kids);
  const n2 = new VNode(tag, flat, kids);
  n2.props = props;
  return n2;
}
function collect(children, out) {
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (c === void 0 || c === null || c === false) continue;
    if (Array.isArray(c)) collect(c, out);
    else if (c instanceof VNode || c instanceof Node) out.push(c);
    else out.push(String(c));
  }
}
function create(n2) {
  if (typeof n2 === "string") return document.createTextNode(n2);
  if (!(n2 instanceof VNode)) return n2;
  const el = document.createElement(n2.tag);
  const a = n2.attrs;
  for (let i = 0; i < a.length; i += 2) el.setAttribute(a[i], a[i + 1]);
  if (n2.props) Object.assign(el, n2.props);
  for (const k of n2.kids) el.appendChild(create(k));
  return el;
}
function morph(el, ...children) {
  const next = [];
  collect(children, next);
  morphChildren(el, next);
}
function morphChildren(parent, next) {
  let old = parent.firstChild;
  for (let i = 0; i < next.length; i++) {
    const n2 = next[i];
    if (old === null) {
      parent.appendChild(create(n2));
      continue;
    }
    const after = old.nextSibling;
    if (n2 === old) {
      old = after;
      continue;
    }
    if (sameKind(old, n2)) patch(old, n2);
    else parent.replaceChild(create(n2), old);
    old = after;
  }
  while (old !== null) {
    const after = old.nextSibling;
    parent.removeChild(old);
    old = after;
  }
}
function sameKind(old, n2) {
  if (typeof n2 === "string") return old.nodeType === 3;
  if (n2 instanceof VNode) return old.nodeType === 1 && old.localName === n2.tag && old.namespaceURI === "http://www.w3.org/1999/xhtml";
  if (old.nodeType !== n2.nodeType) return false;
  if (n2.nodeType === 3) return true;
  return n2.nodeType === 1 && old.localName === n2.localName && old.namespaceURI === n2.namespaceURI;
}
function patch(old, n2) {
  if (typeof n2 === "string") {
    if (old.nodeValue !== n2) old.nodeValue = n2;
    return;
  }
  if (n2 instanceof VNode) {
    const a = n2.attrs;
    for (let i = 0; i < a.length; i += 2) if (old.getAttribute(a[i]) !== a[i + 1]) old.setAttribute(a[i], a[i + 1]);
    const oa2 = old.attributes;
    if (oa2.length !== a.length >> 1) {
      for (let i = oa2.length - 1; i >= 0; i--) {
        const name2 = oa2[i].name;
        let keep = false;
        for (let j = 0; j < a.length; j += 2) if (a[j] === name2) keep = true;
        if (!keep) old.removeAttribute(name2);
      }
    }
    if (n2.props) Object.assign(old, n2.props);
    morphChildren(old, n2.kids);
    return;
  }
  if (n2.nodeType === 3) {
    if (old.nodeValue !== n2.nodeValue) old.nodeValue = n2.nodeValue;
    return;
  }
  const na = n2.attributes;
  for (let i = 0; i < na.length; i++) if (old.getAttribute(na[i].name) !== na[i].value) old.setAttribute(na[i].name, na[i].value);
  const oa = old.attributes;
  for (let i = oa.length - 1; i >= 0; i--) if (!n2.hasAttribute(oa[i].name)) old.removeAttribute(oa[i].name);
  const kids = [];
  for (let c = n2.firstChild; c; c = c.nextSibling) kids.push(c);
  morphChildren(old, kids);
}
function setText(el, text2) {
  const f = el.firstChild;
  if (f !== null && f.nodeType === 3 && f.nextSibling === null) {
    if (f.nodeValue !== text2) f.nodeValue = text2;
  } else if (text2 !== "" || f !== null) el.textContent = text2;
}

// static/js/render/diagram.js
var W = 580;
var HGT = 318;
var FONT2 = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
var MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace";
var WIRE = "#64748b";
var box = (id, x, y, label, w) => ({ id, x, y, kind: "box", label, w });
var op = (id, x, y, label) => ({ id, x, y, kind: "op", label });
var io = (id, x, y, label, below = false) => ({ id, x, y, kind: "io", label, below });
var wire = (...xy) => xy.flatMap((v, k) => k % 2 ? [v] : [k ? "L" : "M", v]);
function layouts(cell2, hasReadout) {
  if (cell2 === "rnn") {
    return {
      nodes: [
        io("hp", 50, 150, "h_prev"),
        io("x", 170, 272, "x", true),
        box("a", 250, 150, "a = W_hh·h + W_ih·x + b", 170),
        box("h", 400, 150, "act", 90),
        io("ho", 520, 150, "h"),
        ...hasReadout ? [io("y", 400, 45, "y = W·h + b")] : []
      ],
      wires: [
        wire(82, 150, 163, 150),
        wire(170, 259, 170, 174),
        wire(335, 150, 353, 150),
        wire(445, 150, 486, 150),
        ...hasReadout ? [wire(470, 150, 470, 45, 434, 45)] : []
      ],
      loops: [["M", 520, 165, "C", 520, 238, 50, 238, 50, 166]],
      loopLabel: [300, 238]
    };
  }
  if (cell2 === "lstm") {
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
        io("ho", 545, 268, "h")
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
        wire(275, 112, 275, 70)
      ],
      loops: []
    };
  }
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
      io("ho", 545, 55, "h")
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
      wire(170, 178, 170, 152, 376, 152, 376, 176)
    ],
    loops: []
  };
}
var COARSE = () => window.matchMedia("(pointer: coarse)").matches;
function createDiagram(el, legend) {
  let run = null;
  let view = null;
  let nodes = /* @__PURE__ */ new Map();
  let svg = null;
  let refocus = null;
  function draw(r, v) {
    run = r;
    view = v;
    const a = document.activeElement;
    refocus = a && el.contains(a) && a.getAttribute && a.getAttribute("data-p");
    nodes = /* @__PURE__ */ new Map();
    if (!run) return replaceChildren(el);
    const L = layouts(run.cell, !!run.y && v.layer === run.L - 1);
    const defs = s(
      "defs",
      {},
      s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", fill: WIRE }))
    );
    svg = s("svg", { viewBox: `0 0 ${W} ${HGT}`, role: editState.enabled && !COARSE() ? "group" : "img", "aria-labelledby": "diagram-title", xmlns: "http://www.w3.org/2000/svg", "font-family": FONT2 });
    const title = s("title", { id: "diagram-title" }, tr("diagram.title", { cell: run.cell.toUpperCase(), u: v.unit }));
    svg.append(title, defs, s("rect", { x: 0, y: 0, width: W, height: HGT, fill: "#ffffff" }));
    for (const w of L.wires) svg.append(s("path", { d: w.join(" "), fill: "none", stroke: WIRE, "stroke-width": 1.6, "marker-end": "url(#arrow)" }));
    for (const w of L.loops) svg.append(s("path", { d: w.join(" "), fill: "none", stroke: "#94a3b8", "stroke-width": 1.2, "stroke-dasharray": "4 4", "marker-end": "url(#arrow)" }));
    if (L.loopLabel) svg.append(s("text", { x: L.loopLabel[0], y: L.loopLabel[1], "font-size": 11, fill: "#64748b", "text-anchor": "middle", stroke: "#fff", "stroke-width": 4, "paint-order": "stroke" }, tr("diagram.loop")));
    for (const n2 of L.nodes) {
      const g = s("g", { "data-node": n2.id });
      let shape;
      const label = nodeLabel(run, n2);
      const halo = { stroke: "#ffffff", "stroke-width": 3.5, "paint-order": "stroke", "stroke-linejoin": "round" };
      let value;
      if (n2.kind === "op") {
        shape = s("circle", { cx: n2.x, cy: n2.y, r: 13, fill: "#ffffff", stroke: "#334155", "stroke-width": 1.4 });
        g.append(shape, s("text", { x: n2.x, y: n2.y + 5, "text-anchor": "middle", "font-size": 14, "font-weight": 700, fill: "#111827" }, label));
        value = s("text", { x: n2.x + 16, y: n2.y - 11, "text-anchor": "start", "font-size": 11.5, "font-family": MONO, fill: "#111827", ...halo });
      } else if (n2.kind === "io") {
        shape = s("rect", { x: n2.x - 32, y: n2.y - 13, width: 64, height: 26, rx: 13, fill: "#f1f5f9", stroke: "#94a3b8", "stroke-width": 1.2 });
        const ly = n2.below ? n2.y + 26 : n2.y - 19;
        g.append(shape, s("text", { x: n2.x, y: ly, "text-anchor": "middle", "font-size": 11, fill: "#475569", ...halo }, label));
        value = s("text", { x: n2.x, y: n2.y + 4.5, "text-anchor": "middle", "font-size": 12.5, "font-family": MONO, fill: "#111827" });
      } else {
        const w = n2.w || 64;
        shape = s("rect", { x: n2.x - w / 2, y: n2.y - 22, width: w, height: 44, rx: 7, fill: "#ffffff", stroke: "#334155", "stroke-width": 1.4 });
        const name2 = s("text", { x: n2.x, y: n2.y - 6, "text-anchor": "middle", "font-size": 11.5, "font-weight": 700, fill: "#111827" }, label);
        g.append(shape, name2);
        value = s("text", { x: n2.x, y: n2.y + 13, "text-anchor": "middle", "font-size": 12.5, "font-family": MONO, fill: "#111827" });
        n2.nameEl = name2;
      }
      g.append(value);
      svg.append(g);
      nodes.set(n2.id, { shape, value, spec: n2, name: n2.nameEl || null });
    }
    svg.append(s("text", { x: W - 8, y: HGT - 8, "text-anchor": "end", "font-size": 11, fill: "#64748b", "data-caption": "1" }));
    replaceChildren(el, svg);
    replaceChildren(
      legend,
      run.cell === "rnn" ? null : swatchRow(tr("diagram.legend-gates"), SEQUENTIAL),
      // an RNN has no gates
      swatchRow(tr("diagram.legend-signed"), DIVERGING)
    );
  }
  function swatchRow(text2, scale) {
    const svgL = s("svg", { viewBox: "0 0 100 10", width: 100, height: 10, "aria-hidden": "true" });
    for (let k = 0; k < 20; k++) svgL.append(s("rect", { x: k * 5, y: 0, width: 5.2, height: 10, fill: colorAt(scale, k / 19) }));
    const span = document.createElement("span");
    span.className = "legend-item";
    span.append(svgL, document.createTextNode(" " + text2));
    return span;
  }
  function nodeLabel(r, n2) {
    if (n2.id === "h" && r.cell === "rnn") return gateActivation(r.model, "h");
    if (n2.id === "hp") return tr("diagram.h-prev");
    if (n2.id === "cp") return tr("diagram.c-prev");
    if (n2.id === "ho") return tr("diagram.h-new");
    if (n2.id === "co") return tr("diagram.c-new");
    if (n2.id === "x") return "x";
    if (n2.id === "y") return "y";
    if (["f", "i", "o", "r", "z"].includes(n2.id)) return `${n2.id} ${gateActivation(r.model, n2.id) === "sigmoid" ? "σ" : "hσ"}`;
    return n2.label;
  }
  function fitPill(n2) {
    const w = Math.max(64, Math.ceil(n2.value.textContent.length * 7.6) + 18);
    if (n2.shape._w === w) return;
    n2.shape._w = w;
    const x = Math.min(W - 2 - w, Math.max(2, n2.spec.x - w / 2));
    n2.shape.setAttribute("x", x);
    n2.shape.setAttribute("width", w);
    n2.value.setAttribute("x", x + w / 2);
  }
  function setNode(id, v, kind, text2) {
    const n2 = nodes.get(id);
    if (!n2) return;
    setText(n2.value, text2 ?? (v === void 0 ? "—" : fmt(v, 3)));
    if (n2.spec.kind === "io") fitPill(n2);
    if (n2.spec.kind === "op" || n2.spec.kind === "io") {
      if (n2.spec.kind === "io" && v !== void 0 && Number.isFinite(v)) {
        const sc2 = kind === "gate" ? SEQUENTIAL : DIVERGING;
        const u2 = kind === "gate" ? v : 0.5 + v / (2 * Math.max(1, Math.abs(v)));
        setAttr(n2.shape, "fill", colorAt(sc2, u2));
        setAttr(n2.value, "fill", inkOn(sc2, u2));
      }
      return;
    }
    if (v === void 0 || !Number.isFinite(v)) {
      setAttr(n2.shape, "fill", "#e5e7eb");
      setAttr(n2.value, "fill", "#111827");
      if (n2.name) setAttr(n2.name, "fill", "#111827");
      return;
    }
    const sc = kind === "gate" ? SEQUENTIAL : DIVERGING;
    const u = kind === "gate" ? v : 0.5 + Math.max(-1, Math.min(1, v / Math.max(1, Math.abs(v) > 1 ? Math.abs(v) : 1))) / 2;
    setAttr(n2.shape, "fill", colorAt(sc, u));
    setAttr(n2.value, "fill", inkOn(sc, u));
    if (n2.name) setAttr(n2.name, "fill", inkOn(sc, u));
  }
  function setAttr(node, name2, value) {
    if (node.getAttribute(name2) !== value) node.setAttribute(name2, value);
  }
  function step(t) {
    if (!run || !svg) return;
    const { layer: l, dir: d, b } = view;
    const j = Math.min(view.unit, run.H - 1);
    const get = (field, g) => {
      const tens = run.series(l, d, field, g);
      return tens ? tens.row(b, t)[j] : void 0;
    };
    const hp = run.prevState(l, d, b, t, "h");
    const hPrev = hp ? hp[j] : void 0;
    const tok = run.tokenAt(b, t);
    const xText = l > 0 ? tr("layer.n", { n: l - 1 }) : tok !== null && tok !== "" ? run.tokens ? `‘${visibleToken(tok)}’` : tok : `x${t}`;
    setNode("x", void 0, "io", xText.length > 12 ? xText.slice(0, 11) + "…" : xText);
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
      const cPrev = cp ? cp[j] : void 0;
      const [f, i, g, o] = ["f", "i", "g", "o"].map((q) => get("gates", q));
      const c = get("c");
      setNode("cp", cPrev, "signed");
      setNode("f", f, "gate");
      setNode("i", i, "gate");
      setNode("g", g, "signed");
      setNode("o", o, "gate");
      setNode("fc", f !== void 0 && cPrev !== void 0 ? f * cPrev : void 0, "signed");
      setNode("ig", i !== void 0 && g !== void 0 ? i * g : void 0, "signed");
      setNode("sum", c, "signed");
      setNode("tc", c !== void 0 ? Math.tanh(c) : void 0, "signed");
      setNode("oh", o !== void 0 && c !== void 0 ? o * Math.tanh(c) : void 0, "signed");
      setNode("co", c, "signed");
    } else {
      const [r, z, n2] = ["r", "z", "n"].map((q) => get("gates", q));
      setNode("r", r, "gate");
      setNode("z", z, "gate");
      setNode("n", n2, "signed");
      setNode("zh", z !== void 0 && hPrev !== void 0 ? z * hPrev : void 0, "signed");
      setNode("omz", z !== void 0 ? 1 - z : void 0, "gate");
      setNode("zn", z !== void 0 && n2 !== void 0 ? (1 - z) * n2 : void 0, "signed");
      setNode("sum", hNow, "signed");
    }
    const s0 = l * run.D + d;
    const first = run.prevIndex(d, t, l, b) === null;
    const xv = l === 0 && !run.tokens && !run.embedding && run.x && run.I === 1 && Array.isArray(run.body.inputs) ? run.x.row(b, t)[0] : void 0;
    editable("x", xv !== void 0 ? `x:${b}:${t}:0` : null, xv);
    editable("hp", first ? `h0:${s0}:${b}:${j}` : null, hPrev);
    if (run.cell === "lstm") {
      const cp = run.prevState(l, d, b, t, "c");
      editable("cp", first && cp ? `c0:${s0}:${b}:${j}` : null, cp ? cp[j] : void 0);
    }
    if (refocus) {
      const n2 = svg.querySelector(`[data-p="${CSS.escape(refocus)}"]`);
      if (n2) n2.focus({ preventScroll: true });
      refocus = null;
    }
    highlight(el);
    const cap = svg.querySelector("[data-caption]");
    setText(cap, [tr("diagram.caption", { j, t }), run.D === 2 ? tr(d ? "dir.backward" : "dir.forward") : null, run.L > 1 ? tr("layer.n", { n: l }) : null].filter(Boolean).join(tr("sep")));
  }
  function editable(id, ref, v) {
    const n2 = nodes.get(id);
    if (!n2) return;
    const g = n2.shape.parentNode;
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
      if (!g.getAttribute("class")) g.removeAttribute("class");
    }
  }
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

// static/js/render/heatmaps.js
var SMALL = 6e4;
var MAX_COLS = 900;
var MAX_CELLS = 5e5;
function sampleColumns(slab, from, to) {
  const [, K] = slab.shape;
  const span = to - from + 1;
  const cols = Math.max(50, Math.min(MAX_COLS, Math.floor(MAX_CELLS / K)));
  const stride = Math.max(1, Math.ceil(span / cols));
  const C = Math.ceil(span / stride);
  const x = new Float64Array(C);
  for (let c = 0; c < C; c++) x[c] = from + c * stride;
  const Ctor = slab.data.constructor;
  const z = new Array(K);
  const d = slab.data;
  for (let k = 0; k < K; k++) {
    const row = new Ctor(C);
    for (let c = 0; c < C; c++) row[c] = d[(from + c * stride) * K + k];
    z[k] = row;
  }
  return { x, z, stride };
}
function scaleNote(sc) {
  if (sc.kind === "unit") return tr("scale.unit");
  return tr(sc.kind === "log" ? "scale.log" : "scale.signed", { m: fmt(sc.zmax, 3) });
}
function createHeatmaps(container, { onPick } = {}) {
  let markers = [];
  let run = null;
  let view = null;
  let lastT = 0;
  let gen = 0;
  function heightFor(K) {
    return Math.round(Math.min(240, Math.max(96, 36 + K * 12)));
  }
  function draw(r, v) {
    run = r;
    view = v;
    const my = ++gen;
    purge(container);
    markers = [];
    if (!run) return replaceChildren(container);
    const qs = listQuantities(run, v.q);
    if (!qs.length) {
      replaceChildren(container, h("p", { class: "panel-note" }, tr("heatmap.nothing")));
      return;
    }
    const figs = [];
    const gds = [];
    const specs = [];
    const tokens = run.tokens ? run.tokens[v.b] : null;
    for (const { field, g } of qs) {
      const tens = run.series(v.layer, v.dir, field, g);
      if (!tens) continue;
      const [, T, K] = tens.shape;
      const slab = tens.index0(v.b);
      const sc = scaleFor(run, field, g);
      const label = quantityLabel(run.cell, field, g);
      const id = quantityId(field, g);
      const readout = h("span", { class: "hover-readout", "aria-hidden": "true" });
      const stride = h("span", { class: "hm-stride" });
      const gd = h("div", { class: "plot plot-heatmap", role: "group", "aria-describedby": "plot-alt", "aria-label": tr("heatmap.aria", { label, k: K, t: T }) });
      const pngBtn = h("button", { type: "button", class: "btn btn-tiny", dataset: { pngHeatmap: id } }, "PNG");
      const fig = h(
        "figure",
        { class: "heatmap", dataset: { q: id } },
        h("figcaption", {}, h("span", { class: "hm-title" }, label), h("span", { class: "hm-stride hm-scale" }, scaleNote(sc)), stride, readout, pngBtn),
        h("div", { class: "plot-host" }, gd)
      );
      figs.push(fig);
      gds.push(gd);
      const small = T * K <= SMALL;
      const trace = {
        type: "heatmap",
        colorscale: plotlyScaleFor(sc),
        zmin: sc.zmin,
        zmax: sc.zmax,
        zmid: sc.kind === "unit" ? void 0 : 0,
        colorbar: { thickness: 10, len: 1, outlinewidth: 0, tickfont: { size: 10 }, x: 1.005, xpad: 4 },
        hoverongaps: false,
        xgap: T <= 80 ? 1 : 0,
        ygap: K <= 40 ? 1 : 0
      };
      if (small) {
        const z = new Array(K);
        for (let k = 0; k < K; k++) z[k] = slab.column(k);
        trace.z = z;
        if (tokens) {
          const row = tokens.map((tok) => plotlyText(visibleToken(tok)));
          trace.customdata = Array.from({ length: K }, () => row);
          trace.hovertemplate = `t = %{x} ‘%{customdata}’<br>${tr("word.unit")} %{y}<br>%{z:.6g}<extra></extra>`;
        } else {
          trace.hovertemplate = `t = %{x}<br>${tr("word.unit")} %{y}<br>%{z:.6g}<extra></extra>`;
        }
      } else {
        const smp = sampleColumns(slab, 0, T - 1);
        trace.x = smp.x;
        trace.z = smp.z;
        trace.hovertemplate = `t = %{x}<br>${tr("word.unit")} %{y}<br>%{z:.6g}<extra></extra>`;
        if (smp.stride > 1) trace.xgap = 0;
        stride.textContent = smp.stride > 1 ? tr("heatmap.stride", { n: smp.stride }) : "";
      }
      const layout = baseLayout({
        height: heightFor(K),
        margin: { l: 40, r: 56, t: 4, b: 26 },
        xaxis: { title: { text: "" }, zeroline: false, showgrid: false, ticks: "outside", ticklen: 3 },
        yaxis: { autorange: "reversed", zeroline: false, showgrid: false, ticks: "outside", ticklen: 3, title: { text: "" } }
      });
      if (tokens && T <= 40) {
        layout.xaxis.tickmode = "array";
        layout.xaxis.tickvals = tokens.map((_, t) => t);
        layout.xaxis.ticktext = tokens.map((tok, t) => `${t}<br>${plotlyText(visibleToken(tok))}`);
        layout.height += 12;
        layout.margin.b = 38;
      }
      if (T <= 30 && !(tokens && T <= 40)) layout.xaxis.dtick = 1;
      if (K <= 12) {
        layout.yaxis.tickmode = "linear";
        layout.yaxis.dtick = 1;
      }
      gd._rnnscope = { slab, T, K, tokens, label, field, g, readout, stride, small };
      specs.push({ gd, trace, layout, id });
    }
    replaceChildren(container, figs);
    return Promise.all(
      specs.map(
        ({ gd, trace, layout, id }) => newPlot(Plotly(), gd, [trace], layout, config(`rnnscope-${id}`)).then(() => {
          if (my !== gen) return;
          bindHover(gd);
          if (!gd._rnnscope.small) bindResample(gd);
          const m = attachMarker(gd, { brick: true });
          m.set(lastT);
          markers.push(m);
        })
      )
    ).then(() => {
      if (my === gen) linkXRanges(gds);
    });
  }
  function bindResample(gd) {
    const meta = gd._rnnscope;
    let current = null;
    gd.on("plotly_relayout", (ev) => {
      let from = 0;
      let to = meta.T - 1;
      const r = ev["xaxis.range"] || (ev["xaxis.range[0]"] !== void 0 ? [ev["xaxis.range[0]"], ev["xaxis.range[1]"]] : null);
      if (r) {
        from = Math.max(0, Math.floor(Math.min(r[0], r[1])));
        to = Math.min(meta.T - 1, Math.ceil(Math.max(r[0], r[1])));
      } else if (!ev["xaxis.autorange"]) return;
      const key = `${from}-${to}`;
      if (key === current || to <= from) return;
      current = key;
      const smp = sampleColumns(meta.slab, from, to);
      meta.stride.textContent = smp.stride > 1 ? tr("heatmap.stride", { n: smp.stride }) : "";
      Plotly().restyle(gd, { x: [smp.x], z: [smp.z] });
    });
  }
  function bindHover(gd) {
    const meta = gd._rnnscope;
    gd.on("plotly_hover", (ev) => {
      const p = ev.points && ev.points[0];
      if (!p) return;
      const t = Math.round(p.x);
      const k = Math.round(p.y);
      const v = meta.slab.data[t * meta.K + k];
      const tok = meta.tokens ? ` ‘${visibleToken(meta.tokens[t])}’` : "";
      meta.readout.textContent = `t = ${t}${tok} · ${tr("word.unit")} ${k} · ${fmtExact(v, run.float32)}`;
    });
    gd.on("plotly_unhover", () => {
      meta.readout.textContent = "";
    });
    gd.on("plotly_click", (ev) => {
      const p = ev.points && ev.points[0];
      if (p && onPick) onPick(Math.round(p.x), Math.round(p.y));
    });
  }
  function step(t) {
    lastT = t;
    for (const m of markers) m.set(t);
  }
  function figureFor(id) {
    const fig = container.querySelector(`figure[data-q="${CSS.escape(id)}"] .js-plotly-plot`);
    return fig;
  }
  return { draw, step, figureFor, get view() {
    return view;
  } };
}

// static/js/render/gradients.js
var SMALL2 = 6e4;
var MARGIN_L = 58;
var MARGIN_R = 78;
var INK = "#0f1b3d";
var DOT = "#dc2626";
var DOT_EVERY_MS = 120;
var verdictText = (v) => tr(`grad.verdict.${v}`);
function createGradients(panel, { onPick } = {}) {
  const el = {
    reading: $("#grad-reading", panel),
    loss: $("#grad-loss", panel),
    note: $("#grad-note", panel),
    curveFig: $("#grad-curve-fig", panel),
    curve: $("#grad-curve", panel),
    curveReadout: $("#grad-curve-readout", panel),
    heat: $("#grad-heat", panel),
    heatReadout: $("#grad-heat-readout", panel),
    heatStride: $("#grad-heat-stride", panel)
  };
  let run = null;
  let view = null;
  let curve = null;
  let slab = null;
  let lastT = 0;
  let markers = [];
  let gen = 0;
  const newDot = () => ({ ready: false, pending: false, want: 0, shown: -1, last: 0 });
  let dot2 = newDot();
  function clearPlots() {
    gen++;
    dot2 = newDot();
    markers = [];
    if (!window.Plotly) return;
    for (const gd of [el.curve, el.heat]) if (gd.classList.contains("js-plotly-plot")) purgeFigure(Plotly(), gd);
  }
  function prepare(r, v, show) {
    run = r && r.gradients ? r : null;
    view = v;
    panel.hidden = !(run && show);
    if (!run) {
      clearPlots();
      curve = slab = null;
      return;
    }
    const g = run.gradients;
    const jac = g.jacobian && g.jacobian[v.layer] ? g.jacobian[v.layer][v.dir] : null;
    curve = jac ? jac.row(v.b) : null;
    const hid = g.hidden[v.layer] ? g.hidden[v.layer][v.dir] : null;
    slab = hid ? hid.index0(v.b) : null;
    const loss = lossOf(run.body);
    const what = tr(loss && loss.kind === "mse" ? "grad.loss.mse" : run.y ? "grad.loss.sum-y" : "grad.loss.sum");
    el.loss.textContent = Number.isFinite(g.loss) ? `L = ${fmt(g.loss, 6)} · ${what}` : tr("grad.loss-not-finite", { what });
    const s2 = `${run.L > 1 ? tr("grad.s-layer", { l: v.layer }) : ""}h${run.cell === "lstm" ? tr("grad.s-lstm") : ""}`;
    const notes = [tr("grad.note", { s: s2, vanish: VANISH, explode: EXPLODE })];
    if (loss && loss.kind === "sum" && run.model.readout && run.model.readout.activation === "softmax") {
      notes.push(tr("grad.note-softmax"));
    } else if (!loss || loss.kind === "sum") notes.push(tr("grad.note-sum-flat"));
    if (run.D === 2 && v.dir === 1) notes.push(tr("grad.note-backward"));
    else if (run.D === 2) notes.push(tr("grad.note-forward", { last: run.T - 1 }));
    el.note.textContent = notes.join(" ");
    el.curveFig.hidden = !curve;
    writeReading(lastT);
  }
  function tokenText(t) {
    if (!run.tokens) return null;
    const tok = run.tokenAt(view.b, t);
    return tok === null || tok === "" ? null : `‘${visibleToken(tok)}’`;
  }
  function writeReading(t) {
    if (!run) return;
    if (!curve) {
      el.reading.dataset.verdict = "none";
      replaceChildren(el.reading, tr("grad.no-curve"));
      return;
    }
    const r = readingAt(curve, view.dir, Math.min(t, curve.length - 1));
    const tok = tokenText(r.t);
    const at = [h("strong", {}, tr("grad.step", { t: r.t })), tok ? [" ", h("span", { class: "grad-tok" }, tok)] : null];
    el.reading.dataset.verdict = r.verdict;
    if (r.verdict === "end") {
      const dir = run.D === 2 ? tr(view.dir === 1 ? "grad.dir.backward" : "grad.dir.forward") : "";
      replaceChildren(el.reading, trNodes("grad.reading-end", { at, dir }));
      return;
    }
    const later = tr(view.dir === 1 ? "grad.later-backward" : "grad.later", { n: r.steps });
    const rate = r.perStep !== null ? tr("grad.rate", { r: fmt(r.perStep, 3) }) : r.strength === 0 ? tr("grad.nothing") : "";
    replaceChildren(
      el.reading,
      trNodes("grad.reading", {
        at,
        end: r.end,
        later,
        strength: h("strong", { class: "grad-num" }, fmtStrength(r.strength)),
        verdict: h("span", { class: `verdict verdict-${r.verdict}` }, verdictText(r.verdict)),
        rate
      })
    );
  }
  function draw(r, v, other = null) {
    clearPlots();
    if (!run || panel.hidden || !window.Plotly) return Promise.resolve();
    const my = gen;
    const tokens = run.tokens ? run.tokens[v.b].map((t) => plotlyText(visibleToken(t))) : null;
    const jobs = [];
    const gA = other && other.run.gradients;
    const jacA = gA && gA.jacobian && gA.jacobian[other.view.layer] ? gA.jacobian[other.view.layer][other.view.dir] : null;
    if (curve) jobs.push(drawCurve(tokens, my, jacA ? { curve: jacA.row(other.view.b), label: other.label } : null));
    if (slab) jobs.push(drawHeat(tokens, my));
    else replaceChildren(el.heat, h("p", { class: "panel-note" }, tr("grad.no-gradient")));
    return Promise.all(jobs).then(() => {
      if (my === gen) linkXRanges([el.curve, el.heat].filter((gd) => gd.classList.contains("js-plotly-plot")));
    });
  }
  function xaxis(T, extra = {}) {
    return { range: [-0.5, T - 0.5], zeroline: false, ticks: "outside", ticklen: 3, dtick: T <= 30 ? 1 : void 0, ...extra };
  }
  function drawCurve(tokens, my, other = null) {
    const T = curve.length;
    const y = Float64Array.from(curve, (v) => v > 0 ? v : NaN);
    const rng = positiveRange(other ? Float64Array.from([...curve, ...other.curve]) : curve);
    let lo = Math.log10(VANISH) - 0.7;
    let hi = Math.log10(EXPLODE) + 0.7;
    if (rng) {
      lo = Math.min(lo, Math.log10(rng[0]) - 0.4);
      hi = Math.max(hi, Math.log10(rng[1]) + 0.4);
    }
    const exact = Array.from(curve, (v) => fmtExact(v, run.float32));
    const t0 = Math.min(lastT, T - 1);
    const traces = [
      {
        type: "scatter",
        mode: T <= 60 ? "lines+markers" : "lines",
        name: "strength",
        y,
        line: { color: INK, width: 2 },
        marker: { size: 4, color: INK },
        customdata: exact,
        text: tokens || void 0,
        hovertemplate: `t = %{x}${tokens ? " ‘%{text}’" : ""}<br>‖∂s_end/∂s_t‖ = %{customdata}<extra></extra>`
      },
      {
        type: "scatter",
        mode: "markers",
        name: tr("grad.current-step"),
        x: [t0],
        y: [curve[t0] > 0 ? curve[t0] : null],
        marker: { size: 11, color: DOT, line: { color: "#ffffff", width: 2 } },
        hoverinfo: "skip"
      }
    ];
    if (other) {
      const exactA = Array.from(other.curve, (v) => fmtExact(v, false));
      traces[0].name = "B";
      traces[1].showlegend = false;
      traces.push({
        type: "scatter",
        mode: other.curve.length <= 60 ? "lines+markers" : "lines",
        name: other.label,
        y: Float64Array.from(other.curve, (v) => v > 0 ? v : NaN),
        line: { color: "#E69F00", width: 2, dash: "dash" },
        marker: { size: 4, color: "#E69F00", symbol: "circle-open" },
        customdata: exactA,
        hovertemplate: `${other.label} · t = %{x}<br>‖∂s_end/∂s_t‖ = %{customdata}<extra></extra>`
      });
    }
    const band = (y0, y1, color) => ({ type: "rect", xref: "paper", yref: "y", x0: 0, x1: 1, y0, y1, fillcolor: color, line: { width: 0 }, layer: "below" });
    const rule = (y0, color) => ({ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0, y1: y0, line: { color, width: 1, dash: "dot" }, layer: "below" });
    const label = (y0, text2, color, anchor) => ({ xref: "paper", yref: "y", x: 1, xanchor: "left", xshift: 4, y: Math.log10(y0), yanchor: anchor, align: "left", text: text2, showarrow: false, font: { size: 10.5, color } });
    const layout = baseLayout({
      height: 244,
      margin: { l: MARGIN_L, r: MARGIN_R, t: 22, b: 34 },
      // room above for the threshold label of a thin band
      showlegend: !!other,
      legend: other ? { orientation: "h", x: 0, y: 1, yanchor: "bottom", font: { size: 10 } } : void 0,
      hovermode: "closest",
      xaxis: xaxis(Math.max(T, other ? other.curve.length : 0), { title: { text: tr("axis.step"), standoff: 4 }, gridcolor: "#eef0f3" }),
      // whole decades only (no 2- and 5- minor labels), at most about six of them
      yaxis: { type: "log", range: [lo, hi], dtick: Math.max(1, Math.ceil((hi - lo) / 6)), exponentformat: "power", gridcolor: "#eef0f3", title: { text: tr("grad.strength-axis") }, ticks: "outside", ticklen: 3 },
      shapes: [
        band(1e-300, VANISH, "rgba(33, 102, 172, 0.08)"),
        band(EXPLODE, 1e300, "rgba(178, 24, 43, 0.07)"),
        rule(VANISH, "#2166ac"),
        rule(EXPLODE, "#b2182b"),
        rule(1, "#9ca3af")
      ],
      annotations: [
        label(EXPLODE, `${verdictText("exploding")}<br>${tr("grad.above", { x: EXPLODE })}`, "#b2182b", "bottom"),
        label(VANISH, `${verdictText("vanishing")}<br>${tr("grad.below", { x: VANISH })}`, "#2166ac", "top")
      ]
    });
    const gd = el.curve;
    gd.setAttribute("aria-label", tr("grad.curve-aria-full", { n: T, a: fmtStrength(curve[0]), b: fmtStrength(curve[T - 1]), last: T - 1 }));
    return newPlot(Plotly(), gd, traces, layout, config("rnnscope-jacobian-norm")).then(() => {
      if (my !== gen) return;
      gd.on("plotly_hover", (ev) => {
        const p = ev.points && ev.points.find((q) => q.curveNumber === 0);
        if (!p) return;
        const t = Math.round(p.x);
        const tok = tokenText(t);
        el.curveReadout.textContent = `t = ${t}${tok ? " " + tok : ""} · ${exact[t]}`;
      });
      gd.on("plotly_unhover", () => el.curveReadout.textContent = "");
      gd.on("plotly_click", (ev) => {
        const p = ev.points && ev.points[0];
        if (p && onPick) onPick(Math.round(p.x), null);
      });
      const m = attachMarker(gd);
      m.set(lastT);
      markers.push(m);
      dot2.ready = true;
      dot2.shown = t0;
      moveDot(lastT);
    });
  }
  function drawHeat(tokens, my) {
    const [T, K] = slab.shape;
    const lm = logMagnitude(slab);
    const logSlab = new Tensor(lm.data, slab.shape);
    const small = T * K <= SMALL2;
    const ticks = decadeTicks(lm.zmin, lm.zmax);
    const trace = {
      type: "heatmap",
      colorscale: plotlyScale(SEQUENTIAL),
      zmin: lm.zmin,
      zmax: lm.zmax,
      colorbar: { thickness: 10, len: 1, outlinewidth: 0, tickfont: { size: 10 }, x: 1.005, xpad: 4, tickvals: ticks.tickvals, ticktext: ticks.ticktext },
      hoverongaps: false,
      xgap: T <= 80 ? 1 : 0,
      ygap: K <= 40 ? 1 : 0
    };
    if (small) {
      const z = new Array(K);
      const exact = new Array(K);
      for (let k = 0; k < K; k++) {
        z[k] = logSlab.column(k);
        exact[k] = Array.from(slab.column(k), (v) => fmtExact(v, run.float32));
      }
      trace.z = z;
      trace.customdata = exact;
      if (tokens) trace.text = Array.from({ length: K }, () => tokens);
      trace.hovertemplate = `t = %{x}${tokens ? " ‘%{text}’" : ""}<br>${tr("word.unit")} %{y}<br>∂L/∂h = %{customdata}<extra></extra>`;
      el.heatStride.textContent = "";
    } else {
      const smp = sampleColumns(logSlab, 0, T - 1);
      trace.x = smp.x;
      trace.z = smp.z;
      trace.hovertemplate = `t = %{x}<br>${tr("word.unit")} %{y}<br>log₁₀|∂L/∂h| = %{z:.3f}<extra></extra>`;
      if (smp.stride > 1) trace.xgap = 0;
      el.heatStride.textContent = smp.stride > 1 ? tr("heatmap.stride", { n: smp.stride }) : "";
    }
    const layout = baseLayout({
      height: Math.round(Math.min(260, Math.max(110, 40 + K * 12))),
      margin: { l: MARGIN_L, r: MARGIN_R, t: 4, b: 28 },
      xaxis: xaxis(T, { showgrid: false }),
      yaxis: { autorange: "reversed", zeroline: false, showgrid: false, ticks: "outside", ticklen: 3, title: { text: tr("word.unit"), standoff: 2 } }
    });
    if (tokens && T <= 40) {
      layout.xaxis.tickmode = "array";
      layout.xaxis.tickvals = tokens.map((_, t) => t);
      layout.xaxis.ticktext = tokens.map((tok, t) => `${t}<br>${tok}`);
      layout.height += 12;
      layout.margin.b = 40;
    }
    if (K <= 12) {
      layout.yaxis.tickmode = "linear";
      layout.yaxis.dtick = 1;
    }
    const gd = el.heat;
    gd.setAttribute("aria-label", tr("grad.heat-aria-full", { k: K, t: T }));
    return newPlot(Plotly(), gd, [trace], layout, config("rnnscope-dL-dh")).then(() => {
      if (my !== gen) return;
      gd.on("plotly_hover", (ev) => {
        const p = ev.points && ev.points[0];
        if (!p) return;
        const t = Math.round(p.x);
        const k = Math.round(p.y);
        const tok = tokenText(t);
        el.heatReadout.textContent = `t = ${t}${tok ? " " + tok : ""} · unit ${k} · ${fmtExact(slab.data[t * K + k], run.float32)}`;
      });
      gd.on("plotly_unhover", () => el.heatReadout.textContent = "");
      gd.on("plotly_click", (ev) => {
        const p = ev.points && ev.points[0];
        if (p && onPick) onPick(Math.round(p.x), Math.round(p.y));
      });
      if (!small) bindResample(gd, logSlab);
      const m = attachMarker(gd, { brick: true });
      m.set(lastT);
      markers.push(m);
    });
  }
  function bindResample(gd, logSlab) {
    const T = logSlab.shape[0];
    let current = null;
    gd.on("plotly_relayout", (ev) => {
      let from = 0;
      let to = T - 1;
      const r = ev["xaxis.range"] || (ev["xaxis.range[0]"] !== void 0 ? [ev["xaxis.range[0]"], ev["xaxis.range[1]"]] : null);
      if (r) {
        from = Math.max(0, Math.floor(Math.min(r[0], r[1])));
        to = Math.min(T - 1, Math.ceil(Math.max(r[0], r[1])));
      } else if (!ev["xaxis.autorange"]) return;
      const key = `${from}-${to}`;
      if (key === current || to <= from) return;
      current = key;
      const smp = sampleColumns(logSlab, from, to);
      el.heatStride.textContent = smp.stride > 1 ? tr("heatmap.stride", { n: smp.stride }) : "";
      Plotly().restyle(gd, { x: [smp.x], z: [smp.z] });
    });
  }
  function moveDot(t) {
    const d = dot2;
    d.want = t;
    if (!d.ready || d.pending || d.shown === t) return;
    d.pending = true;
    const wait = Math.max(0, d.last + DOT_EVERY_MS - performance.now());
    const apply = () => {
      if (d !== dot2 || !curve) return;
      const tt = Math.min(d.want, curve.length - 1);
      const v = curve[tt];
      Plotly().restyle(el.curve, { x: [[tt]], y: [[v > 0 ? v : null]] }, [1]).catch(() => {
      }).finally(() => {
        d.pending = false;
        d.last = performance.now();
        d.shown = tt;
        if (d === dot2 && d.want !== tt) moveDot(d.want);
      });
    };
    setTimeout(() => requestAnimationFrame(apply), wait);
  }
  function step(t) {
    lastT = t;
    if (!run || panel.hidden) return;
    writeReading(t);
    for (const m of markers) m.set(t);
    moveDot(t);
  }
  return { prepare, draw, step, figures: () => ({ curve: el.curve, heat: el.heat }) };
}

// static/js/render/lines.js
var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
function parseUnits(text2, K, max = 16) {
  const out = [];
  for (const part of String(text2 || "").split(",")) {
    const m = part.trim().match(/^(\d+)(?:\s*-\s*(\d+))?$/);
    if (!m) continue;
    const a = +m[1];
    const b = m[2] === void 0 ? a : +m[2];
    for (let k = Math.min(a, b); k <= Math.max(a, b) && out.length < max; k++) if (k < K && !out.includes(k)) out.push(k);
  }
  return out;
}
function createLines(gd) {
  let marker = null;
  let lastT = 0;
  function draw(run, v, field, g, units, other = null) {
    purge(gd.parentElement);
    marker = null;
    const tens = run && run.series(v.layer, v.dir, field, g);
    if (!tens) {
      gd.textContent = tr("plot.not-recorded");
      return Promise.resolve();
    }
    gd.textContent = "";
    const slab = tens.index0(field === "output" || field === "y" ? v.b : v.b);
    const [T, K] = slab.shape;
    const list = units.length ? units : Array.from({ length: Math.min(K, 4) }, (_, k) => k);
    const gl = T * list.length > 4e4 && webglAvailable();
    const tokens = run.tokens ? run.tokens[v.b].map((t) => plotlyText(visibleToken(t))) : null;
    const label = quantityLabel(run.cell, field, g);
    const traces = list.map((k, i) => ({
      type: gl ? "scattergl" : "scatter",
      mode: T <= 60 ? "lines+markers" : "lines",
      name: tr("unit.n", { k }),
      y: slab.column(k),
      line: { color: PALETTE[i % PALETTE.length], width: 2 },
      marker: { size: 5 },
      text: tokens || void 0,
      hovertemplate: tokens ? `t = %{x} ‘%{text}’<br>${tr("unit.n", { k })}: %{y:.6g}<extra></extra>` : `t = %{x}<br>${tr("unit.n", { k })}: %{y:.6g}<extra></extra>`
    }));
    const tensA = other ? other.run.series(other.view.layer, other.view.dir, field, g) : null;
    if (tensA) {
      const slabA = tensA.index0(other.view.b);
      const [TA, KA] = slabA.shape;
      traces.forEach((tr0, i) => {
        tr0.name = `${tr0.name} · B`;
        tr0.legendgroup = `u${list[i]}`;
      });
      list.forEach((k, i) => {
        if (k >= KA) return;
        traces.push({
          type: gl ? "scattergl" : "scatter",
          mode: TA <= 60 ? "lines+markers" : "lines",
          name: `${tr("unit.n", { k })} · ${other.label}`,
          legendgroup: `u${k}`,
          y: slabA.column(k),
          meta: "run-a",
          // run A: a live edit restyles B's traces only (liveplots.js)
          line: { color: PALETTE[i % PALETTE.length], width: 1.5, dash: "dash" },
          marker: { size: 4, symbol: "circle-open" },
          opacity: 0.75,
          hovertemplate: `t = %{x}<br>${tr("unit.n", { k })} (${other.label}): %{y:.6g}<extra></extra>`
        });
      });
    }
    const layout = baseLayout({
      height: 260,
      margin: { l: 48, r: 10, t: 8, b: 34 },
      showlegend: true,
      legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 0, font: { size: 10 } },
      hovermode: "x unified",
      xaxis: { title: { text: tr("axis.step"), standoff: 4 }, zeroline: false, gridcolor: "#eef0f3", dtick: T <= 20 ? 1 : void 0 },
      yaxis: { title: { text: label }, zeroline: true, zerolinecolor: "#c7cbd1", gridcolor: "#eef0f3" }
    });
    return newPlot(Plotly(), gd, traces, layout, config(`rnnscope-${field}${g ? "-" + g : ""}-units`)).then(() => {
      marker = attachMarker(gd);
      marker.set(lastT);
    });
  }
  function step(t) {
    lastT = t;
    if (marker) marker.set(t);
  }
  return { draw, step };
}

// static/js/render/outputs.js
var MAX_LINES = 8;
var MAX_BARS = 12;
function createOutputs(gd, bars, note) {
  let marker = null;
  let run = null;
  let view = null;
  let series = null;
  let labels = [];
  let lastT = 0;
  let rows = [];
  let labelText = (k) => labels[k];
  function draw(r, v, other = null) {
    run = r;
    view = v;
    purge(gd.parentElement);
    marker = null;
    series = null;
    if (!run) return Promise.resolve();
    const isY = !!run.y;
    const tens = isY ? run.y : run.output;
    series = tens.index0(v.b);
    const [T] = series.shape;
    const K = isY ? series.shape[1] : Math.min(series.shape[1], MAX_LINES);
    const act = isY ? run.model.readout && run.model.readout.activation || "identity" : null;
    labels = isY ? run.classLabels() : Array.from({ length: series.shape[1] }, (_, k) => run.D === 2 ? tr(k < run.P ? "outputs.fwd" : "outputs.bwd", { k: k % run.P }) : `h[${k}]`);
    const tokens = run.tokens ? run.tokens[v.b].map((t) => plotlyText(visibleToken(t))) : null;
    labelText = isY ? (k) => visibleToken(labels[k]) : (k) => labels[k];
    if (isY) {
      note.textContent = act === "softmax" ? tr("outputs.softmax", { k: K }) : tr("outputs.readout", { act: act === "identity" ? "" : act, n: K });
    } else {
      const bi = run.D === 2 ? tr("outputs.bi") : "";
      note.textContent = series.shape[1] > K ? tr("outputs.none-some", { bi, k: K, n: series.shape[1] }) : tr("outputs.none", { bi });
    }
    let traces;
    let layout;
    const name2 = isY ? "y" : tr("outputs.output");
    if (K <= MAX_LINES) {
      traces = Array.from({ length: K }, (_, k) => ({
        type: "scatter",
        mode: T <= 60 ? "lines+markers" : "lines",
        name: plotlyText(isY ? visibleToken(labels[k]) : labels[k]),
        y: series.column(k),
        text: tokens || void 0,
        line: { color: PALETTE[k % PALETTE.length], width: 2 },
        hovertemplate: `t = %{x}${tokens ? " ‘%{text}’" : ""}<br>${plotlyText(isY ? visibleToken(labels[k]) : labels[k])}: %{y:.6g}<extra></extra>`
      }));
      const tensA = other ? isY ? other.run.y : other.run.y ? null : other.run.output : null;
      if (tensA && tensA.shape.length === 3) {
        const sA = tensA.index0(other.view.b);
        const KA = Math.min(sA.shape[1], MAX_LINES);
        traces.forEach((t0) => t0.name = `${t0.name} · B`);
        for (let k = 0; k < KA; k++) {
          const nm = isY ? k < labels.length ? visibleToken(labels[k]) : `y${k}` : `h[${k}]`;
          traces.push({
            type: "scatter",
            mode: sA.shape[0] <= 60 ? "lines+markers" : "lines",
            name: `${plotlyText(nm)} · ${other.label}`,
            y: sA.column(k),
            meta: "run-a",
            // run A: a live edit restyles B's traces only (liveplots.js)
            line: { color: PALETTE[k % PALETTE.length], width: 1.5, dash: "dash" },
            marker: { size: 4, symbol: "circle-open" },
            opacity: 0.75,
            hovertemplate: `t = %{x}<br>${plotlyText(nm)} (${other.label}): %{y:.6g}<extra></extra>`
          });
        }
        note.textContent += " " + tr("compare.outputs-dashed");
      } else if (other) note.textContent += " " + tr(other.run.y && !isY ? "compare.outputs-a-readout" : "compare.outputs-b-readout");
      layout = baseLayout({
        height: 240,
        margin: { l: 48, r: 10, t: 8, b: 34 },
        showlegend: K > 1 || traces.length > K,
        legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 0 },
        xaxis: { title: { text: tr("axis.step"), standoff: 4 }, gridcolor: "#eef0f3", zeroline: false, dtick: T <= 20 ? 1 : void 0 },
        yaxis: { title: { text: name2 }, gridcolor: "#eef0f3", range: act === "softmax" || act === "sigmoid" ? [0, 1] : void 0 }
      });
    } else {
      const z = Array.from({ length: K }, (_, k) => series.column(k));
      const unit = act === "softmax" || act === "sigmoid";
      let m = 0;
      for (const v2 of series.data) if (Number.isFinite(v2)) m = Math.max(m, Math.abs(v2));
      traces = [
        {
          type: "heatmap",
          z,
          y: labels.map((l) => plotlyText(visibleToken(l))),
          colorscale: plotlyScale(unit ? SEQUENTIAL : DIVERGING),
          // probabilities from 0 to the largest one (many classes are all far from 1)
          zmin: unit ? 0 : -m || -1,
          zmax: m || 1,
          colorbar: { thickness: 10, outlinewidth: 0 },
          hovertemplate: "t = %{x}<br>%{y}: %{z:.6g}<extra></extra>"
        }
      ];
      layout = baseLayout({
        height: Math.min(320, 60 + K * 10),
        margin: { l: 48, r: 56, t: 6, b: 30 },
        xaxis: { title: { text: tr("axis.step"), standoff: 4 } },
        yaxis: { autorange: "reversed", type: "category" }
      });
      if (other) note.textContent += " " + tr("compare.outputs-many");
    }
    buildBars(series.shape[1], act);
    return newPlot(Plotly(), gd, traces, layout, config(`rnnscope-${name2}`)).then(() => {
      marker = attachMarker(gd);
      marker.set(lastT);
      step(lastT);
    });
  }
  function buildBars(K, act) {
    rows = [];
    const n2 = Math.min(K, MAX_BARS);
    const title = h("p", { class: "probs-title" });
    const list = h("ol", { class: "bars" });
    for (let k = 0; k < n2; k++) {
      const label = h("span", { class: "bar-label" });
      const fill = h("span", { class: "bar-fill" });
      const value = h("span", { class: "bar-value" });
      const li = h("li", { class: "bar" }, label, h("span", { class: "bar-track" }, fill), value);
      list.append(li);
      rows.push({ li, label, fill, value });
    }
    replaceChildren(bars, title, list, h("p", { class: "probs-next" }));
    bars.dataset.act = act || "none";
  }
  function step(t) {
    lastT = t;
    if (marker) marker.set(t);
    if (!series || !rows.length) return;
    const vals = Array.from(series.row(t));
    const act = bars.dataset.act;
    const sorted = vals.map((v, k) => [v, k]);
    const ranked = act === "softmax" || vals.length > MAX_BARS;
    if (ranked) sorted.sort((a, b) => (b[0] || 0) - (a[0] || 0));
    const maxAbs = Math.max(1e-12, ...vals.filter(Number.isFinite).map(Math.abs));
    const unit = act === "softmax" || act === "sigmoid";
    const tok = run.tokenAt(view.b, t);
    bars.firstChild.textContent = tr(act === "softmax" ? "outputs.probs-at" : "outputs.values-at", { t }) + (tok !== null && tok !== "" ? ` (‘${visibleToken(tok)}’)` : "") + (ranked && vals.length > MAX_BARS ? tr("outputs.top", { n: MAX_BARS }) : "");
    rows.forEach((row, i) => {
      const [v, k] = sorted[i];
      row.label.textContent = labelText(k);
      row.value.textContent = act === "softmax" ? `${(v * 100).toFixed(1)}%` : fmt(v, 4);
      const frac = unit ? Math.max(0, Math.min(1, v)) : Math.abs(v) / maxAbs;
      row.fill.style.width = `${(frac * 100).toFixed(1)}%`;
      row.fill.classList.toggle("neg", v < 0);
      row.li.title = `${labelText(k)}: ${v}`;
    });
    const next = bars.lastChild;
    if (run.tokens && act === "softmax" && run.y && t + 1 < run.T) {
      const nt = run.tokens[view.b][t + 1];
      const k = labels.indexOf(nt);
      next.textContent = k >= 0 ? tr("outputs.next", { tok: visibleToken(nt), p: (vals[k] * 100).toFixed(1) }) : "";
    } else next.textContent = "";
  }
  function mark(t) {
    lastT = t;
    if (marker) marker.set(t);
  }
  return { draw, step, mark };
}

// static/js/render/table.js
var PAGE = 32;
function shortName(cell2, field, g) {
  if (field === "h" || field === "c") return field;
  if (cell2 === "rnn") return { pre_activation: "a", input_term: "W_ih·x+b", recurrent_term: "W_hh·h+b", gates: "h" }[field];
  return { gates: g, pre_activation: tr("table.pre", { g }), input_term: tr("table.in", { g }), recurrent_term: tr("table.rec", { g }) }[field];
}
function createTable(wrap, pager, { onPage } = {}) {
  let cols = [];
  let cells = [];
  let run = null;
  let view = null;
  let caption = null;
  let first = 0;
  let K = 0;
  function draw(r, v, page) {
    run = r;
    view = v;
    cols = [];
    cells = [];
    if (!run) return replaceChildren(wrap);
    for (const { field, g } of listQuantities(run)) {
      const tens = run.series(v.layer, v.dir, field, g);
      if (!tens) continue;
      cols.push({ field, g, tens, sc: scaleFor(run, field, g), label: quantityLabel(run.cell, field, g), id: quantityId(field, g) });
    }
    K = Math.max(run.H, run.P);
    const pages = Math.ceil(K / PAGE);
    const p = Math.min(page || 0, pages - 1);
    first = p * PAGE;
    const last = Math.min(K, first + PAGE);
    caption = h("caption", {});
    const head = h(
      "tr",
      {},
      h("th", { scope: "col" }, tr("table.unit")),
      cols.map((c) => h("th", { scope: "col", title: c.label }, shortName(run.cell, c.field, c.g)))
    );
    const body = h("tbody");
    for (let k = first; k < last; k++) {
      const tds = cols.map(() => h("td", { class: "num", props: { _f32: run.float32 } }, ""));
      body.append(h("tr", {}, h("th", { scope: "row" }, String(k)), tds));
      cells.push(tds);
    }
    replaceChildren(wrap, h("table", { class: "values" }, caption, h("thead", {}, head), body));
    replaceChildren(pager);
    if (pages > 1) {
      const sel = h("select", { "aria-label": tr("table.pages"), id: "table-page" });
      for (let i = 0; i < pages; i++) {
        const o = h("option", { value: String(i) }, tr("table.page", { a: i * PAGE, b: Math.min(K, (i + 1) * PAGE) - 1 }));
        if (i === p) o.selected = true;
        sel.append(o);
      }
      sel.addEventListener("change", () => onPage && onPage(+sel.value));
      pager.append(sel);
    }
    const hint = h("span", { class: "hint table-hint" }, pages > 1 ? tr("table.more", { a: first, b: last - 1, k: K }) : "");
    pager.append(hint);
    requestAnimationFrame(() => {
      if (wrap.scrollWidth > wrap.clientWidth + 1) hint.textContent = [hint.textContent, tr("table.scroll", { n: cols.length + 1 })].filter(Boolean).join(" · ");
    });
  }
  function step(t) {
    if (!run) return;
    const tok = run.tokenAt(view.b, t);
    caption.textContent = tr("table.caption", { layer: view.layer, dir: run.D === 2 ? " " + tr(view.dir ? "dir.backward" : "dir.forward") : "", b: view.b, t }) + (tok !== null && tok !== "" ? tr("table.input", { x: run.tokens ? visibleToken(tok) : tok }) : "");
    cols.forEach((c, j) => {
      const row = c.tens.row(view.b, t);
      for (let i = 0; i < cells.length; i++) {
        const k = first + i;
        const td = cells[i][j];
        if (k >= row.length) {
          td.firstChild.nodeValue = "";
          td.className = "num";
          td._v = void 0;
          td.removeAttribute("title");
          continue;
        }
        const v = row[k];
        if (Object.is(td._v, v)) continue;
        td._v = v;
        td.firstChild.nodeValue = fmtCell(v);
        const u = c.sc.u(v);
        const bin = Number.isFinite(u) ? Math.round(Math.min(1, Math.max(0, u)) * 16) : -1;
        td.className = bin < 0 ? "num nan" : `num ${c.sc.kind === "unit" ? "s" : "d"}${bin}`;
      }
    });
  }
  return { draw, step };
}

// static/js/render/tokens.js
var WINDOW = 60;
var EDGE = 8;
function createTokenStrip(el, { onPick } = {}) {
  let run = null;
  let b = 0;
  let from = -1;
  let to = -1;
  const nodes = /* @__PURE__ */ new Map();
  el.addEventListener("click", (e) => {
    const tok = e.target.closest("[data-t]");
    if (tok && onPick) onPick(+tok.dataset.t);
  });
  function draw(r, batch) {
    run = r;
    b = batch;
    from = to = -1;
    nodes.clear();
    replaceChildren(el);
  }
  function label(t) {
    if (!run.tokens && !run.embedding && run.x && run.I <= 3 && Array.isArray(run.body.inputs)) {
      const row = run.x.row(b, t);
      return Array.from(row, (v, k) => [k ? "," : "", editableNum(v, fmt(v, 4), `x:${b}:${t}:${k}`, "tok-num")]);
    }
    const tok = run.tokenAt(b, t);
    if (tok === null) return "•";
    if (!run.tokens) return tok.replace(/, /g, ",");
    return visibleToken(tok) || "∅";
  }
  function step(t) {
    if (!run) return;
    const T = run.T;
    const half = Math.floor(WINDOW / 2);
    let a = Math.max(0, t - half);
    const z = Math.min(T, a + WINDOW);
    a = Math.max(0, z - WINDOW);
    const inside = from >= 0 && t >= from && t < to && (t - from >= EDGE || from === 0) && (to - t > EDGE || to === T);
    if (!inside && (a !== from || z !== to)) {
      const overlap = from >= 0 && a < to && z > from;
      const items = [];
      if (a > 0) items.push(h("span", { class: "tok-more", "aria-hidden": "true" }, `… ${a}`));
      for (let k = a; k < z; k++) {
        const n2 = overlap && nodes.get(k) || h("span", { class: "tok", dataset: { t: String(k) }, title: `t = ${k}` }, h("span", { class: "tok-text" }, label(k)), h("span", { class: "tok-t" }, String(k)));
        items.push(n2);
      }
      if (z < T) items.push(h("span", { class: "tok-more", "aria-hidden": "true" }, tr("tokens.more", { n: T - z })));
      nodes.clear();
      for (let k = a; k < z; k++) nodes.set(k, items[k - a + (a > 0 ? 1 : 0)]);
      from = a;
      to = z;
      keepFocus(el, () => moveTo(items));
    }
    for (const [k, n2] of nodes) {
      n2.classList.toggle("current", k === t);
      n2.classList.toggle("past", k < t);
    }
  }
  function moveTo(items) {
    const want = new Set(items);
    for (const c of [...el.childNodes]) if (!want.has(c)) c.remove();
    let cur = el.firstChild;
    for (const n2 of items) {
      if (n2 === cur) cur = cur.nextSibling;
      else el.insertBefore(n2, cur);
    }
  }
  return { draw, step };
}

// static/js/canvasplot.js
var FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
var INK2 = "#1f2937";
var GRID = "#eef0f3";
var ZERO = "#d6d9de";
var HOVER_PX = 20;
var MINUS = "−";
function fmtG(v, p = 4) {
  if (!Number.isFinite(v)) return String(v);
  return v.toPrecision(p);
}
function niceTicks(lo, hi, px, { vertical = false, integer = false } = {}) {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return { values: [], dtick: 1 };
  const nt = Math.min(9, Math.max(4, px / (vertical ? 40 : 80))) + 1;
  const rough = span / nt;
  const base = 10 ** Math.floor(Math.log10(rough));
  const f = rough / base;
  let dtick = base * (f <= 2 ? 2 : f <= 5 ? 5 : 10);
  if (integer) dtick = Math.max(1, Math.round(dtick));
  const values = [];
  for (let k = Math.ceil(lo / dtick - 1e-9); k * dtick <= hi + dtick * 1e-9; k++) values.push(k * dtick);
  return { values, dtick };
}
function tickLabel(v, dtick) {
  if (Math.abs(v) < dtick * 1e-9) return "0";
  const a = Math.abs(v);
  if (a >= 1e4 && dtick >= 1e3) {
    const [d, suffix] = a >= 1e7 && dtick >= 1e6 ? [1e6, "M"] : [1e3, "k"];
    return tickLabel(v / d, dtick / d) + suffix;
  }
  const dec = Math.max(0, -Math.floor(Math.log10(dtick) + 1e-9));
  const out = dec > 8 ? v.toExponential(2) : v.toFixed(dec);
  return out.replace(/^-/, MINUS);
}
function extent(arrays) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}
function autorange(ext2, len, padPx) {
  if (!ext2) return [-1, 1];
  let [lo, hi] = ext2;
  if (hi === lo) {
    const d = lo === 0 ? 1 : Math.abs(lo) / 2;
    return [lo - d, hi + d];
  }
  const pad = Math.min(len / 3, 0.05 * len + padPx);
  const u = (hi - lo) / Math.max(1, len - 2 * pad);
  return [lo - pad * u, hi + pad * u];
}
var measureCtx = null;
function textWidth(text2, size) {
  measureCtx ??= document.createElement("canvas").getContext("2d");
  measureCtx.font = `${size}px ${FONT_FAMILY}`;
  return measureCtx.measureText(text2).width;
}
function dashArray(dash, width) {
  const d = Math.max(width, 3);
  return dash === "dash" ? [3 * d, 3 * d] : dash === "dot" ? [d, d] : [];
}
function createCanvasPlot(gd, { height = 300, margin = { l: 52, r: 10, t: 8, b: 40 }, onHover = null, onPick = null, onLayout = null } = {}) {
  const canvas = h("canvas", { class: "cp-data", "aria-hidden": "true" });
  const svg = s("svg", { class: "cp-axes", "aria-hidden": "true", xmlns: "http://www.w3.org/2000/svg" });
  const drag = h("div", { class: "cp-drag" });
  const tip = h("div", { class: "cp-hover", role: "tooltip", hidden: true });
  const box2 = h("div", { class: "cp-zoombox", hidden: true });
  gd.classList.add("cp-plot");
  gd.style.height = `${height}px`;
  gd.replaceChildren(canvas, svg, drag, box2, tip);
  let spec = null;
  let zoom = null;
  let geo = null;
  let px = [];
  let hoverHit = null;
  function layout() {
    const W2 = gd.clientWidth || 300;
    const H = height;
    const m = { ...margin };
    if (spec.legend) m.t = Math.max(m.t, 26);
    let cbW = 0;
    if (spec.colorbar) {
      const { values, dtick } = niceTicks(spec.colorbar.min, spec.colorbar.max, 0.8 * (H - m.t - m.b), { vertical: true, integer: true });
      const widest = Math.max(textWidth(spec.colorbar.title || "", 10), ...values.map((v) => 4 + 8 + 3 + textWidth(tickLabel(v, dtick), 10)));
      cbW = 10 + widest + 4;
      m.r = margin.r + cbW;
    }
    const w = Math.max(20, W2 - m.l - m.r);
    const hh = Math.max(20, H - m.t - m.b);
    const markerPad = Math.max(0, ...spec.traces.map((t) => t.markers ? t.markers.size / 2 : 0));
    let xr;
    let yr;
    if (zoom) {
      xr = [...zoom.x];
      yr = [...zoom.y];
    } else {
      xr = autorange(extent(spec.traces.map((t) => t.x)), w, markerPad);
      yr = autorange(extent(spec.traces.map((t) => t.y)), hh, markerPad);
    }
    if (spec.equal) [xr, yr] = equalAspect(xr, yr, w, hh);
    geo = { W: W2, H, l: m.l, t: m.t, w, h: hh, xr, yr, cbW, ox: gd.offsetLeft, oy: gd.offsetTop };
  }
  function equalAspect(xr, yr, w, hh) {
    const u = Math.max((xr[1] - xr[0]) / w, (yr[1] - yr[0]) / hh);
    const cx = (xr[0] + xr[1]) / 2;
    const cy = (yr[0] + yr[1]) / 2;
    return [
      [cx - u * w / 2, cx + u * w / 2],
      [cy - u * hh / 2, cy + u * hh / 2]
    ];
  }
  const toX = (v) => (v - geo.xr[0]) / (geo.xr[1] - geo.xr[0]) * geo.w;
  const toY = (v) => geo.h - (v - geo.yr[0]) / (geo.yr[1] - geo.yr[0]) * geo.h;
  const fromX = (p) => geo.xr[0] + p / geo.w * (geo.xr[1] - geo.xr[0]);
  const fromY = (p) => geo.yr[0] + (geo.h - p) / geo.h * (geo.yr[1] - geo.yr[0]);
  function paintData(ctx) {
    const { l, t, w, h: hh } = geo;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(l, t, w, hh);
    ctx.lineWidth = 1;
    const xt = niceTicks(geo.xr[0], geo.xr[1], w);
    const yt = niceTicks(geo.yr[0], geo.yr[1], hh, { vertical: true });
    const gridLine = (x0, y0, x1, y1, color) => {
      ctx.strokeStyle = color;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
    };
    for (const v of xt.values) {
      const x = Math.round(l + toX(v)) + 0.5;
      gridLine(x, t, x, t + hh, Math.abs(v) < xt.dtick * 1e-9 ? ZERO : GRID);
    }
    for (const v of yt.values) {
      const y = Math.round(t + toY(v)) + 0.5;
      gridLine(l, y, l + w, y, Math.abs(v) < yt.dtick * 1e-9 ? ZERO : GRID);
    }
    ctx.beginPath();
    ctx.rect(l, t, w, hh);
    ctx.clip();
    ctx.translate(l, t);
    px = spec.traces.map((tr2) => {
      const n2 = tr2.x.length;
      const P2 = new Float32Array(2 * n2);
      for (let i = 0; i < n2; i++) {
        P2[2 * i] = toX(tr2.x[i]);
        P2[2 * i + 1] = toY(tr2.y[i]);
      }
      return P2;
    });
    spec.traces.forEach((tr2, k) => {
      const P2 = px[k];
      const n2 = tr2.x.length;
      if (tr2.line) {
        ctx.strokeStyle = tr2.line.color;
        ctx.lineWidth = tr2.line.width;
        ctx.lineJoin = "round";
        ctx.setLineDash(dashArray(tr2.line.dash, tr2.line.width));
        ctx.beginPath();
        let pen = false;
        for (let i = 0; i < n2; i++) {
          const x = P2[2 * i];
          const y = P2[2 * i + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) {
            pen = false;
            continue;
          }
          if (pen) ctx.lineTo(x, y);
          else ctx.moveTo(x, y);
          pen = true;
        }
        ctx.stroke();
        ctx.setLineDash([]);
      }
      const mk = tr2.markers;
      if (mk) {
        const r = mk.size / 2;
        ctx.lineWidth = 1;
        for (let i = 0; i < n2; i++) {
          const x = P2[2 * i];
          const y = P2[2 * i + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          const c = mk.colors ? mk.colors[i] : mk.color;
          ctx.beginPath();
          ctx.arc(x, y, r, 0, 2 * Math.PI);
          if (mk.open) {
            ctx.strokeStyle = c;
            ctx.stroke();
          } else {
            ctx.fillStyle = c;
            ctx.fill();
          }
        }
      }
    });
    ctx.restore();
    return { xt, yt };
  }
  function buildAxes({ xt, yt }) {
    const { W: W2, H, l, t, w, h: hh } = geo;
    const kids = [];
    const text2 = (x, y, str, attrs = {}) => s("text", { x, y, fill: INK2, "font-family": FONT_FAMILY, "font-size": 11, ...attrs }, str);
    for (const v of xt.values) kids.push(text2(l + toX(v), t + hh + 15, tickLabel(v, xt.dtick), { "text-anchor": "middle", class: "cp-xtick" }));
    for (const v of yt.values) kids.push(text2(l - 4, t + toY(v) + 4, tickLabel(v, yt.dtick), { "text-anchor": "end", class: "cp-ytick" }));
    if (spec.xTitle) kids.push(text2(l + w / 2, t + hh + 33, spec.xTitle, { "text-anchor": "middle", "font-size": 13, class: "cp-xtitle" }));
    if (spec.yTitle) kids.push(text2(0, 0, spec.yTitle, { "text-anchor": "middle", "font-size": 13, class: "cp-ytitle", transform: `translate(14 ${t + hh / 2}) rotate(-90)` }));
    const cb = spec.colorbar;
    if (cb) {
      const len = 0.8 * hh;
      const x0 = l + w + 10;
      const y0 = t + (hh - len) / 2;
      const id = `cp-grad-${gd.id || "plot"}`;
      const stops = cb.scale.map(([u, c]) => s("stop", { offset: 1 - u, "stop-color": c }));
      kids.push(s("defs", {}, s("linearGradient", { id, x1: 0, y1: 0, x2: 0, y2: 1 }, stops.reverse())));
      kids.push(s("rect", { x: x0, y: y0, width: 8, height: len, fill: `url(#${id})`, class: "cp-colorbar" }));
      const { values, dtick } = niceTicks(cb.min, cb.max, len, { vertical: true, integer: true });
      const span = cb.max - cb.min || 1;
      for (const v of values) kids.push(text2(x0 + 11, y0 + len - (v - cb.min) / span * len + 3.5, tickLabel(v, dtick), { "font-size": 10, class: "cp-cbtick" }));
      if (cb.title) kids.push(text2(x0, y0 - 6, cb.title, { "font-size": 10, class: "cp-cbtitle" }));
    }
    if (spec.legend) {
      let x = l;
      for (const tr2 of spec.traces) {
        if (!tr2.name) continue;
        const y = t - 13;
        const dash = tr2.line ? dashArray(tr2.line.dash, tr2.line.width).join(" ") : "";
        if (tr2.line) kids.push(s("line", { x1: x, y1: y, x2: x + 30, y2: y, stroke: tr2.line.color, "stroke-width": tr2.line.width, "stroke-dasharray": dash || void 0 }));
        if (tr2.markers) {
          const c = tr2.markers.colors ? tr2.markers.colors[Math.floor(tr2.markers.colors.length / 2)] : tr2.markers.color;
          kids.push(s("circle", { cx: x + 15, cy: y, r: 3.5, fill: tr2.markers.open ? "none" : c, stroke: tr2.markers.open ? c : "none" }));
        }
        kids.push(text2(x + 35, y + 3.5, tr2.name, { "font-size": 10, class: "cp-legend" }));
        x += 40 + textWidth(tr2.name, 10) + 10;
      }
    }
    svg.setAttribute("width", W2);
    svg.setAttribute("height", H);
    svg.setAttribute("viewBox", `0 0 ${W2} ${H}`);
    svg.replaceChildren(...kids);
  }
  function render() {
    if (!spec) return;
    layout();
    const dpr = window.devicePixelRatio || 1;
    const { W: W2, H } = geo;
    const cw = Math.round(W2 * dpr);
    const ch = Math.round(H * dpr);
    if (canvas.width !== cw || canvas.height !== ch) {
      canvas.width = cw;
      canvas.height = ch;
      canvas.style.width = `${W2}px`;
      canvas.style.height = `${H}px`;
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W2, H);
    buildAxes(paintData(ctx));
    Object.assign(drag.style, { left: `${geo.l}px`, top: `${geo.t}px`, width: `${geo.w}px`, height: `${geo.h}px` });
    hideHover();
    if (onLayout) onLayout();
  }
  function nearest(mx, my) {
    let best = null;
    let bestD = HOVER_PX * HOVER_PX;
    spec.traces.forEach((tr3, k) => {
      if (tr3.hover === false) return;
      const P2 = px[k];
      const n2 = tr3.x.length;
      for (let i = 0; i < n2; i++) {
        const dx = P2[2 * i] - mx;
        const dy = P2[2 * i + 1] - my;
        const d = dx * dx + dy * dy;
        if (d < bestD || d === bestD && best && k > best.trace) {
          bestD = d;
          best = { trace: k, i };
        }
      }
    });
    if (!best) return null;
    const tr2 = spec.traces[best.trace];
    return { ...best, x: tr2.x[best.i], y: tr2.y[best.i] };
  }
  function showHover(hit) {
    hoverHit = hit;
    if (!hit || !spec.hoverLines) return hideHover();
    tip.replaceChildren(...spec.hoverLines(hit).map((line) => h("div", {}, line)));
    tip.hidden = false;
    const P2 = px[hit.trace];
    const x = geo.l + P2[2 * hit.i];
    const y = geo.t + P2[2 * hit.i + 1];
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    const left = x + 10 + tw <= geo.W ? x + 10 : Math.max(0, x - 10 - tw);
    const top = Math.min(Math.max(0, y - th / 2), geo.H - th);
    tip.style.transform = `translate(${left.toFixed(1)}px, ${top.toFixed(1)}px)`;
    if (onHover) onHover(hit);
  }
  function hideHover() {
    const had = hoverHit || !tip.hidden;
    hoverHit = null;
    tip.hidden = true;
    if (had && onHover) onHover(null);
  }
  let down = null;
  const local = (e) => {
    const r = drag.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  drag.addEventListener("pointermove", (e) => {
    if (!spec || !geo) return;
    const [mx, my] = local(e);
    if (down && !down.touch) {
      const dx = Math.abs(mx - down.x);
      const dy = Math.abs(my - down.y);
      if (dx > 3 || dy > 3) {
        down.moved = true;
        hideHover();
        const zx = dx >= 8;
        const zy = dy >= 8;
        const x0 = zx ? Math.min(mx, down.x) : 0;
        const y0 = zy ? Math.min(my, down.y) : 0;
        Object.assign(box2.style, {
          left: `${geo.l + Math.max(0, x0)}px`,
          top: `${geo.t + Math.max(0, y0)}px`,
          width: `${zx ? Math.min(geo.w, Math.max(mx, down.x)) - Math.max(0, x0) : geo.w}px`,
          height: `${zy ? Math.min(geo.h, Math.max(my, down.y)) - Math.max(0, y0) : geo.h}px`
        });
        box2.hidden = false;
      }
      return;
    }
    if (e.pointerType === "touch") return;
    showHover(nearest(mx, my));
  });
  drag.addEventListener("pointerleave", (e) => {
    if (!down && e.pointerType !== "touch") hideHover();
  });
  drag.addEventListener("pointerdown", (e) => {
    if (!spec || e.button !== 0) return;
    const [x, y] = local(e);
    down = { x, y, touch: e.pointerType === "touch", moved: false };
    if (!down.touch) drag.setPointerCapture(e.pointerId);
  });
  drag.addEventListener("pointercancel", () => {
    down = null;
    box2.hidden = true;
  });
  drag.addEventListener("pointerup", (e) => {
    if (!down) return;
    const start = down;
    down = null;
    box2.hidden = true;
    const [mx, my] = local(e);
    if (start.moved) {
      const zx = Math.abs(mx - start.x) >= 8;
      const zy = Math.abs(my - start.y) >= 8;
      if (!zx && !zy) return;
      const clamp = (v, hi) => Math.min(hi, Math.max(0, v));
      const xs = [fromX(clamp(Math.min(mx, start.x), geo.w)), fromX(clamp(Math.max(mx, start.x), geo.w))];
      const ys = [fromY(clamp(Math.max(my, start.y), geo.h)), fromY(clamp(Math.min(my, start.y), geo.h))];
      setZoom({ x: zx ? xs : [...geo.xr], y: zy ? ys : [...geo.yr] });
      return;
    }
    const hit = nearest(mx, my);
    if (start.touch) showHover(hit);
    if (hit && onPick) onPick(hit);
  });
  drag.addEventListener("dblclick", () => setZoom(null));
  function setZoom(z) {
    zoom = z;
    gd.classList.toggle("cp-zoomed", !!z);
    render();
  }
  let lastW = 0;
  const ro = new ResizeObserver(() => {
    const W2 = gd.clientWidth;
    if (spec && W2 && W2 !== lastW && geo && W2 !== geo.W) render();
    lastW = W2;
  });
  ro.observe(gd);
  function toPng(scale = 2) {
    if (!spec || !geo) return Promise.resolve(null);
    const c = document.createElement("canvas");
    c.width = Math.round(geo.W * scale);
    c.height = Math.round(geo.H * scale);
    const ctx = c.getContext("2d");
    ctx.scale(scale, scale);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, geo.W, geo.H);
    paintData(ctx);
    const xml = new XMLSerializer().serializeToString(svg);
    const img = new Image();
    return new Promise((resolve, reject) => {
      img.onload = () => {
        ctx.drawImage(img, 0, 0, geo.W, geo.H);
        c.toBlob(resolve, "image/png");
      };
      img.onerror = () => reject(new Error("PNG"));
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml);
    });
  }
  return {
    /** Set what to draw; keep: keep the reader's zoom (the same figure with new numbers). */
    set(next, { keep = false } = {}) {
      spec = next;
      if (!keep) {
        zoom = null;
        gd.classList.remove("cp-zoomed");
      }
      render();
    },
    render,
    setZoom,
    toPng,
    /** A point's place in gd's parent (the overlay dots), or null when outside the plot area. */
    place(x, y) {
      if (!geo) return null;
      const px2 = toX(x);
      const py = toY(y);
      if (!(px2 >= -1 && px2 <= geo.w + 1 && py >= -1 && py <= geo.h + 1)) return null;
      return [geo.ox + geo.l + px2, geo.oy + geo.t + py];
    },
    get ranges() {
      return geo ? { x: [...geo.xr], y: [...geo.yr], zoomed: !!zoom } : null;
    },
    get geometry() {
      return geo ? { ...geo } : null;
    },
    /** Client coordinates of a trace's point (tests and the keyboard use it). */
    clientPoint(trace, i) {
      const r = drag.getBoundingClientRect();
      return [r.left + px[trace][2 * i], r.top + px[trace][2 * i + 1]];
    },
    destroy() {
      ro.disconnect();
      gd.classList.remove("cp-plot", "cp-zoomed");
      gd.style.height = "";
      gd.replaceChildren();
    }
  };
}

// static/js/pca.js
var EPS = 2220446049250313e-31;
function dot(a, b, n2) {
  let s2 = 0;
  for (let i = 0; i < n2; i++) s2 += a[i] * b[i];
  return s2;
}
function subScaled(y, c, x, n2) {
  for (let i = 0; i < n2; i++) y[i] -= c * x[i];
}
function orthogonalise(w, Q, n2) {
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < Q.length; i++) subScaled(w, dot(w, Q[i], n2), Q[i], n2);
  }
}
function countBelow(d, e, m, x, tiny) {
  let c = 0;
  let q = 1;
  for (let i = 0; i < m; i++) {
    q = d[i] - x - (i > 0 ? e[i - 1] * e[i - 1] / q : 0);
    if (q === 0) q = -tiny;
    if (q < 0) c++;
  }
  return c;
}
function eigenvalue(d, e, m, j, lo, hi, tiny) {
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (countBelow(d, e, m, mid, tiny) > j) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}
function eigenvector(d, e, m, theta, against, norm) {
  const dl = new Float64Array(m);
  const dd = new Float64Array(m);
  const du = new Float64Array(m);
  const du2 = new Float64Array(m);
  const swap = new Uint8Array(m);
  for (let i = 0; i < m; i++) dd[i] = d[i] - theta;
  for (let i = 0; i < m - 1; i++) {
    dl[i] = e[i];
    du[i] = e[i];
  }
  const tiny = EPS * norm || 1e-300;
  for (let i = 0; i < m - 1; i++) {
    if (Math.abs(dd[i]) >= Math.abs(dl[i])) {
      if (dd[i] === 0) dd[i] = tiny;
      const f = dl[i] / dd[i];
      dl[i] = f;
      dd[i + 1] -= f * du[i];
    } else {
      const f = dd[i] / dl[i];
      dd[i] = dl[i];
      dl[i] = f;
      const t = du[i];
      du[i] = dd[i + 1];
      dd[i + 1] = t - f * dd[i + 1];
      if (i < m - 2) {
        du2[i] = du[i + 1];
        du[i + 1] = -f * du[i + 1];
      }
      swap[i] = 1;
    }
  }
  for (let i = 0; i < m; i++) if (dd[i] === 0) dd[i] = tiny;
  let x = new Float64Array(m);
  let seed = 7;
  for (let i = 0; i < m; i++) x[i] = (seed = seed * 1103515245 + 12345 & 2147483647) / 2147483647 - 0.5;
  for (let it = 0; it < 4; it++) {
    const b = x;
    for (let i = 0; i < m - 1; i++) {
      if (swap[i]) {
        const t = b[i] - dl[i] * b[i + 1];
        b[i] = b[i + 1];
        b[i + 1] = t;
      } else b[i + 1] -= dl[i] * b[i];
    }
    b[m - 1] /= dd[m - 1];
    if (m > 1) b[m - 2] = (b[m - 2] - du[m - 2] * b[m - 1]) / dd[m - 2];
    for (let i = m - 3; i >= 0; i--) b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / dd[i];
    for (const v of against) subScaled(b, dot(b, v, m), v, m);
    const n2 = Math.sqrt(dot(b, b, m)) || 1;
    for (let i = 0; i < m; i++) b[i] /= n2;
    x = b;
  }
  return x;
}
function topOfTridiagonal(d, e, m, k) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < m - 1 ? Math.abs(e[i]) : 0);
    lo = Math.min(lo, d[i] - r);
    hi = Math.max(hi, d[i] + r);
  }
  const norm = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  lo -= EPS * norm;
  hi += EPS * norm;
  const tiny = EPS * EPS * norm;
  const values = [];
  const vectors = [];
  for (let j = 0; j < Math.min(k, m); j++) {
    const theta = eigenvalue(d, e, m, m - 1 - j, lo, hi, tiny);
    const against = vectors.filter((_, i) => Math.abs(values[i] - theta) < 1e-3 * norm);
    values.push(theta);
    vectors.push(eigenvector(d, e, m, theta, against, norm));
  }
  return { values, vectors };
}
function lanczosTop(apply, P2, k) {
  const limit = P2;
  const Q = [];
  const alpha = [];
  const beta = [];
  let seed = 12345;
  let q = Float64Array.from({ length: P2 }, () => (seed = seed * 1103515245 + 12345 & 2147483647) / 2147483647 - 0.5);
  let n0 = Math.sqrt(dot(q, q, P2));
  for (let p = 0; p < P2; p++) q[p] /= n0;
  let scale = 0;
  let result = null;
  for (let j = 0; j < limit; j++) {
    Q.push(q);
    const w = new Float64Array(P2);
    apply(q, w);
    alpha.push(dot(w, q, P2));
    orthogonalise(w, Q, P2);
    const b = Math.sqrt(dot(w, w, P2));
    scale = Math.max(scale, Math.abs(alpha[j]) + b);
    const m2 = j + 1;
    const exhausted = b <= 1e-13 * scale || m2 === limit;
    if (exhausted || m2 >= k && (m2 % 4 === 0 || m2 < 12)) {
      const tri = topOfTridiagonal(Float64Array.from(alpha), Float64Array.from(beta), m2, k);
      const done = exhausted || tri.values.length === k && tri.vectors.every((s2) => Math.abs(b * s2[m2 - 1]) <= 64 * EPS * scale);
      if (done) {
        result = tri;
        break;
      }
    }
    beta.push(b);
    const next = new Float64Array(P2);
    for (let p = 0; p < P2; p++) next[p] = w[p] / b;
    q = next;
  }
  const m = Q.length;
  const vectors = result.vectors.map((s2) => {
    const v = new Float64Array(P2);
    for (let i = 0; i < m; i++) {
      const c = s2[i];
      const qi = Q[i];
      for (let p = 0; p < P2; p++) v[p] += c * qi[p];
    }
    return v;
  });
  const values = result.values.slice();
  seed = 999;
  while (vectors.length < k) {
    const v = Float64Array.from({ length: P2 }, () => (seed = seed * 1103515245 + 12345 & 2147483647) / 2147483647 - 0.5);
    orthogonalise(v, [...Q, ...vectors], P2);
    const n2 = Math.sqrt(dot(v, v, P2)) || 1;
    for (let p = 0; p < P2; p++) v[p] /= n2;
    vectors.push(v);
    values.push(0);
  }
  return { values, vectors };
}
function allFinite(data2, n2) {
  for (let i = 0; i < n2; i++) if (data2[i] - data2[i] !== 0) return false;
  return true;
}
function addRow(acc, data2, off, n2) {
  for (let i = 0; i < n2; i++) acc[i] += data2[off + i];
}
function centredDot(data2, off, mean, v, n2) {
  let s2 = 0;
  for (let i = 0; i < n2; i++) s2 += (data2[off + i] - mean[i]) * v[i];
  return s2;
}
function centreRow(out, data2, off, mean, n2) {
  let s2 = 0;
  for (let i = 0; i < n2; i++) {
    const v = data2[off + i] - mean[i];
    out[i] = v;
    s2 += v * v;
  }
  return s2;
}
function pca(data2, T, P2, k = 3, maxFit = 1e3) {
  k = Math.min(k, P2);
  if (!allFinite(data2, T * P2)) data2 = Float64Array.from(data2, (x) => Number.isFinite(x) ? x : 0);
  const mean = new Float64Array(P2);
  for (let t = 0; t < T; t++) addRow(mean, data2, t * P2, P2);
  for (let p = 0; p < P2; p++) mean[p] /= T;
  const stride = Math.max(1, Math.ceil(T / maxFit));
  const n2 = Math.ceil(T / stride);
  const rows = [];
  let total = 0;
  for (let r = 0; r < n2; r++) {
    const row = new Float64Array(P2);
    total += centreRow(row, data2, r * stride * P2, mean, P2);
    rows.push(row);
  }
  total /= n2;
  let apply;
  if (P2 <= 192) {
    const cols = Array.from({ length: P2 }, () => new Float64Array(n2));
    for (let r = 0; r < n2; r++) for (let p = 0; p < P2; p++) cols[p][r] = rows[r][p];
    const C = Array.from({ length: P2 }, () => new Float64Array(P2));
    for (let p = 0; p < P2; p++)
      for (let q = p; q < P2; q++) {
        const c = dot(cols[p], cols[q], n2) / n2;
        C[p][q] = c;
        C[q][p] = c;
      }
    apply = (v, out) => {
      for (let p = 0; p < P2; p++) out[p] = dot(C[p], v, P2);
    };
  } else {
    apply = (v, out) => {
      out.fill(0);
      for (let r = 0; r < n2; r++) subScaled(out, -dot(rows[r], v, P2) / n2, rows[r], P2);
    };
  }
  const { values, vectors: V } = lanczosTop(apply, P2, k);
  for (let j = 0; j < k; j++) {
    let big = 0;
    for (let p = 0; p < P2; p++) if (Math.abs(V[j][p]) > Math.abs(big)) big = V[j][p];
    if (big < 0) for (let p = 0; p < P2; p++) V[j][p] = -V[j][p];
  }
  const coords = V.map((v) => {
    const out = new Float64Array(T);
    for (let t = 0; t < T; t++) out[t] = centredDot(data2, t * P2, mean, v, P2);
    return out;
  });
  const ratios = Array.from(values, (l) => total > 0 ? Math.max(0, l) / total : 0);
  return { coords, ratios, mean };
}

// static/js/render/trajectory.js
function pairedAxes(run, v, pr, other) {
  const tensA = other.run.series(other.view.layer, other.view.dir, "h");
  const tensB = run.series(v.layer, v.dir, "h");
  if (!tensA || !tensB) return null;
  const a = tensA.index0(other.view.b);
  const b = tensB.index0(v.b);
  const [TA, PA] = a.shape;
  const [TB, PB] = b.shape;
  const tIndexA = Float64Array.from({ length: TA }, (_, t) => t);
  if (PA === PB && PB <= 3) {
    const cols = Array.from({ length: PA }, (_, k) => a.column(k));
    return { axes: PA === 1 ? [tIndexA, cols[0]] : cols, joint: null, own: false };
  }
  if (PA === PB) {
    const data2 = new Float64Array((TA + TB) * PB);
    data2.set(b.data, 0);
    data2.set(a.data, TB * PB);
    const r = pca(data2, TA + TB, PB, 3);
    return {
      axes: r.coords.map((c) => c.slice(TB)),
      joint: { axes: r.coords.map((c) => c.slice(0, TB)), ratios: r.ratios },
      own: false
    };
  }
  if (PA === 1) return { axes: [tIndexA, a.column(0)], joint: null, own: true };
  if (PA <= 3) return { axes: Array.from({ length: PA }, (_, k) => a.column(k)), joint: null, own: true };
  return { axes: pca(a.data, TA, PA, 3).coords, joint: null, own: true };
}
function flatAxes(pr) {
  const T = pr.axes[0].length;
  if (pr.P === 1) return { axes: [Float64Array.from({ length: T }, (_, t) => t), pr.axes[0]], names: [tr("axis.step"), "h[0]"] };
  return { axes: pr.axes.slice(0, 2), names: pr.names.slice(0, 2) };
}
function stepColors(T) {
  const span = Math.max(1, T - 1);
  return Array.from({ length: T }, (_, t) => colorAt(TIME, t / span));
}
function createTrajectory(gd, note, { onPick = null } = {}) {
  let coords = null;
  let coordsA = null;
  let dotA = null;
  let dims = 2;
  let dot2 = null;
  let lastT = 0;
  let pending3d = false;
  let cacheKey = null;
  let cached = null;
  let plot = null;
  let shown = null;
  const readout = h("p", { class: "hover-readout traj-readout", "aria-hidden": "true" });
  gd.parentElement.after(readout);
  function project(run, v) {
    const key = `${run.meta.id}|${v.layer}|${v.dir}|${v.b}`;
    if (key === cacheKey) return cached;
    const tens = run.series(v.layer, v.dir, "h");
    if (!tens) return null;
    const slab = tens.index0(v.b);
    const [T, P2] = slab.shape;
    let out;
    if (P2 <= 3) {
      out = { axes: Array.from({ length: P2 }, (_, k) => slab.column(k)), names: Array.from({ length: P2 }, (_, k) => `h[${k}]`), P: P2, pca: null };
    } else {
      const r = pca(slab.data, T, P2, 3);
      out = {
        axes: r.coords,
        names: r.coords.map((_, k) => `PC${k + 1} (${(r.ratios[k] * 100).toFixed(1)}%)`),
        P: P2,
        pca: r.ratios
      };
    }
    cacheKey = key;
    cached = out;
    return out;
  }
  function pointLabel(hit) {
    const { tokens, labelA } = shown;
    return hit.trace === 1 && labelA ? `${labelA} · t = ${hit.i}` : tokens ? `t = ${hit.i} ‘${tokens[hit.i]}’` : `t = ${hit.i}`;
  }
  function hoverLines(hit) {
    const { names } = shown;
    return [pointLabel(hit), `${names[0]}: ${fmtG(hit.x)}`, `${names[1]}: ${fmtG(hit.y)}`];
  }
  function onHover(hit) {
    if (!hit || !shown) {
      readout.textContent = "";
      return;
    }
    const { names, float32 } = shown;
    const exact = (k, val) => names[k].startsWith("h[") ? fmtExact(val, float32) : names[k] === tr("axis.step") ? String(val) : fmtExact(val);
    readout.textContent = `${pointLabel(hit)} · ${names[0]} = ${exact(0, hit.x)} · ${names[1]} = ${exact(1, hit.y)}`;
  }
  function canvasPlot() {
    if (gd.dataset.plotly === "gl3d") {
      purge(gd.parentElement);
      gd.classList.remove("js-plotly-plot");
      delete gd.dataset.plotly;
    }
    if (!plot) {
      plot = createCanvasPlot(gd, {
        height: 300,
        margin: { l: 52, r: 10, t: 8, b: 40 },
        onHover,
        onPick: onPick ? (hit) => onPick(hit.i) : null,
        onLayout: () => step(lastT)
      });
    }
    return plot;
  }
  function dropCanvas() {
    if (plot) plot.destroy();
    plot = null;
    shown = null;
    delete gd.statespace;
    readout.textContent = "";
    readout.hidden = true;
  }
  function spec2d(axes, names, pathA, labelA) {
    const T = axes[0].length;
    const traces = [
      {
        name: pathA ? "B" : null,
        x: axes[0],
        y: axes[1],
        line: { color: "#94a3b8", width: 1.5 },
        markers: T <= 400 ? { size: T <= 60 ? 7 : 4, colors: stepColors(T) } : null
        // lines only past 400 steps
      }
    ];
    if (pathA) {
      const TA = pathA[0].length;
      traces.push({ name: labelA, x: pathA[0], y: pathA[1], line: { color: "#E69F00", width: 1.5, dash: "dash" }, markers: TA <= 400 ? { size: TA <= 60 ? 6 : 3, color: "#E69F00", open: true } : null });
    }
    return {
      traces,
      xTitle: names[0],
      yTitle: names[1],
      equal: names[0].startsWith("h[") && names[1].startsWith("h["),
      // the units themselves: one unit is as long on both axes
      colorbar: T <= 400 ? { scale: TIME, min: 0, max: Math.max(1, T - 1), title: tr("axis.step-short") } : null,
      // Plotly showed it with the markers
      legend: !!pathA,
      hoverLines
    };
  }
  function expose(spec) {
    gd.statespace = {
      traces: spec.traces.map((t) => ({ name: t.name, x: t.x, y: t.y, markers: !!t.markers })),
      xTitle: spec.xTitle,
      yTitle: spec.yTitle,
      equal: spec.equal,
      colorbar: !!spec.colorbar,
      get ranges() {
        return plot ? plot.ranges : null;
      },
      clientPoint: (trace, i) => plot.clientPoint(trace, i)
    };
  }
  function draw(run, v, want3d, other = null) {
    for (const old of gd.parentElement.querySelectorAll(":scope > .traj-dot")) old.remove();
    dot2 = null;
    dotA = null;
    coords = null;
    coordsA = null;
    let pr = run && project(run, v);
    const pair = pr && other ? pairedAxes(run, v, pr, other) : null;
    if (pair && pair.joint) {
      pr = { ...pr, axes: pair.joint.axes, names: pair.joint.axes.map((_, k) => `PC${k + 1} (${(pair.joint.ratios[k] * 100).toFixed(1)}%)`), pca: pair.joint.ratios };
    }
    if (!pr) {
      dropCanvas();
      if (gd.dataset.plotly === "gl3d") purge(gd.parentElement);
      gd.textContent = tr("trajectory.not-recorded");
      note.textContent = "";
      return Promise.resolve();
    }
    const T = pr.axes[0].length;
    const rawTokens = run.tokens ? run.tokens[v.b].map((t) => visibleToken(t)) : null;
    const tIndex = Float64Array.from({ length: T }, (_, t) => t);
    let axes;
    let names;
    if (pr.P === 1) {
      ({ axes, names } = flatAxes(pr));
      dims = 2;
      note.textContent = tr("trajectory.one");
    } else {
      dims = want3d && pr.axes.length >= 3 ? 3 : 2;
      axes = pr.axes.slice(0, dims);
      names = pr.names.slice(0, dims);
      if (pr.pca) {
        const shownPct = pr.pca.slice(0, dims).reduce((a, b) => a + b, 0);
        note.textContent = tr("trajectory.pca", { p: pr.P, d: dims, pct: (shownPct * 100).toFixed(1) });
      } else {
        note.textContent = tr("trajectory.direct", { p: pr.P, extra: pr.P === 3 && dims === 2 ? tr("trajectory.switch-3d") : "" });
      }
    }
    if (want3d && dims === 2 && pr.P < 3) note.textContent += tr("trajectory.needs-3");
    if (pair) {
      const dimsA = Math.min(dims, pair.axes.length);
      coordsA = dimsA === dims ? pair.axes.slice(0, dims) : null;
      note.textContent += " " + tr(pair.own ? "compare.traj-own" : pair.joint ? "compare.traj-joint" : "compare.traj-same");
    }
    coords = axes;
    if (dims === 2) {
      const p = canvasPlot();
      readout.hidden = false;
      readout.textContent = "";
      shown = { run, names, tokens: rawTokens, float32: !!run.float32, labelA: coordsA ? other.label : null };
      const spec = spec2d(axes, names, coordsA, coordsA ? other.label : null);
      dot2 = makeDot();
      if (coordsA) dotA = makeDot("traj-dot traj-dot-a");
      p.set(spec);
      expose(spec);
      return Promise.resolve();
    }
    dropCanvas();
    purge(gd.parentElement);
    gd.textContent = "";
    const tokens = rawTokens ? rawTokens.map(plotlyText) : null;
    const hover = tokens ? "t = %{customdata} ‘%{text}’<br>" + names.map((n2, k) => `${plotlyText(n2)}: %{${"xyz"[k]}:.4g}`).join("<br>") + "<extra></extra>" : "t = %{customdata}<br>" + names.map((n2, k) => `${plotlyText(n2)}: %{${"xyz"[k]}:.4g}`).join("<br>") + "<extra></extra>";
    const path = {
      type: "scatter3d",
      x: axes[0],
      y: axes[1],
      z: axes[2],
      customdata: tIndex,
      text: tokens || void 0,
      hovertemplate: hover,
      mode: T <= 400 ? "lines+markers" : "lines",
      line: { color: tIndex, colorscale: plotlyScale(TIME), width: 3 },
      marker: { size: T <= 60 ? 4 : 2, color: tIndex, colorscale: plotlyScale(TIME), cmin: 0, cmax: Math.max(1, T - 1), showscale: true, colorbar: { title: { text: tr("axis.step-short"), side: "top", font: { size: 10 } }, thickness: 8, len: 0.8, outlinewidth: 0, tickfont: { size: 10 } } },
      showlegend: false
    };
    const cur = { type: "scatter3d", mode: "markers", x: [axes[0][lastT]], y: [axes[1][lastT]], z: [axes[2][lastT]], marker: { size: 7, color: "#dc2626", line: { color: "#fff", width: 1 } }, hoverinfo: "skip", showlegend: false };
    const extra = [];
    if (coordsA) {
      path.name = "B";
      path.showlegend = true;
      const kA = Math.min(lastT, coordsA[0].length - 1);
      extra.push(
        {
          type: "scatter3d",
          x: coordsA[0],
          y: coordsA[1],
          z: coordsA[2],
          customdata: Float64Array.from({ length: coordsA[0].length }, (_, t) => t),
          hovertemplate: `${other.label} · t = %{customdata}<br>` + names.map((n2, k) => `${plotlyText(n2)}: %{${"xyz"[k]}:.4g}`).join("<br>") + "<extra></extra>",
          mode: coordsA[0].length <= 400 ? "lines+markers" : "lines",
          name: other.label,
          line: { color: "#E69F00", width: 2, dash: "dash" },
          marker: { size: 2, color: "#E69F00" },
          showlegend: true
        },
        { type: "scatter3d", mode: "markers", x: [coordsA[0][kA]], y: [coordsA[1][kA]], z: [coordsA[2][kA]], marker: { size: 7, color: "#E69F00", line: { color: "#000", width: 1 } }, hoverinfo: "skip", showlegend: false }
      );
    }
    const layout = baseLayout({
      height: 300,
      margin: { l: 0, r: 0, t: 0, b: 0 },
      scene: {
        xaxis: { title: { text: names[0] } },
        yaxis: { title: { text: names[1] } },
        zaxis: { title: { text: names[2] } },
        camera: { eye: { x: 1.5, y: 1.5, z: 1.1 } }
      }
    });
    const drawn = coords;
    return loadPlotly3d2().then(
      (P3) => {
        if (coords !== drawn) return;
        gd.dataset.plotly = "gl3d";
        return newPlot(P3, gd, [path, cur, ...extra], layout, config("rnnscope-state-space")).then(() => step(lastT));
      },
      (e) => {
        note.textContent = e.message;
      }
    );
  }
  function live(r, v) {
    if (!plot || !shown || dims !== 2 || coordsA) return false;
    const pr = project(r, v);
    if (!pr || pr.axes[0].length !== coords[0].length) return false;
    const { axes, names } = flatAxes(pr);
    coords = axes;
    shown = { ...shown, run: r, names, float32: !!r.float32 };
    const spec = spec2d(axes, names, null, null);
    plot.set(spec, { keep: true });
    expose(spec);
    return true;
  }
  function makeDot(cls = "traj-dot") {
    const host = gd.parentElement;
    host.classList.add("has-marker");
    let el = host.querySelector(`:scope > .${cls.split(" ").join(".")}`);
    if (!el) {
      el = document.createElement("div");
      el.className = cls;
      el.setAttribute("aria-hidden", "true");
      host.append(el);
    }
    return el;
  }
  function step(t) {
    lastT = t;
    if (!coords) return;
    if (dims === 3) {
      if (!pending3d) {
        pending3d = true;
        requestAnimationFrame(() => {
          pending3d = false;
          if (coords && dims === 3 && gd._fullLayout && plotly3d()) {
            const k = lastT;
            plotly3d().restyle(gd, { x: [[coords[0][k]]], y: [[coords[1][k]]], z: [[coords[2][k]]] }, [1]);
            if (coordsA && coordsA.length === 3) {
              const kA = Math.min(k, coordsA[0].length - 1);
              plotly3d().restyle(gd, { x: [[coordsA[0][kA]]], y: [[coordsA[1][kA]]], z: [[coordsA[2][kA]]] }, [3]);
            }
          }
        });
      }
      return;
    }
    if (!dot2 || !plot) return;
    moveDot(dot2, coords, t);
    if (dotA && coordsA) moveDot(dotA, coordsA, t);
  }
  function moveDot(el, xy, t) {
    const at = t < xy[0].length ? plot.place(xy[0][t], xy[1][t]) : null;
    el.hidden = !at;
    if (at) el.style.transform = `translate(${at[0].toFixed(1)}px, ${at[1].toFixed(1)}px)`;
  }
  function toPng() {
    return plot && dims === 2 ? plot.toPng(2) : Promise.resolve(null);
  }
  return { draw, step, live, toPng };
}

// static/js/steadyheight.js
function steadyHeight(el) {
  let key = null;
  let width = null;
  const release = () => {
    el.style.minHeight = "";
  };
  const ro = new ResizeObserver((entries) => {
    const box2 = entries[entries.length - 1].borderBoxSize[0];
    if (width !== null && Math.abs(box2.inlineSize - width) > 0.5) {
      width = box2.inlineSize;
      requestAnimationFrame(release);
      return;
    }
    width = box2.inlineSize;
    const floor = parseFloat(el.style.minHeight) || 0;
    if (box2.blockSize > floor + 0.5) el.style.minHeight = `${box2.blockSize}px`;
  });
  ro.observe(el, { box: "border-box" });
  return {
    /** After a drawing of `k`: a different k than the last one drops the floor. */
    keep(k) {
      if (k !== key) {
        key = k;
        release();
      }
    }
  };
}

// static/js/activations.js
var SELU_ALPHA = 1.6732632423543772;
var SELU_GAMMA = 1.0507009873554805;
var name = (spec) => (spec && typeof spec === "object" ? spec.name : spec) || "identity";
var param = (spec, key, dflt) => spec && typeof spec === "object" && typeof spec[key] === "number" ? spec[key] : dflt;
function actFn(spec) {
  const a = (d) => param(spec, "alpha", d);
  const b = (d) => param(spec, "beta", d);
  switch (name(spec)) {
    case "sigmoid":
      return (x) => 1 / (1 + Math.exp(-x));
    case "tanh":
      return Math.tanh;
    case "relu":
      return (x) => Math.max(0, x);
    case "linear":
    case "identity":
      return (x) => x;
    case "affine": {
      const [al, be] = [a(1), b(0)];
      return (x) => al * x + be;
    }
    case "hard_sigmoid": {
      const [al, be] = spec && typeof spec === "object" ? [a(0.2), b(0.5)] : [1 / 6, 0.5];
      return (x) => Math.max(0, Math.min(1, al * x + be));
    }
    case "hard_sigmoid_keras2":
      return (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5));
    case "softsign":
      return (x) => x / (1 + Math.abs(x));
    case "softplus":
      return (x) => x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    case "elu": {
      const al = a(1);
      return (x) => x >= 0 ? x : al * Math.expm1(x);
    }
    case "selu": {
      const [al, ga] = [a(SELU_ALPHA), param(spec, "gamma", SELU_GAMMA)];
      return (x) => ga * (x > 0 ? x : al * Math.expm1(x));
    }
    case "leaky_relu": {
      const al = a(0.01);
      return (x) => x >= 0 ? x : al * x;
    }
    case "thresholded_relu": {
      const al = a(1);
      return (x) => x > al ? x : 0;
    }
    case "scaled_tanh": {
      const [al, be] = [a(1), b(1)];
      return (x) => al * Math.tanh(be * x);
    }
    case "exponential":
      return Math.exp;
    default:
      return null;
  }
}
var ACT_SYMBOL = Object.freeze({
  sigmoid: "σ",
  hard_sigmoid: "hσ",
  hard_sigmoid_keras2: "hσ₂",
  tanh: "tanh",
  relu: "relu",
  identity: "",
  linear: ""
});
function actSymbol(spec) {
  const n2 = name(spec);
  return ACT_SYMBOL[n2] ?? n2;
}
function actName(spec) {
  return name(spec);
}

// static/js/stepmath.js
function gateActivationSpec(model, g, l = 0) {
  const acts = model.layers && model.layers[l] && model.layers[l].activations || {};
  const cellish = model.cell === "rnn" || model.cell === "lstm" && g === "g" || model.cell === "gru" && g === "n";
  return (cellish ? acts.cell : acts.gate) || gateActivation(model, g, l);
}
var ACT = Object.freeze({
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  hard_sigmoid: (x) => Math.min(1, Math.max(0, x / 6 + 0.5)),
  hard_sigmoid_keras2: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
  tanh: Math.tanh,
  relu: (x) => Math.max(0, x),
  identity: (x) => x
});
function parseCanonical(weights, model) {
  const gates = GATES[model.cell];
  const layers = weights.layers.map(
    (layer) => ["forward", "backward", "reverse"].filter((d) => layer[d]).map((d) => {
      const p = gateKeyed(layer[d], gates);
      const get = (key, g) => p[key] && p[key][g] !== void 0 && p[key][g] !== null ? toTensor(p[key][g]) : null;
      const out = { W_x: {}, W_h: {}, b_x: {}, b_h: {}, W_proj: p.W_proj ? toTensor(p.W_proj) : null, P: p.P ? toTensor(p.P) : null };
      for (const g of gates) {
        out.W_x[g] = get("W_x", g);
        out.W_h[g] = get("W_h", g);
        const H = out.W_x[g].shape[0];
        out.b_x[g] = get("b_x", g) || new Tensor(new Float64Array(H), [H]);
        out.b_h[g] = get("b_h", g) || new Tensor(new Float64Array(H), [H]);
      }
      return out;
    })
  );
  const dense = (d) => ({ W: toTensor(d.W), b: d.b !== void 0 && d.b !== null ? toTensor(d.b) : null });
  let head = Array.isArray(weights.head) ? weights.head.map(dense) : null;
  let readout = weights.readout ? dense(weights.readout) : null;
  if (!readout && head && head.length === 1) readout = head[0];
  if (!head && readout) head = [readout];
  for (const d of head || []) if (!d.b) d.b = new Tensor(new Float64Array(d.W.shape[0]), [d.W.shape[0]]);
  const embedding = weights.embedding ? toTensor(weights.embedding) : null;
  return { layers, readout, head, embedding };
}
function gateKeyed(p, gates) {
  if (p.W_x || !p.W_ih) return p;
  const split = (m) => {
    if (m === void 0 || m === null) return null;
    const t = toTensor(m);
    const H = t.shape[0] / gates.length;
    const n2 = t.strides[0] * H;
    const out = {};
    gates.forEach((g, k) => out[g] = new Tensor(t.data.slice(k * n2, (k + 1) * n2), [H, ...t.shape.slice(1)]));
    return out;
  };
  return { W_x: split(p.W_ih), W_h: split(p.W_hh), b_x: split(p.b_ih), b_h: split(p.b_hh), W_proj: p.W_hr || p.W_proj || null };
}
function matvec(W2, v, only = null) {
  const [R, C] = W2.shape;
  const out = new Float64Array(R);
  const r0 = only === null ? 0 : only;
  const r1 = only === null ? R : only + 1;
  for (let r = r0; r < r1; r++) {
    let s2 = 0;
    const off = r * C;
    for (let c = 0; c < C; c++) s2 += W2.data[off + c] * v[c];
    out[r] = s2;
  }
  return out;
}
function stepAll(model, p, x, hPrev, cPrev, l = 0, only = null) {
  if (p.W_proj || model.cell === "gru" && model.gru_reset_after === false) only = null;
  const gates = GATES[model.cell];
  const r = { input_term: {}, recurrent_term: {}, pre_activation: {}, gates: {} };
  for (const g of gates) {
    const ix = matvec(p.W_x[g], x, only);
    const bx = p.b_x[g].data;
    for (let k = 0; k < ix.length; k++) ix[k] += bx[k];
    r.input_term[g] = ix;
    const bh = p.b_h[g].data;
    const hh = model.cell === "gru" && g === "n" && model.gru_reset_after === false ? null : matvec(p.W_h[g], hPrev, only);
    if (hh) for (let k = 0; k < hh.length; k++) hh[k] += bh[k];
    r.recurrent_term[g] = hh;
  }
  const layer = model.layers && model.layers[l] || {};
  const clip = typeof layer.clip === "number" ? layer.clip : null;
  const act = (g, v) => {
    const f = actFn(gateActivationSpec(model, g, l)) || ACT[gateActivation(model, g, l)];
    return v.map(clip === null ? f : (a) => f(Math.min(clip, Math.max(-clip, a))));
  };
  const outAct = actFn((model.layers && model.layers[l] && model.layers[l].activations || {}).output || "tanh");
  if (model.cell === "rnn") {
    const a = r.input_term.h.map((v, k) => v + r.recurrent_term.h[k]);
    r.pre_activation.h = a;
    r.gates.h = act("h", a);
    r.h = r.gates.h;
    return r;
  }
  if (model.cell === "lstm") {
    const P2 = p.P ? p.P.data : null;
    const H = r.input_term.i.length;
    if (P2) {
      for (let k = 0; k < H; k++) {
        r.recurrent_term.i[k] += P2[k] * cPrev[k];
        r.recurrent_term.f[k] += P2[2 * H + k] * cPrev[k];
      }
    }
    for (const g2 of gates) {
      if (g2 === "o" && P2) continue;
      r.pre_activation[g2] = r.input_term[g2].map((v, k) => v + r.recurrent_term[g2][k]);
      r.gates[g2] = act(g2, r.pre_activation[g2]);
    }
    const { i, f, g } = r.gates;
    r.c = f.map((fv, k) => fv * cPrev[k] + i[k] * g[k]);
    if (P2) {
      for (let k = 0; k < H; k++) r.recurrent_term.o[k] += P2[H + k] * r.c[k];
      r.pre_activation.o = r.input_term.o.map((v, k) => v + r.recurrent_term.o[k]);
      r.gates.o = act("o", r.pre_activation.o);
    }
    const o = r.gates.o;
    r.m = o.map((ov, k) => ov * outAct(r.c[k]));
    r.h = p.W_proj ? matvec(p.W_proj, r.m) : r.m;
    return r;
  }
  for (const g of ["r", "z"]) {
    r.pre_activation[g] = r.input_term[g].map((v, k) => v + r.recurrent_term[g][k]);
    r.gates[g] = act(g, r.pre_activation[g]);
  }
  const rg = r.gates.r;
  if (model.gru_reset_after === false) {
    const rh = hPrev.map((v, k) => rg[k] * v);
    r.reset_h = rh;
    const hn = matvec(p.W_h.n, rh);
    const bh = p.b_h.n.data;
    for (let k = 0; k < hn.length; k++) hn[k] += bh[k];
    r.recurrent_term.n = hn;
    r.pre_activation.n = r.input_term.n.map((v, k) => v + hn[k]);
  } else {
    r.pre_activation.n = r.input_term.n.map((v, k) => v + rg[k] * r.recurrent_term.n[k]);
  }
  r.gates.n = act("n", r.pre_activation.n);
  const z = r.gates.z;
  r.h = r.gates.n.map((n2, k) => (1 - z[k]) * n2 + z[k] * hPrev[k]);
  return r;
}
function readoutAll(model, readout, out) {
  const z = matvec(readout.W, out);
  const b = readout.b.data;
  for (let k = 0; k < z.length; k++) z[k] += b[k];
  const act = model.readout && model.readout.activation || "identity";
  let y;
  if (act === "softmax") {
    const mx = Math.max(...z);
    const e = z.map((v) => Math.exp(v - mx));
    const sum = e.reduce((a, v) => a + v, 0);
    y = e.map((v) => v / sum);
  } else {
    y = z.map(ACT[act] || ACT.identity);
  }
  return { z, y, act };
}

// static/js/render/head.js
var FIRST = 6;
var WHOLE = 8;
var SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
var sup = (n2) => "⁽" + String(n2).replace(/[0-9]/g, (d) => SUP[d]) + "⁾";
function firstNumbers(kit, arr) {
  const n2 = arr.length;
  const shown = Array.from(arr.subarray ? arr.subarray(0, Math.min(n2, n2 <= WHOLE ? n2 : FIRST)) : arr.slice(0, FIRST));
  const parts = shown.flatMap((v, k) => k ? [", ", kit.num(v)] : [kit.num(v)]);
  return vh("span", { class: "vec" }, "[", parts, n2 > shown.length ? [", …"] : null, "]", n2 > shown.length ? vh("span", { class: "aside" }, " " + tr("openmodel.numbers", { n: n2 })) : null);
}
function vectorCheck(kit, label, mine, recorded, float32) {
  if (!mine || !recorded || mine.length !== recorded.length) return null;
  let worst = 0;
  let ok = true;
  for (let k = 0; k < mine.length; k++) {
    const diff = Math.abs(mine[k] - recorded[k]);
    const tol = (float32 ? 5e-5 : 1e-9) * Math.max(1, Math.abs(recorded[k]));
    if (!(diff <= tol) && !(Number.isNaN(mine[k]) && Number.isNaN(recorded[k]))) ok = false;
    worst = Math.max(worst, diff);
  }
  return vh(
    "p",
    { class: ok ? "check ok" : "check bad" },
    ok ? "✓ " : "⚠ ",
    tr("openmodel.check-vector", { label, n: mine.length }),
    ok ? worst === 0 ? tr("check.identical") : tr("check.rounding", { d: worst.toExponential(1) }) : tr("openmodel.check-differs", { d: worst.toExponential(2) })
  );
}
function embeddingBlock(run, v, t, canon, kit) {
  if (!run.embedding || v.layer !== 0) return null;
  const tS = sub(t);
  const id = idAt(run, v.b, t);
  const tok = run.tokens ? run.tokens[v.b]?.[t] : null;
  const rec = run.embedding.row(v.b, t);
  const E = canon && canon.embedding;
  const V = E ? E.shape[0] : run.model.embedding ? run.model.embedding.num_embeddings : null;
  const out = [];
  const idNode = id === null ? "id" : String(id);
  out.push(
    kit.row(
      kit.symb("x", tS),
      kit.op("= "),
      kit.symb("E", null, idNode),
      tok !== null && tok !== void 0 ? vh("span", { class: "aside" }, ` ‘${visibleToken(tok)}’`) : null,
      id !== null && V ? vh("span", { class: "aside" }, " " + tr("openmodel.row-of", { id, v: V })) : null
    )
  );
  const mine = E && id !== null && id < E.shape[0] ? E.row(id) : null;
  out.push(kit.cont(kit.op("= "), firstNumbers(kit, mine || rec)));
  if (mine) out.push(vectorCheck(kit, `x${tS}`, mine, rec, run.float32));
  return vh("div", { class: "embedding-block", dataset: { id: id === null ? "" : String(id) } }, out);
}
function matvec2(W2, v) {
  const [R, C] = W2.shape;
  const out = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let s2 = 0;
    for (let c = 0; c < C; c++) s2 += W2.data[r * C + c] * v[c];
    out[r] = s2;
  }
  return out;
}
function applyAct(spec, z) {
  if (actName(spec) === "softmax") {
    const mx = Math.max(...z);
    const e = Array.from(z, (x) => Math.exp(x - mx));
    const s2 = e.reduce((a, x) => a + x, 0);
    return Float64Array.from(e, (x) => x / s2);
  }
  const f = actFn(spec) || ((x) => x);
  return Float64Array.from(z, f);
}
var argmax = (arr) => {
  let k = 0;
  for (let q = 1; q < arr.length; q++) if (arr[q] > arr[k]) k = q;
  return k;
};
function headBlock(run, v, t, canon, kit) {
  if (!run.head || v.layer !== run.L - 1) return null;
  const final = headIsFinal(run);
  const spec = run.headSpec;
  const K = run.head.length;
  const tS = final ? "" : sub(t);
  const input = headInput(run, v.b, t);
  const out = [];
  const last = run.lengths && run.lengths[v.b] ? run.lengths[v.b] - 1 : run.T - 1;
  const inName = final ? run.D === 2 ? `[h→${sub(last)}; h←${sub(0)}]` : `h${sub(run.reverseLayer(run.L - 1) ? 0 : last)}` : run.D === 2 ? `[h→; h←]${tS}` : `h${tS}`;
  out.push(
    vh(
      "p",
      { class: "aside" },
      tr(final ? "openmodel.head-final" : "openmodel.head-step", { n: K, input: inName })
    )
  );
  const layers = canon && canon.head && canon.head.length === K ? canon.head : null;
  let a = input;
  for (let k = 0; k < K; k++) {
    const act = spec[k] && spec[k].activation || "identity";
    const rec = headRecorded(run, k, v.b, t);
    const kS = sup(k + 1);
    const isLast = k === K - 1;
    const an = actName(act);
    const title = tr("openmodel.dense", { k: k + 1, n: rec.act.length, act: an === "identity" || an === "linear" ? tr("act.identity") : an });
    out.push(vh("p", { class: "head-layer-title" }, title));
    if (!layers || !a) {
      out.push(kit.row(kit.symb(`z${kS}`, tS), kit.op("= "), kit.vec(rec.pre, kit.sig + 2)));
      out.push(kit.row(kit.symb(isLast ? "y" : `a${kS}`, tS), kit.op("= "), kit.vec(rec.act, kit.sig + 2)));
      continue;
    }
    const { W: W2, b } = layers[k];
    const z = matvec2(W2, a);
    for (let q = 0; q < z.length; q++) z[q] += b.data[q];
    const y = applyAct(act, z);
    const j = isLast ? argmax(y) : Math.min(v.unit, z.length - 1);
    const prevName = k === 0 ? inName : `a${sup(k)}`;
    const d = kit.dot(W2.row(j), a, `W${kS}[${j}]`, prevName);
    out.push(
      kit.row(kit.symb(`z${kS}`, tS, j), kit.op("= "), kit.symb(`W${kS}`, null, `${j},:`), "·", kit.symb(prevName), " + ", kit.symb(`b${kS}`, null, j)),
      kit.cont(kit.op("= "), d.nodes, " + ", ...kit.factor(b.data[j]), " = ", kit.res(z[j]))
    );
    const lhs = kit.symb(isLast ? "y" : `a${kS}`, tS, j);
    const name2 = actName(act);
    if (name2 === "softmax") {
      const mx = Math.max(...z);
      const denom = z.reduce((s2, x) => s2 + Math.exp(x - mx), 0);
      out.push(kit.row(lhs, kit.op("= "), `exp(z${sub(j)} − max) / Σ exp(z − max) = `, kit.num(Math.exp(z[j] - mx)), " / ", kit.num(denom), " = ", kit.res(y[j])));
    } else if (name2 !== "identity" && name2 !== "linear") {
      out.push(kit.row(lhs, kit.op("= "), `${actSymbol(act)}(`, kit.num(z[j], kit.sig + 2), ") = ", kit.res(y[j])));
    }
    if (y.length > 1 && y.length <= WHOLE) out.push(kit.row(kit.symb(isLast ? "y" : `a${kS}`, tS), kit.op("= "), kit.vec(y, kit.sig + 2)));
    out.push(vectorCheck(kit, `${isLast ? "y" : "a" + kS}${tS}`, y, rec.act, run.float32));
    a = y;
  }
  if (final && run.y_final) {
    const yf = run.y_final.row(v.b);
    out.push(vh("p", { class: "head-final-note" }, tr("openmodel.y-final", { y: Array.from(yf, (x) => fmt(x, kit.sig + 2)).join(", ") })));
  }
  return vh("div", { class: "readout-block head-block", dataset: { final: final ? "1" : "0" } }, out);
}

// static/js/render/worked.js
var FULL_TERMS = 8;
var TINY = 4;
function createWorked(el) {
  let sig = 3;
  let tinyOpen = null;
  const steady = steadyHeight(el);
  const pending2 = /* @__PURE__ */ new Map();
  const near = /* @__PURE__ */ new Map();
  const io2 = new IntersectionObserver(
    (entries) => {
      for (const e of entries) near.set(e.target, e.isIntersecting);
      writePending([...pending2].filter(([block]) => isNear(block)));
    },
    { rootMargin: "0px" }
  );
  const boxes = (block) => block.querySelectorAll(":scope > .eq > .rhs, :scope > p");
  function isNear(block) {
    for (const b of boxes(block)) if (near.get(b) !== false) return true;
    return false;
  }
  function watchBlocks() {
    const now = /* @__PURE__ */ new Set();
    for (const block of el.querySelectorAll(":scope > .eq-blocks > .eq-block")) for (const b of boxes(block)) now.add(b);
    for (const b of near.keys()) if (!now.has(b)) io2.unobserve(b), near.delete(b);
    for (const b of now) if (!near.has(b)) io2.observe(b), near.set(b, void 0);
  }
  let lastKey = null;
  let lastRun = null;
  let lastT = null;
  el.addEventListener(
    "toggle",
    (e) => {
      const det = e.target;
      if (!(det instanceof HTMLDetailsElement)) return;
      if (det.classList.contains("tiny")) tinyOpen = det.open;
      else if (det.classList.contains("terms") && det.open && det.childNodes.length === 1 && det._fill) det.append(create(det._fill()));
    },
    true
  );
  const num = (v, digits = sig, ref = null) => editableNum(v, fmt(v, digits), ref, "n", vh);
  const res = (v) => vh("span", { class: "n n-res", props: { _v: v } }, fmt(v, sig + 2));
  const factor = (v, digits = sig, ref = null) => v < 0 ? ["(", num(v, digits, ref), ")"] : ["", num(v, digits, ref), ""];
  function handDigits(products, consts, total) {
    const shown = (v) => Number(fmt(v, sig + 2).replace("−", "-"));
    for (let d = sig; d < sig + 2; d++) {
      const r = (v) => Number.isFinite(v) ? Number(v.toPrecision(d)) : v;
      let sum = 0;
      for (const [a, b] of products) sum += r(a) * r(b);
      for (const c of consts) sum += r(c);
      if (shown(sum) === shown(total)) return d;
    }
    return sig + 2;
  }
  function shownProducts(wRow, vec) {
    const n2 = vec.length;
    if (n2 <= FULL_TERMS) return Array.from({ length: n2 }, (_, k) => [wRow[k], vec[k]]);
    const nz = [];
    for (let k = 0; k < n2; k++) if (vec[k] !== 0) nz.push([wRow[k], vec[k]]);
    return nz.length <= FULL_TERMS ? nz : null;
  }
  const symb = (name2, subscript, idx) => vh("span", { class: "sym" }, name2, subscript !== void 0 && subscript !== null ? vh("sub", {}, subscript) : null, idx !== void 0 ? `[${idx}]` : null);
  const op2 = (text2) => vh("span", { class: "op" }, text2);
  const join = (parts, sep = " + ") => parts.flatMap((p, i) => i ? [sep, p] : [p]);
  function row(lhs, ...rhs) {
    return vh("div", { class: "eq" }, vh("span", { class: "lhs" }, lhs), vh("span", { class: "rhs" }, rhs));
  }
  function cont(...rhs) {
    return vh("div", { class: "eq eq-cont" }, vh("span", { class: "lhs" }), vh("span", { class: "rhs" }, rhs));
  }
  function dot2(wRow, vec, wName, vName, digits = sig, refs = {}) {
    const wRef = refs.w || (() => null);
    const vRef = refs.v || (() => null);
    const n2 = vec.length;
    let total = 0;
    for (let k = 0; k < n2; k++) total += wRow[k] * vec[k];
    const prod = (k) => vh("span", { class: "term", title: `${wName}[${k}]·${vName}[${k}]` }, factor(wRow[k], digits, wRef(k)), "·", factor(vec[k], digits, vRef(k)));
    if (n2 <= FULL_TERMS) return { nodes: join(Array.from({ length: n2 }, (_, k) => prod(k))), total };
    const nz = [];
    for (let k = 0; k < n2; k++) if (vec[k] !== 0) nz.push(k);
    if (nz.length <= FULL_TERMS) {
      const parts = nz.map(prod);
      if (!parts.length) parts.push(num(0));
      return { nodes: [...join(parts), vh("span", { class: "aside" }, tr("worked.others-zero", { n: n2 - nz.length, v: vName }))], total };
    }
    const fill = () => vh("div", { class: "term-list" }, join(Array.from({ length: n2 }, (_, k) => prod(k))));
    const det = vh("details", { class: "terms", props: { _fill: fill } }, vh("summary", {}, vh("span", { class: "term-sum" }, tr("worked.sum", { n: n2 }), num(total, sig + 1))));
    return { nodes: [det], total };
  }
  const vecNodes = (arr, digits = sig, ref = null) => vh("span", { class: "vec" }, "[", join(Array.from(arr, (v, k) => num(v, digits, ref && ref(k))), ", "), "]");
  function matrix(T, rows, ref = null) {
    const [, C] = T.shape;
    const cells = [];
    for (const r of rows) for (let c = 0; c < C; c++) cells.push(num(T.data[r * C + c], sig, ref && ref(r, c)));
    return vh("span", { class: "mat", style: `grid-template-columns: repeat(${C}, auto);` }, cells);
  }
  function column(arr, ref = null) {
    return vh("span", { class: "mat", style: "grid-template-columns: auto;" }, Array.from(arr, (v, k) => num(v, sig, ref && ref(k))));
  }
  function check(label, mine, recorded, float32) {
    if (recorded === void 0 || recorded === null || mine === void 0) return null;
    const diff = Math.abs(mine - recorded);
    const tol = (float32 ? 5e-5 : 1e-9) * Math.max(1, Math.abs(recorded));
    const ok = diff <= tol || Number.isNaN(mine) && Number.isNaN(recorded);
    return vh(
      "p",
      { class: ok ? "check ok" : "check bad" },
      ok ? "✓ " : "⚠ ",
      tr("check.recorded", { label }),
      vh("code", {}, fmtExact(recorded, float32)),
      ok ? diff === 0 ? tr("check.identical") : tr("check.rounding", { d: diff.toExponential(1) }) : tr("check.differs", { v: fmtExact(mine) })
    );
  }
  function sources(run, v, t) {
    const { layer: l, dir: d, b } = v;
    const p = run.prevIndex(d, t, l, b);
    const s2 = l * run.D + d;
    const xEdit = l === 0 && !run.tokens && !run.embedding && Array.isArray(run.body.inputs);
    const w = (kind, g, r) => (c) => `w:${l}:${d}:${kind}:${g}:${r}:${c}`;
    return {
      ref: {
        w,
        b: (kind, g, r) => `w:${l}:${d}:${kind}:${g}:${r}:0`,
        x: xEdit ? (k) => `x:${b}:${t}:${k}` : null,
        h0: p === null ? (k) => `h0:${s2}:${b}:${k}` : null,
        c0: p === null && run.cell === "lstm" ? (k) => `c0:${s2}:${b}:${k}` : null
      },
      x: run.layerInput(l, b, t),
      hPrev: run.prevState(l, d, b, t, "h"),
      cPrev: run.cell === "lstm" ? run.prevState(l, d, b, t, "c") : null,
      prevSub: p === null ? "init" : sub(p),
      tSub: sub(t),
      rec: (field, g) => {
        const tens = run.series(l, d, field, g);
        return tens ? tens.row(b, t) : null;
      }
    };
  }
  const symNames = (cell2, g) => cell2 === "rnn" ? { Wx: "W_ih", Wh: "W_hh", bx: "b_ih", bh: "b_hh" } : { Wx: `W_i${g}`, Wh: `W_h${g}`, bx: `b_i${g}`, bh: `b_h${g}` };
  function preLine(run, src, canon, g, j) {
    const { Wx, Wh, bx, bh } = symNames(run.cell, g);
    const bxv = canon.b_x[g].data[j];
    const bhv = canon.b_h[g].data[j];
    const withBh = hasBh(canon, g);
    const wh = canon.W_h[g].row(j);
    const wx = canon.W_x[g].row(j);
    const hp = shownProducts(wh, src.hPrev);
    const xp = shownProducts(wx, src.x);
    let total = bxv + bhv;
    for (let k = 0; k < src.hPrev.length; k++) total += wh[k] * src.hPrev[k];
    for (let k = 0; k < src.x.length; k++) total += wx[k] * src.x[k];
    const dg = hp && xp ? handDigits([...hp, ...xp], withBh ? [bxv, bhv] : [bxv], total) : sig;
    const R = src.ref;
    const hPart = dot2(wh, src.hPrev, `${Wh}[${j}]`, `h${src.prevSub}`, dg, { w: R.w("W_h", g, j), v: R.h0 });
    const xPart = dot2(wx, src.x, `${Wx}[${j}]`, `x${src.tSub}`, dg, { w: R.w("W_x", g, j), v: R.x });
    const sym = [
      symb(Wh, null, `${j},:`),
      "·",
      symb("h", src.prevSub),
      " + ",
      symb(Wx, null, `${j},:`),
      "·",
      symb("x", src.tSub),
      " + ",
      symb(bx, null, j),
      withBh ? [" + ", symb(bh, null, j)] : null
    ];
    const numeric = [...hPart.nodes, " + ", ...xPart.nodes, " + ", ...factor(bxv, dg, R.b("b_x", g, j)), ...withBh ? [" + ", ...factor(bhv, dg, R.b("b_h", g, j))] : []];
    total = hPart.total + xPart.total + bxv + bhv;
    const pRow = run.cell === "lstm" && canon.P ? { i: 0, o: 1, f: 2 }[g] : void 0;
    const cv = g === "o" ? src.cNew && src.cNew[j] : src.cPrev && src.cPrev[j];
    if (pRow !== void 0 && cv !== void 0 && cv !== null) {
      const pv = canon.P.data[pRow * (canon.P.size / 3) + j];
      sym.push(" + ", symb(`p_${g}`, null, j), "·", symb("c", g === "o" ? src.tSub : src.prevSub, j));
      numeric.push(" + ", ...factor(pv), "·", ...factor(cv));
      total += pv * cv;
    }
    return { sym, numeric, total };
  }
  function hasBh(canon, g) {
    return canon.b_h[g].data.some((v) => v !== 0);
  }
  function actLine(lhs, act, z, value) {
    const s2 = ACT_SYMBOL[act] ?? act;
    return row(lhs, op2("= "), `${s2}(`, res(z), ") = ", res(value));
  }
  function rnnUnit(run, v, t, canon, src, j, out) {
    const act = gateActivation(run.model, "h");
    const a = symb("a", src.tSub, j);
    const hsym = symb("h", src.tSub, j);
    const recPre = src.rec("pre_activation", "h");
    const recH = src.rec("h");
    if (canon && src.x && src.hPrev) {
      const L = preLine(run, src, canon, "h", j);
      const all = stepAll(run.model, canon, src.x, src.hPrev, null, v.layer, src.only);
      out.push(row(a, op2("= "), L.sym));
      out.push(cont(op2("= "), L.numeric, op2(" = "), res(L.total)));
      out.push(row(hsym, op2("= "), `${act}(`, symb("a", src.tSub, j), ") = ", `${act}(`, num(L.total, sig + 2), ") = ", res(all.h[j])));
      out.push(check(`a${src.tSub}[${j}]`, L.total, recPre && recPre[j], run.float32));
      return all;
    }
    const rin = src.rec("input_term", "h");
    const rrec = src.rec("recurrent_term", "h");
    if (rin && rrec) out.push(row(a, op2("= "), "(W_ih·x + b_ih)[", String(j), "] + (W_hh·h + b_hh)[", String(j), "] = ", num(rin[j]), " + ", ...factor(rrec[j]), " = ", res(recPre ? recPre[j] : rin[j] + rrec[j])));
    else if (recPre) out.push(row(a, op2("= "), res(recPre[j])));
    if (recH) out.push(row(hsym, op2("= "), `${act}(`, recPre ? num(recPre[j], sig + 2) : "a", ") = ", res(recH[j])));
    return null;
  }
  function gateRows(run, src, canon, g, j, out) {
    const act = gateActivation(run.model, g);
    const s2 = ACT_SYMBOL[act] ?? act;
    const lhs = symb(g, src.tSub, j);
    if (canon && src.x && src.hPrev) {
      const L = preLine(run, src, canon, g, j);
      out.push(row(lhs, op2("= "), `${s2}(`, L.sym, ")"));
      out.push(cont(op2("= "), `${s2}(`, L.numeric, ")"));
      return L.total;
    }
    const rin = src.rec("input_term", g);
    const rrec = src.rec("recurrent_term", g);
    const pre = src.rec("pre_activation", g);
    const gv = src.rec("gates", g);
    if (rin && rrec) out.push(row(lhs, op2("= "), `${s2}(`, num(rin[j]), " + ", ...factor(rrec[j]), ") = ", `${s2}(`, res(rin[j] + rrec[j]), ") = ", gv ? res(gv[j]) : "?"));
    else if (pre && gv) out.push(actLine(lhs, act, pre[j], gv[j]));
    else if (gv) out.push(row(lhs, op2("= "), res(gv[j])));
    return null;
  }
  function lstmUnit(run, v, t, canon, src, j, out) {
    const full = canon && src.x && src.hPrev && src.cPrev;
    const all = full ? stepAll(run.model, canon, src.x, src.hPrev, src.cPrev, v.layer, src.only) : null;
    src.cNew = all ? all.c : null;
    const gv = {};
    for (const g of ["i", "f", "g", "o"]) {
      const z = gateRows(run, src, canon, g, j, out);
      const rec = src.rec("gates", g);
      gv[g] = all ? all.gates[g][j] : rec ? rec[j] : NaN;
      if (all) out.push(cont(op2("= "), `${actSymbol(gateActivationSpec(run.model, g, v.layer))}(`, res(z), ") = ", res(gv[g])));
      if (all) out.push(check(`${g}${src.tSub}[${j}]`, gv[g], rec && rec[j], run.float32));
    }
    const cPrev = src.cPrev ? src.cPrev[j] : NaN;
    const recC = src.rec("c");
    const c = all ? all.c[j] : recC ? recC[j] : gv.f * cPrev + gv.i * gv.g;
    out.push(
      row(symb("c", src.tSub, j), op2("= "), symb("f", src.tSub), "·", symb("c", src.prevSub), " + ", symb("i", src.tSub), "·", symb("g", src.tSub)),
      cont(op2("= "), ...factor(gv.f), "·", ...factor(cPrev, sig, src.ref.c0 && src.ref.c0(j)), " + ", ...factor(gv.i), "·", ...factor(gv.g), " = ", res(c))
    );
    if (recC) out.push(check(`c${src.tSub}[${j}]`, c, recC[j], run.float32));
    const outSpec = (run.model.layers && run.model.layers[v.layer] && run.model.layers[v.layer].activations || {}).output || "tanh";
    const outName = actSymbol(outSpec) || "id";
    const tc = (actFn(outSpec) || Math.tanh)(c);
    const m = gv.o * tc;
    const hsym = run.model.proj_size ? symb("m", src.tSub, j) : symb("h", src.tSub, j);
    out.push(
      row(hsym, op2("= "), symb("o", src.tSub), `·${outName}(`, symb("c", src.tSub), ")"),
      cont(op2("= "), ...factor(gv.o), `·${outName}(`, num(c, sig + 1), ") = ", ...factor(gv.o), "·", ...factor(tc), " = ", res(m))
    );
    if (run.model.proj_size) {
      if (all && canon.W_proj && j < run.P) {
        const d = dot2(canon.W_proj.row(j), all.m, `W_hr[${j}]`, "m");
        out.push(row(symb("h", src.tSub, j), op2("= "), symb("W_hr", null, `${j},:`), "·", symb("m", src.tSub)), cont(op2("= "), d.nodes, " = ", res(d.total)));
        const recH = src.rec("h");
        if (recH) out.push(check(`h${src.tSub}[${j}]`, d.total, recH[j], run.float32));
      } else out.push(vh("p", { class: "aside" }, tr("worked.projection", { p: run.P })));
    } else {
      const recH = src.rec("h");
      if (recH) out.push(check(`h${src.tSub}[${j}]`, all ? all.h[j] : m, recH[j], run.float32));
    }
    return all;
  }
  function gruUnit(run, v, t, canon, src, j, out) {
    const full = canon && src.x && src.hPrev;
    const all = full ? stepAll(run.model, canon, src.x, src.hPrev, null, v.layer, src.only) : null;
    const gv = {};
    for (const g of ["r", "z"]) {
      const z = gateRows(run, src, canon, g, j, out);
      const rec = src.rec("gates", g);
      gv[g] = all ? all.gates[g][j] : rec ? rec[j] : NaN;
      if (all) out.push(cont(op2("= "), `${actSymbol(gateActivationSpec(run.model, g, v.layer))}(`, res(z), ") = ", res(gv[g])));
    }
    const nsym = symb("n", src.tSub, j);
    const rs = () => symb("r", src.tSub);
    const hp = () => symb("h", src.prevSub);
    if (all) {
      const R = src.ref;
      const xPart = dot2(canon.W_x.n.row(j), src.x, `W_in[${j}]`, "x", sig, { w: R.w("W_x", "n", j), v: R.x });
      const A = xPart.total + canon.b_x.n.data[j];
      if (run.model.gru_reset_after === false) {
        const hPart = dot2(canon.W_h.n.row(j), all.reset_h, `W_hn[${j}]`, "r⊙h", sig, { w: R.w("W_h", "n", j) });
        const B = hPart.total + canon.b_h.n.data[j];
        out.push(row(nsym, op2("= "), "tanh(", symb("W_in", null, `${j},:`), "·", symb("x", src.tSub), " + ", symb("b_in", null, j), " + ", symb("W_hn", null, `${j},:`), "·(", rs(), "⊙", hp(), ") + ", symb("b_hn", null, j), ")"));
        out.push(cont(op2("= "), "tanh(", xPart.nodes, " + ", ...factor(canon.b_x.n.data[j], sig, R.b("b_x", "n", j)), " + ", hPart.nodes, " + ", ...factor(canon.b_h.n.data[j], sig, R.b("b_h", "n", j)), ")"));
        out.push(cont(op2("= "), "tanh(", res(A + B), ") = ", res(all.gates.n[j])));
      } else {
        const hPart = dot2(canon.W_h.n.row(j), src.hPrev, `W_hn[${j}]`, "h", sig, { w: R.w("W_h", "n", j), v: R.h0 });
        const B = hPart.total + canon.b_h.n.data[j];
        out.push(row(nsym, op2("= "), "tanh(", symb("W_in", null, `${j},:`), "·", symb("x", src.tSub), " + ", symb("b_in", null, j), " + ", symb("r", src.tSub, j), "·(", symb("W_hn", null, `${j},:`), "·", hp(), " + ", symb("b_hn", null, j), "))"));
        out.push(cont(op2("= "), "tanh(", xPart.nodes, " + ", ...factor(canon.b_x.n.data[j], sig, R.b("b_x", "n", j)), " + ", ...factor(gv.r), "·(", hPart.nodes, " + ", ...factor(canon.b_h.n.data[j], sig, R.b("b_h", "n", j)), "))"));
        out.push(cont(op2("= "), "tanh(", num(A, sig + 1), " + ", ...factor(gv.r), "·", ...factor(B), ") = tanh(", res(A + gv.r * B), ") = ", res(all.gates.n[j])));
      }
      gv.n = all.gates.n[j];
      const rec = src.rec("gates", "n");
      out.push(check(`n${src.tSub}[${j}]`, gv.n, rec && rec[j], run.float32));
    } else {
      gateRows(run, src, canon, "n", j, out);
      const rec = src.rec("gates", "n");
      gv.n = rec ? rec[j] : NaN;
    }
    const hPrev = src.hPrev ? src.hPrev[j] : NaN;
    const hv = all ? all.h[j] : (src.rec("h") || [])[j] ?? (1 - gv.z) * gv.n + gv.z * hPrev;
    out.push(
      row(symb("h", src.tSub, j), op2("= "), "(1 − ", symb("z", src.tSub), ")·", symb("n", src.tSub), " + ", symb("z", src.tSub), "·", hp()),
      cont(op2("= "), "(1 − ", num(gv.z), ")·", ...factor(gv.n), " + ", num(gv.z), "·", ...factor(hPrev, sig, src.ref.h0 && src.ref.h0(j)), " = ", res(hv))
    );
    const recH = src.rec("h");
    if (all && recH) out.push(check(`h${src.tSub}[${j}]`, hv, recH[j], run.float32));
    return all;
  }
  function tinyBlock(run, canon, src, all) {
    const gates = run.gates;
    const lines2 = [];
    const tS = src.tSub;
    for (const g of gates) {
      const { Wx, Wh, bx, bh } = symNames(run.cell, g);
      const act = gateActivation(run.model, g);
      const s2 = run.cell === "rnn" ? null : ACT_SYMBOL[act];
      const lhs = run.cell === "rnn" ? symb("a", tS) : symb(g, tS);
      const H = canon.W_x[g].shape[0];
      const rowsIdx = Array.from({ length: H }, (_, k) => k);
      const useReset = run.cell === "gru" && g === "n";
      const hv = useReset && run.model.gru_reset_after === false ? all.reset_h : src.hPrev;
      const bhNonZero = hasBh(canon, g);
      const R = src.ref;
      const wr = (kind) => (r, c) => R.w(kind, g, r)(c);
      const br = (kind) => (r) => R.b(kind, g, r);
      const recPart = [matrix(canon.W_h[g], rowsIdx, wr("W_h")), "·", column(hv, hv === src.hPrev ? R.h0 : null), bhNonZero ? [" + ", column(canon.b_h[g].data, br("b_h"))] : null];
      const xPart = [matrix(canon.W_x[g], rowsIdx, wr("W_x")), "·", column(src.x, R.x), " + ", column(canon.b_x[g].data, br("b_x"))];
      const inner = useReset && run.model.gru_reset_after !== false ? [xPart, " + ", column(all.gates.r), "⊙(", recPart, ")"] : [recPart, " + ", xPart];
      lines2.push(
        row(lhs, op2("= "), s2 ? `${s2}(` : "", symb(Wh), "·", symb("h", src.prevSub), " + ", symb(Wx), "·", symb("x", tS), " + ", symb(bx), bhNonZero ? [" + ", symb(bh)] : null, s2 ? ")" : ""),
        cont(op2("= "), s2 ? `${s2}(` : "", inner, s2 ? ")" : ""),
        cont(op2("= "), s2 ? [`${s2}(`, vecNodes(all.pre_activation[g]), ") = "] : "", vecNodes(run.cell === "rnn" ? all.pre_activation[g] : all.gates[g], sig + 2))
      );
      if (run.cell === "rnn") lines2.push(row(symb("h", tS), op2("= "), `${act}(`, symb("a", tS), ") = ", vecNodes(all.h, sig + 2)));
    }
    if (run.cell === "lstm") {
      lines2.push(row(symb("c", tS), op2("= "), "f⊙", symb("c", src.prevSub), " + i⊙g = ", vecNodes(all.gates.f), "⊙", vecNodes(src.cPrev), " + ", vecNodes(all.gates.i), "⊙", vecNodes(all.gates.g), " = ", vecNodes(all.c, sig + 2)));
      lines2.push(row(symb("h", tS), op2("= "), "o⊙tanh(c) = ", vecNodes(all.gates.o), "⊙", vecNodes(all.c.map(Math.tanh)), " = ", vecNodes(all.h, sig + 2)));
    }
    if (run.cell === "gru") {
      lines2.push(row(symb("h", tS), op2("= "), "(1 − z)⊙n + z⊙", symb("h", src.prevSub), " = ", vecNodes(all.h, sig + 2)));
    }
    return vh("details", { class: "tiny", open: tinyOpen ?? run.cell === "rnn" }, vh("summary", {}, tr("worked.tiny")), vh("div", { class: "eqs" }, lines2));
  }
  function readoutBlock(run, v, t, canon) {
    if (!run.y || v.layer !== run.L - 1) return null;
    const out = [];
    const outVec = run.output.row(v.b, t);
    const recY = run.y.row(v.b, t);
    const act = run.model.readout && run.model.readout.activation || "identity";
    const labels = run.classLabels();
    const tS = sub(t);
    if (canon && canon.readout) {
      const r = readoutAll(run.model, canon.readout, outVec);
      let k = 0;
      for (let q = 1; q < r.y.length; q++) if (r.y[q] > r.y[k]) k = q;
      const cls = run.O > 1 ? tr("worked.class", { k, label: labels[k] !== `y${k}` ? ` ‘${visibleToken(labels[k])}’` : "" }) : "";
      const wk = canon.readout.W.row(k);
      const bk = canon.readout.b.data[k];
      const ps = shownProducts(wk, outVec);
      const dg = ps ? handDigits(ps, [bk], r.z[k]) : sig;
      const d = dot2(wk, outVec, `W[${k}]`, "out", dg, { w: (c) => `ro:W:${k}:${c}` });
      const zs = symb(act === "identity" ? "y" : "s", tS, k);
      out.push(vh("p", { class: "aside" }, tr("worked.readout", { cls })));
      out.push(row(zs, op2("= "), symb("W", null, `${k},:`), "·", symb(run.D === 2 ? "[h→; h←]" : "h", tS), " + ", symb("b", null, k)));
      out.push(cont(op2("= "), d.nodes, " + ", ...factor(bk, dg, `ro:b:${k}:0`), " = ", res(r.z[k])));
      if (act === "softmax") {
        const mx = Math.max(...r.z);
        const shift = Math.max(...r.z.map(Math.abs)) > 80 ? mx : 0;
        const denom = r.z.reduce((a, z) => a + Math.exp(z - shift), 0);
        const e = (q) => shift ? `exp(s${tS}[${q}] − ${fmt(shift, sig)})` : `exp(s${tS}[${q}])`;
        const all = shift ? `exp(s${tS} − max)` : `exp(s${tS})`;
        out.push(row(symb("y", tS, k), op2("= "), `${e(k)} / Σ ${all} = `, num(Math.exp(r.z[k] - shift)), " / ", num(denom), " = ", res(r.y[k])));
        if (r.z.length <= 8) {
          out.push(cont(vh("span", { class: "aside" }, `Σ ${all} = `, join(Array.from(r.z, (z) => num(Math.exp(z - shift))), " + "))));
        }
      } else if (act !== "identity") {
        out.push(row(symb("y", tS, k), op2("= "), `${ACT_SYMBOL[act]}(`, num(r.z[k], sig + 2), ") = ", res(r.y[k])));
      }
      out.push(check(`y${tS}[${k}]`, r.y[k], recY[k], run.float32));
    } else {
      out.push(row(symb("y", tS), op2("= "), vecNodes(recY, sig + 2)));
    }
    return vh("div", { class: "readout-block" }, out);
  }
  function render(run, v, t, canon, { lazy = false } = {}) {
    if (!run) {
      steady.keep(null);
      pending2.clear();
      return replaceChildren(el);
    }
    sig = v.digits || 3;
    const j = Math.min(v.unit, run.H - 1);
    const src = sources(run, v, t);
    src.only = run.H > TINY || run.P > TINY ? j : null;
    const params = canon && canon.layers[v.layer] && canon.layers[v.layer][v.dir];
    const out = [];
    const tok = run.tokenAt(v.b, t);
    const where2 = [tr("worked.unit", { j }), tr("layer.n", { n: v.layer }), run.D === 2 ? tr(v.dir ? "dir.backward" : "dir.forward") : null, run.B > 1 ? tr("sequence.n", { b: v.b }) : null].filter(Boolean).join(tr("sep"));
    const prevNote = src.prevSub === "init" ? tr("worked.prev-init", { zeros: isZero(src.hPrev) ? tr("worked.zeros") : "" }) : tr("worked.prev", { sub: src.prevSub, p: run.prevIndex(v.dir, t, v.layer, v.b), back: v.dir === 1 || run.reverseLayer(v.layer) ? tr("worked.backward-note") : "" });
    const xNote = v.layer > 0 ? tr("worked.x-layer", { sub: src.tSub, l: v.layer - 1, bi: run.D === 2 ? tr("worked.x-bi") : "" }) : tok !== null && tok !== "" ? run.tokens ? tr(run.embedding ? "openmodel.x-embedding" : "worked.x-onehot", { sub: src.tSub, tok: visibleToken(tok) }) : `x${src.tSub} = ${tok}` : tr("worked.x-step", { sub: src.tSub, t });
    out.push(vh("p", { class: "worked-where" }, tr("worked.where", { where: where2, x: xNote, prev: prevNote })));
    const kit = { num, res, factor, symb, op: op2, row, cont, dot: dot2, check, vec: vecNodes, sig };
    const emb = embeddingBlock(run, v, t, canon, kit);
    if (emb) out.push(emb);
    if (run.body.weights && run.body.weights.format === "book" && run.cell === "rnn") {
      out.push(vh("p", { class: "aside" }, tr("worked.book")));
    }
    const len = run.lengths ? run.lengths[v.b] : null;
    const masked = run.model.embedding && run.model.embedding.mask_zero && idAt(run, v.b, t) === 0;
    if (len && t >= len || masked) {
      out.push(vh("p", { class: "aside skipped-step" }, masked ? tr("openmodel.masked") : tr("openmodel.past-length", { n: len })));
      if (run.head && headIsFinal(run)) out.push(headBlock(run, v, t, canon, kit));
      pending2.clear();
      return write(out);
    }
    const eqs = [];
    let all = null;
    if (run.cell === "rnn") all = rnnUnit(run, v, t, params, src, j, eqs);
    else if (run.cell === "lstm") all = lstmUnit(run, v, t, params, src, j, eqs);
    else all = gruUnit(run, v, t, params, src, j, eqs);
    const blocks = eqBlocks(eqs);
    const key = [run.cell, run.L, run.H, run.P, run.T, run.B, v.layer, v.dir, v.b, j, sig, !!tinyOpen, document.documentElement.lang].join();
    const live = el.querySelector(":scope > .eq-blocks");
    const liveBlocks = live ? live.children : [];
    const keepAway = lazy && run === lastRun && t !== lastT && key === lastKey && liveBlocks.length === blocks.length && el.children[out.length] === live;
    if (!keepAway) pending2.clear();
    out.push(
      vh(
        "div",
        { class: "eqs eq-blocks" },
        blocks.map((b, i) => {
          if (!keepAway || isNear(liveBlocks[i])) {
            if (keepAway) pending2.delete(liveBlocks[i]);
            return b;
          }
          pending2.set(liveBlocks[i], b);
          return liveBlocks[i];
        })
      )
    );
    const clip = run.model.layers && run.model.layers[v.layer] && run.model.layers[v.layer].clip;
    if (clip) out.push(vh("p", { class: "aside" }, tr("openmodel.clip", { clip })));
    if (!params) {
      out.push(vh("p", { class: "aside" }, tr(canon === void 0 ? "worked.loading" : "worked.too-large")));
    }
    const tiny = params && all && run.H <= TINY && run.P <= TINY && src.x && src.x.length <= TINY && !run.model.proj_size;
    if (tiny) out.push(tinyBlock(run, params, src, all));
    const ro = run.head && (run.model.head || run.model.embedding || run.model.head_on === "final") ? headBlock(run, v, t, canon, kit) : readoutBlock(run, v, t, canon);
    if (ro) out.push(ro);
    write(out);
    lastKey = key;
    lastRun = run;
    lastT = t;
    steady.keep(key);
  }
  function write(out) {
    keepFocus(el, () => morph(el, out));
    watchBlocks();
  }
  function writePending(blocks) {
    if (!blocks.length) return;
    for (const [block] of blocks) pending2.delete(block);
    keepFocus(el, () => {
      for (const [block, desc] of blocks) if (block.isConnected) morph(block, desc.kids);
    });
    watchBlocks();
  }
  function flush() {
    writePending([...pending2]);
  }
  return { render, flush };
}
function eqBlocks(lines2) {
  const blocks = [];
  for (const line of lines2) {
    if (!line) continue;
    if (!blocks.length || line.tag === "div" && line.attrs[1] === "eq") blocks.push([]);
    blocks[blocks.length - 1].push(line);
  }
  return blocks.map((b) => vh("div", { class: "eq-block" }, b));
}
function isZero(arr) {
  if (!arr) return false;
  for (const v of arr) if (v !== 0) return false;
  return true;
}

// static/js/liveplots.js
var P = () => window.Plotly;
var isPlot = (gd) => gd && gd.classList && gd.classList.contains("js-plotly-plot") && gd.data;
function createLivePlots({ onDone, trajectory = null } = {}) {
  let latest = null;
  let dirty = [];
  let frame = null;
  let busy = false;
  function targets() {
    const list = [];
    for (const gd of $$("#heatmaps .js-plotly-plot")) list.push({ gd, fn: heatmap });
    list.push({ gd: $("#lines-plot"), fn: lines }, { gd: $("#outputs-plot"), fn: outputs });
    const onScreen = (gd) => {
      const b = gd.getBoundingClientRect();
      return b.bottom > 0 && b.top < innerHeight && b.width > 0;
    };
    const out = P() ? list.filter((t) => isPlot(t.gd)) : [];
    const traj = $("#traj-plot");
    if (trajectory && traj && traj.statespace) out.push({ gd: traj, fn: (gd, r, v) => (trajectory.live(r, v), null) });
    return out.sort((a, b) => onScreen(b.gd) - onScreen(a.gd));
  }
  function tick() {
    frame = null;
    if (busy || !latest) return;
    const next = dirty.shift();
    if (!next) {
      if (onDone) onDone(latest.r);
      return;
    }
    const { r, v, st } = latest;
    let p = null;
    try {
      p = next.fn(next.gd, r, v, st);
    } catch {
      p = null;
    }
    if (p && typeof p.then === "function") {
      busy = true;
      p.then(
        () => done(),
        () => done()
      );
    } else done();
  }
  const afterPaint2 = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));
  function done() {
    busy = false;
    frame = afterPaint2(tick);
  }
  return {
    /** Run r is on screen: restyle every figure from it, one per frame. */
    update(r, v, st) {
      latest = { r, v, st };
      const ts = targets();
      if (!ts.length) return;
      const waiting = new Set(dirty.map((t) => t.gd));
      dirty = [...dirty.filter((t) => ts.some((x) => x.gd === t.gd)), ...ts.filter((t) => !waiting.has(t.gd))];
      if (!frame && !busy) frame = requestAnimationFrame(() => frame = afterPaint2(tick));
    },
    /** Drop what is queued (the full draw replaces every figure). */
    cancel() {
      dirty = [];
      latest = null;
      frame = null;
    },
    get pending() {
      return dirty.length;
    }
  };
}
function heatmap(gd, r, v) {
  const meta = gd._rnnscope;
  if (!meta || !meta.small) return null;
  const tens = r.series(v.layer, v.dir, meta.field, meta.g);
  if (!tens || tens.shape[1] !== meta.T || tens.shape[2] !== meta.K) return null;
  const slab = tens.index0(v.b);
  meta.slab = slab;
  const z = Array.from({ length: meta.K }, (_, k) => slab.column(k));
  const sc = scaleFor(r, meta.field, meta.g);
  return P().restyle(gd, { z: [z], zmin: [sc.zmin], zmax: [sc.zmax], colorscale: [plotlyScaleFor(sc)] }, [0]);
}
function lines(gd, r, v, st) {
  const { field, g } = parseQuantityId(st.lq);
  const tens = r.series(v.layer, v.dir, field, g);
  if (!tens) return null;
  const slab = tens.index0(v.b);
  const K = slab.shape[1];
  const units = parseUnits(st.units, K);
  const list = units.length ? units : Array.from({ length: Math.min(K, 4) }, (_, k) => k);
  const own = ownTraces(gd);
  if (list.length !== own.length) return null;
  return P().restyle(gd, { y: list.map((k) => slab.column(k)) }, own);
}
function outputs(gd, r, v) {
  const tens = r.y || r.output;
  const series = tens.index0(v.b);
  const K = series.shape[1];
  if (gd.data[0].type === "heatmap") return P().restyle(gd, { z: [Array.from({ length: K }, (_, k) => series.column(k))] }, [0]);
  const own = ownTraces(gd);
  if (own.length > K) return null;
  return P().restyle(gd, { y: own.map((_, k) => series.column(k)) }, own);
}
function ownTraces(gd) {
  const out = [];
  gd.data.forEach((t, i) => t.meta !== "run-a" && out.push(i));
  return out;
}

// static/js/state.js
var HIDEABLE = Object.freeze([
  "header",
  "presets",
  "editor",
  "model",
  "weights",
  "inputs",
  "state",
  "options",
  "player",
  "worked",
  "diagram",
  "heatmaps",
  "lines",
  "trajectory",
  "outputs",
  "table",
  "export",
  "footer",
  "gradients"
]);
var QUANTITIES = Object.freeze(["h", "c", "gates", "pre_activation", "input_term", "recurrent_term"]);
var CHROME = ["header", "presets", "editor", "model", "weights", "inputs", "state", "options", "footer"];
var VIEWS = Object.freeze(HIDEABLE.filter((k) => !CHROME.includes(k)));
var EMBED_VIEWS = Object.freeze(VIEWS.filter((k) => k !== "table" && k !== "export"));
var VIEW_ALIASES = Object.freeze({ heatmap: "heatmaps", cell: "diagram", traj: "trajectory", "state-space": "trajectory", values: "table", gradient: "gradients" });
var LIMIT_CFG = 15e5;
var URL_KEYS = Object.freeze({
  preset: { type: "str", def: null, pattern: /^[A-Za-z0-9_.-]{1,64}$/ },
  cfg: { type: "blob", def: null, max: LIMIT_CFG },
  grad: { type: "enum", def: null, values: ["0", "1"] },
  // a preset with gradients switched off / on
  t: { type: "int", def: 0, min: 0, max: 1e7 },
  layer: { type: "int", def: 0, min: 0, max: 64 },
  dir: { type: "int", def: 0, min: 0, max: 1 },
  b: { type: "int", def: 0, min: 0, max: 1e5 },
  unit: { type: "int", def: 0, min: 0, max: 1e5 },
  units: { type: "str", def: "", pattern: /^[0-9,\- ]{0,200}$/ },
  q: { type: "list", def: null, values: QUANTITIES },
  lq: { type: "str", def: "h", pattern: /^[a-z_]{1,20}(\.[a-z]{1,2})?$/ },
  traj: { type: "enum", def: "2d", values: ["2d", "3d"] },
  speed: { type: "num", def: 4, min: 0.1, max: 1e3 },
  digits: { type: "int", def: 3, min: 2, max: 8 },
  page: { type: "int", def: 0, min: 0, max: 1e4 },
  scale: { type: "enum", def: "own", values: ["own", "fixed"] },
  // colour scales: each quantity's own range, or fixed
  hide: { type: "list", def: [], values: HIDEABLE },
  // embedding (issue 4): the views shown, autoplay, the parent page's origin, the language
  views: { type: "list", def: null, values: VIEWS, aliases: VIEW_ALIASES },
  autoplay: { type: "int", def: 0, min: 0, max: 1 },
  origin: { type: "str", def: null, pattern: /^https?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/ },
  lang: { type: "enum", def: null, values: LANGS },
  // lessons (issue 14, static/js/lesson.js): a shipped lesson, its step, or a same-origin lesson file
  lesson: { type: "str", def: null, pattern: /^[A-Za-z0-9_.-]{1,64}$/ },
  step: { type: "int", def: 0, min: 0, max: 1e3 },
  lesson_url: { type: "str", def: null, pattern: /^[^\s<>"']{1,2000}$/ },
  // compare two runs (issue 13, static/js/compare.js): run A, pinned, as a preset id or a cfg blob
  compare: { type: "ref", def: null, pattern: /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/, max: LIMIT_CFG }
});
function hiddenParts(st, embed = false) {
  const views = st.views && st.views.length ? st.views : embed ? EMBED_VIEWS : null;
  const out = new Set(st.hide);
  if (views) {
    for (const v of VIEWS) if (!views.includes(v)) out.add(v);
  }
  return out;
}
function defaults() {
  const st = {};
  for (const [k, spec] of Object.entries(URL_KEYS)) st[k] = Array.isArray(spec.def) ? [...spec.def] : spec.def;
  return st;
}
var state = Object.assign(defaults(), {
  body: null,
  // the request body being shown (not in the URL as such: `cfg` or `preset`)
  presetBody: null,
  // the body the preset came with, to tell whether it was edited
  playing: false
});
function encodeValue(spec, v) {
  switch (spec.type) {
    case "list":
      return v.join(",");
    case "num":
      return String(+Number(v).toPrecision(6));
    default:
      return String(v);
  }
}
function sameValue(spec, a, b) {
  if (spec.type === "list") return a !== null && b !== null && a.join(",") === b.join(",");
  return a === b;
}
function serialize(st) {
  const params = new URLSearchParams();
  for (const [k, spec] of Object.entries(URL_KEYS)) {
    const v = st[k];
    if (v === null || v === void 0 || sameValue(spec, v, spec.def)) continue;
    params.set(k, encodeValue(spec, v));
  }
  return params.toString();
}
function clampInt(raw, spec) {
  if (!/^-?\d{1,9}$/.test(raw)) return void 0;
  return Math.min(spec.max ?? Infinity, Math.max(spec.min ?? -Infinity, parseInt(raw, 10)));
}
function parse(search) {
  const params = new URLSearchParams(search);
  const out = {};
  for (const [k, spec] of Object.entries(URL_KEYS)) {
    const raw = params.get(k);
    if (raw === null) continue;
    let v;
    switch (spec.type) {
      case "int":
        v = clampInt(raw, spec);
        break;
      case "num": {
        const n2 = Number(raw);
        v = Number.isFinite(n2) ? Math.min(spec.max, Math.max(spec.min, n2)) : void 0;
        break;
      }
      case "str":
        v = spec.pattern.test(raw) ? raw : void 0;
        break;
      case "enum":
        v = spec.values.includes(raw) ? raw : void 0;
        break;
      case "list":
        v = raw.split(",").map((x) => x.trim()).map((x) => spec.aliases && Object.hasOwn(spec.aliases, x) ? spec.aliases[x] : x).filter((x) => spec.values.includes(x));
        v = [...new Set(v)];
        break;
      case "blob":
        v = raw.length <= spec.max && /^[jz]\.[A-Za-z0-9_-]*$/.test(raw) ? raw : void 0;
        break;
      case "ref":
        v = /^[jz]\./.test(raw) ? raw.length <= spec.max && /^[jz]\.[A-Za-z0-9_-]*$/.test(raw) ? raw : void 0 : spec.pattern.test(raw) ? raw : void 0;
        break;
    }
    if (v !== void 0) out[k] = v;
  }
  return out;
}
function toBase64Url(bytes2) {
  let bin = "";
  const CH = 32768;
  for (let i = 0; i < bytes2.length; i += CH) bin += String.fromCharCode.apply(null, bytes2.subarray(i, i + CH));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function fromBase64Url(s2) {
  const b64 = s2.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
async function pipeBytes(bytes2, stream, maxOut) {
  const piped = new Blob([bytes2]).stream().pipeThrough(stream);
  const reader = piped.getReader();
  const chunks = [];
  let n2 = 0;
  for (; ; ) {
    const { value, done } = await reader.read();
    if (done) break;
    n2 += value.length;
    if (n2 > maxOut) {
      await reader.cancel();
      throw new Error("the link's configuration is too large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(n2);
  let k = 0;
  for (const c of chunks) {
    out.set(c, k);
    k += c.length;
  }
  return out;
}
var MAX_JSON = 16 * 1024 * 1024;
async function encodeBody(body) {
  const json2 = new TextEncoder().encode(JSON.stringify(body));
  const plain = "j." + toBase64Url(json2);
  if (json2.length < 200 || typeof CompressionStream !== "function") return plain;
  const packed = "z." + toBase64Url(await pipeBytes(json2, new CompressionStream("deflate-raw"), Infinity));
  return packed.length < plain.length ? packed : plain;
}
async function decodeBody(blob) {
  const bytes2 = fromBase64Url(blob.slice(2));
  const json2 = blob[0] === "z" ? await pipeBytes(bytes2, new DecompressionStream("deflate-raw"), MAX_JSON) : bytes2;
  if (json2.length > MAX_JSON) throw new Error("the link's configuration is too large");
  const body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json2));
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new Error("not a request body");
  return body;
}
var pending = null;
var firstCall = 0;
var QUIET_MS = 250;
var MAX_WAIT_MS = 1e3;
function syncUrl() {
  const now = performance.now();
  if (pending) clearTimeout(pending);
  else firstCall = now;
  const wait = Math.max(0, Math.min(QUIET_MS, firstCall + MAX_WAIT_MS - now));
  pending = setTimeout(() => {
    pending = null;
    const write = () => replaceAddress(currentUrl());
    if (window.requestIdleCallback) window.requestIdleCallback(write, { timeout: 500 });
    else write();
  }, wait);
}
function currentUrl() {
  const q = serialize(state);
  return location.pathname + (q ? "?" + q : "") + location.hash;
}

// static/js/app.js
var DEFAULT_PRESET = "book-rnn";
var CANONICAL_MAX_PARAMS = 3e5;
var groupLabel = (g) => g === "h" || g === "c" ? g : tr(`group.${g}`);
function estimate(body, prev) {
  const m = body.model || {};
  const G = (GATES[m.cell] || ["h"]).length;
  const L = m.num_layers || 1;
  const D = m.bidirectional ? 2 : 1;
  const H = m.hidden_size || prev && prev.H || 64;
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
    T = Math.max(1, ...inp.texts.map((s2) => [...s2].length));
  } else if (inp && typeof inp.text === "string") T = [...inp.text].length;
  else if (inp && Array.isArray(inp.ids)) {
    const rows = Array.isArray(inp.ids[0]) ? inp.ids : [inp.ids];
    B = rows.length;
    T = Math.max(1, ...rows.map((r) => r.length));
  }
  return { B, T, H, L, D, G, cell: m.cell };
}
var LIGHT = Object.freeze({ float32: 3e6, every: 6e6, withGates: 12e6 });
function finalOptions(body, prev) {
  const e = estimate(body, prev);
  const cellsOut = e.B * e.T * e.L * e.D * e.H;
  const full = traceNumbers(e);
  const o = { ...body.options || {} };
  o.encoding = full > 2e4 ? "binary" : "json";
  if (!o.dtype && full > LIGHT.float32) o.dtype = "float32";
  if (!o.trace && full > LIGHT.every) {
    const states = e.cell === "lstm" ? ["h", "c"] : ["h"];
    const gates = e.cell === "rnn" ? "pre_activation" : "gates";
    o.trace = cellsOut * (e.G + 2) <= LIGHT.withGates ? [...states, gates] : states;
    const m = body.model || {};
    if (m.embedding) o.trace.push("embedding");
    if (m.head || m.embedding) o.trace.push("head");
  }
  return o;
}
function traceNumbers(e) {
  return e.B * e.T * e.L * e.D * e.H * (4 * e.G + 2);
}
function heavyTrace(body, prev) {
  return traceNumbers(estimate(body, prev)) > 2e5;
}
function createApp() {
  const form = createForm();
  const timings = { boot: performance.now(), firstView: null, runs: [], steps: [], draws: {}, stepParts: {} };
  let run = null;
  let runSeq = 0;
  let inflight = null;
  let loaded = { presetId: null, bodyStr: null };
  let presets = [];
  let srTimer = null;
  const notes = [];
  const view = () => ({
    layer: state.layer,
    dir: state.dir,
    b: state.b,
    unit: state.unit,
    q: state.q || defaultGroups(run),
    digits: state.digits
  });
  const ui = {
    heatmaps: createHeatmaps($("#heatmaps"), {
      onPick: (t, k) => {
        setView({ unit: k });
        setStep(t);
      }
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
      }
    })
  };
  const livePlots = createLivePlots({ onDone: (r) => document.documentElement.dataset.editPlotted = String(r.meta.id), trajectory: ui.traj });
  const player = createPlayer({
    getT: () => state.t,
    setT: (t) => setStep(t),
    getLast: () => run ? run.T - 1 : 0,
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
        if (run) catchUpLater([...Object.values(panelKey).filter((k) => !visible.has(k)), "worked-away", "badges"]);
      }
    }
  });
  const visible = /* @__PURE__ */ new Set();
  const panelKey = { "panel-worked": "worked", "panel-table": "table", "panel-diagram": "diagram", "panel-outputs": "outputs", "panel-gradients": "gradients" };
  const io2 = new IntersectionObserver((entries) => {
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
  for (const id of Object.keys(panelKey)) io2.observe(document.getElementById(id));
  const badges = $$("[data-now]");
  const badgesOnScreen = /* @__PURE__ */ new Set();
  const stepInput = (t) => {
    const tok = run.tokenAt(state.b, t);
    return tok !== null && tok !== "" ? run.tokens ? `‘${visibleToken(tok)}’` : `x = ${tok}` : "";
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
  const lazy = createLazyDraw();
  let idleJob = null;
  let idleWait = null;
  function catchUpLater(keys) {
    if (idleJob !== null) cancelIdle2(idleJob);
    clearTimeout(idleWait);
    idleJob = null;
    if (keys.length)
      idleWait = setTimeout(() => {
        idleJob = requestIdle2(() => {
          idleJob = null;
          for (const k of keys) stepPanel(k, state.t);
        });
      }, 200);
  }
  const requestIdle2 = window.requestIdleCallback ? (fn) => window.requestIdleCallback(fn, { timeout: 500 }) : (fn) => setTimeout(fn, 50);
  const cancelIdle2 = window.cancelIdleCallback ? (id) => window.cancelIdleCallback(id) : (id) => clearTimeout(id);
  function stepPanel(key, t) {
    if (!run) return;
    if (key === "worked") renderWorked();
    else if (key === "worked-away") ui.worked.flush();
    else if (key === "table") ui.table.step(t);
    else if (key === "diagram") ui.diagram.step(t);
    else if (key === "outputs") ui.outputs.step(t);
    else if (key === "gradients") ui.gradients.step(t);
    else if (key === "badges") for (const el of badges) setText(el, stepBadge(t));
  }
  let hidden = /* @__PURE__ */ new Set();
  function shown(key) {
    return !hidden.has(key);
  }
  function defaultGroups(r) {
    if (!r) return ["h"];
    const extra = extraGroups(r);
    if (r.cell === "lstm") return ["h", "c", "gates", ...extra];
    if (r.cell === "gru") return ["h", "gates", ...extra];
    return ["h", "pre_activation", ...extra];
  }
  function setStatus(text2) {
    $("#run-status").textContent = text2;
  }
  function toast(text2) {
    const el = $("#toast");
    el.textContent = text2;
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => el.hidden = true, 2600);
  }
  function applyHide() {
    hidden = hiddenParts(state, !!document.documentElement.dataset.embed);
    for (const key of hidden) for (const el of $$(`[data-hide="${key}"]`)) el.hidden = true;
    document.documentElement.classList.toggle("no-editor", hidden.has("editor"));
  }
  async function loadPresetList() {
    try {
      presets = (await listPresets2()).map(localizePreset);
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
  let early = null;
  async function loadPreset(id) {
    let body;
    const asked = early && early.id === id ? early.body : null;
    early = null;
    try {
      body = await (asked || getPreset2(id));
    } catch (e) {
      form.showErrors(e.detail || [{ loc: ["body"], msg: tr("error.preset", { id, msg: e.message }) }]);
      return false;
    }
    form.fill(body);
    loaded = { presetId: id, bodyStr: JSON.stringify(form.read()) };
    showPresetInfo(id);
    return true;
  }
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
    const seq2 = ++runSeq;
    player.pause();
    const sent = { ...body, options: finalOptions(body, run) };
    document.documentElement.dataset.state = "loading";
    delete document.documentElement.dataset.drawn;
    lazy.cancel();
    setStatus(tr("status.running"));
    emit(EV.RUN_STARTED, { body: sent });
    if (timings.firstView === null && heavyTrace(sent, run)) {
      await afterPaint();
      if (seq2 !== runSeq) return false;
    }
    const t0 = performance.now();
    let res;
    try {
      res = await forward2(sent, { signal: ctrl.signal });
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
    if (seq2 !== runSeq) return false;
    inflight = null;
    preloadPlotly();
    const t1 = performance.now();
    const r = new Run(body, res.payload, { id: seq2, bytes: res.bytes, sent });
    const t2 = performance.now();
    const kept = keepCanon && run ? run.canon : void 0;
    run = r;
    editState.cell = r.cell;
    run.canon = kept;
    clampView();
    updateSelectors();
    $("#empty").hidden = true;
    $("#panels").hidden = false;
    showWarnings(run.warnings);
    livePlots.cancel();
    const weightsReady = fetchCanonical(run, body);
    drawPanels();
    renderStep();
    if (!window.Plotly) {
      renderWorked();
      await afterPaint();
    }
    if (seq2 !== runSeq) return false;
    const drawn = drawPlots({ lazy: true, settle: weightsReady });
    await drawn.near;
    await weightsReady;
    if (seq2 !== runSeq) return false;
    renderStep();
    const t3 = performance.now();
    timings.runs.push({ request: t1 - t0, decode: t2 - t1, draw: t3 - t2, total: t3 - t0, bytes: res.bytes, values: run.values });
    if (timings.firstView === null) timings.firstView = t3;
    setStatus(`${tr("count.steps", { n: run.T })} · ${run.cell.toUpperCase()} ${run.L > 1 ? run.L + "×" : ""}${run.H}${run.D === 2 ? tr("status.bidirectional") : ""} · ${Math.round(t1 - t0)} ms · ${bytes(res.bytes)}${run.float32 ? " · float32" : ""}`);
    document.documentElement.dataset.state = "ready";
    lazy.release();
    document.documentElement.dataset.run = String(seq2);
    drawn.all.then(() => {
      if (seq2 !== runSeq) return;
      timings.allDrawn ??= performance.now();
      document.documentElement.dataset.drawn = "all";
    });
    emit(EV.RUN_LOADED, { run });
    await rememberInUrl(body);
    return true;
  }
  async function rememberInUrl(body) {
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
  function fetchCanonical(r, body) {
    if (body.weights && body.weights.format === "canonical" && (r.model.embedding || r.model.head)) {
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
    return convert2(r.model, body.weights, "canonical").then((res) => {
      r.canon = parseCanonical(res.weights, r.model);
    }).catch(() => {
      r.canon = null;
    }).finally(() => {
      if (r === run) {
        renderWorked();
        emit(EV.WEIGHTS_READY, {});
      }
    });
  }
  async function runLive(body, computed = null) {
    const prev = run;
    const seq2 = ++runSeq;
    if (inflight) {
      inflight.abort();
      inflight = null;
    }
    const sent = { ...body, options: finalOptions(body, run) };
    const t0 = performance.now();
    const res = computed ? { payload: computed, bytes: 0 } : await forward2(sent);
    if (seq2 !== runSeq) return false;
    const t1 = performance.now();
    const r = new Run(body, res.payload, { id: seq2, bytes: res.bytes, sent, live: computed ? "browser" : "server" });
    r.canon = prev ? prev.canon : null;
    run = r;
    editState.cell = r.cell;
    clampView();
    drawPanels();
    const t2 = performance.now();
    livePlots.update(r, view(), state);
    const t3 = performance.now();
    renderStep();
    showWarnings(run.warnings);
    emit(EV.RUN_LIVE, { run });
    const t4 = performance.now();
    timings.edits = timings.edits || [];
    timings.edits.push({ request: t1 - t0, panels: t2 - t1, plots: t3 - t2, step: t4 - t3 });
    if (timings.edits.length > 1e3) timings.edits.splice(0, 500);
    rememberInUrl(body);
    return true;
  }
  function showWarnings(runWarnings) {
    const list = [...notes, ...runWarnings];
    const box2 = $("#warnings");
    box2.hidden = !list.length;
    replaceChildren(box2, list.length ? h("ul", {}, list.map((w) => h("li", {}, w))) : null);
  }
  function clampView() {
    if (!run) return;
    state.layer = Math.min(state.layer, run.L - 1);
    state.dir = Math.min(state.dir, (run.trace[state.layer] || []).length - 1 || 0);
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
    return [...groups, ...extraGroups(r)];
  }
  function option(value, text2, selected) {
    const o = h("option", { value: String(value) }, text2);
    if (selected) o.selected = true;
    return o;
  }
  function updateSelectors() {
    if (!run) return;
    replaceChildren($("#s-layer"), Array.from({ length: run.L }, (_, l) => option(l, tr("layer.n", { n: l }) + (run.L > 1 && l === run.L - 1 ? tr("layer.top") : ""), l === state.layer)));
    $("#s-layer").disabled = run.L === 1;
    const dirs = (run.trace[state.layer] || []).length || 1;
    replaceChildren($("#s-dir"), ["forward", "backward"].slice(0, dirs).map((n2, d) => option(d, tr(`dir.${n2}`), d === state.dir)));
    $("#s-dir-label").hidden = dirs === 1;
    replaceChildren(
      $("#s-batch"),
      Array.from({ length: run.B }, (_, b) => {
        const txt = run.tokens ? ` ‘${run.tokens[b].slice(0, 12).map(visibleToken).join("")}${run.tokens[b].length > 12 ? "…" : ""}’` : "";
        return option(b, `${b}${txt}`, b === state.b);
      })
    );
    $("#s-batch-label").hidden = run.B === 1;
    const unit = $("#s-unit");
    unit.max = String(run.H - 1);
    unit.value = String(state.unit);
    const slider = $("#p-slider");
    slider.max = String(run.T - 1);
    $("#p-t").max = String(run.T - 1);
    $("#p-of").textContent = `/ ${run.T - 1}`;
    const groups = listGroups(run);
    const active = state.q || defaultGroups(run);
    replaceChildren(
      $("#heatmap-quantities"),
      h("legend", { class: "visually-hidden" }, tr("panel.quantities")),
      groups.map((g) => {
        const id = `hq-${g}`;
        const input = h("input", { type: "checkbox", id, value: g, checked: active.includes(g) });
        return h("span", { class: "chip" }, input, h("label", { for: id }, groupLabel(g)));
      })
    );
    replaceChildren(
      $("#lines-quantity"),
      listQuantities(run).map((q) => option(quantityId(q.field, q.g), quantityLabel(run.cell, q.field, q.g), quantityId(q.field, q.g) === state.lq))
    );
    $("#lines-units").value = state.units;
    $(`#traj-${state.traj}`).checked = true;
    $("#traj-3d").disabled = run.P < 3;
    $("#worked-digits").value = String(state.digits);
    const speed = $("#p-speed");
    const opts = Array.from(speed.options).map((o) => +o.value);
    const near = opts.reduce((a, b) => Math.abs(b - state.speed) < Math.abs(a - state.speed) ? b : a);
    speed.value = String(near);
  }
  function drawPanels() {
    const v = view();
    ui.tokens.draw(run, v.b);
    ui.gradients.prepare(run, v, shown("gradients"));
    if (shown("diagram")) ui.diagram.draw(run, v);
    if (shown("table")) ui.table.draw(run, v, state.page);
  }
  function drawPlots({ lazy: later = false, settle = null } = {}) {
    const timed = (name2, fn) => {
      const t0 = performance.now();
      const p = Promise.resolve(fn());
      timings.draws[name2] = performance.now() - t0;
      return p;
    };
    const views = [
      ["heatmaps", "#panel-heatmaps", () => ui.heatmaps.draw(run, view())],
      ["gradients", "#panel-gradients", () => ui.gradients.draw(run, view())],
      ["lines", "#panel-lines", () => drawLines()],
      ["trajectory", "#panel-trajectory", () => ui.traj.draw(run, view(), state.traj === "3d")],
      ["outputs", "#panel-outputs", () => ui.outputs.draw(run, view())]
    ].filter(([name2]) => shown(name2));
    const r = run;
    const lib = (name2) => name2 === "trajectory" ? Promise.resolve(true) : plotlyOrSay();
    const jobs = views.map(([name2, sel, fn]) => ({ name: name2, el: $(sel), early: name2 === "trajectory", draw: () => lib(name2).then((ok) => ok && r === run && timed(name2, fn)) }));
    return later ? lazy.start(jobs, { settle }) : lazy.now(jobs);
  }
  function plotlyOrSay() {
    return loadPlotly2().then(
      () => true,
      (e) => {
        if (!notes.includes(e.message)) notes.push(e.message);
        if (run) showWarnings(run.warnings);
        return false;
      }
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
  function renderWorked(lazy2 = false) {
    if (run && shown("worked")) ui.worked.render(run, view(), state.t, run.canon, { lazy: lazy2 });
  }
  function renderStep() {
    if (!run) return;
    const t0 = performance.now();
    const t = state.t;
    const parts = timings.stepParts;
    let mark = t0;
    const lap = (name2) => {
      const now = performance.now();
      parts[name2] = (parts[name2] || 0) + (now - mark);
      mark = now;
    };
    ui.heatmaps.step(t);
    lap("heatmaps");
    ui.lines.step(t);
    ui.traj.step(t);
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
    if (timings.steps.length > 5e3) timings.steps.splice(0, 1e3);
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
  function setStep(t) {
    if (!run) return;
    const nt = Math.max(0, Math.min(run.T - 1, Math.round(t)));
    if (nt === state.t) return;
    state.t = nt;
    renderStep();
    syncUrl();
    if (!state.playing) layOutNow();
  }
  let laidOutThisFrame = false;
  function layOutNow() {
    if (laidOutThisFrame) return;
    laidOutThisFrame = true;
    requestAnimationFrame(() => laidOutThisFrame = false);
    void document.documentElement.offsetHeight;
  }
  async function setView(patch2) {
    if (!run) return;
    Object.assign(state, patch2);
    clampView();
    const keys = Object.keys(patch2);
    const v = view();
    if (keys.includes("scale")) setScaleMode(state.scale);
    if (keys.some((k) => ["layer", "dir", "b", "scale"].includes(k))) {
      updateSelectors();
      await drawAll();
    } else {
      const plots = !!window.Plotly;
      if (plots && keys.includes("q") && shown("heatmaps")) await ui.heatmaps.draw(run, v);
      if (plots && (keys.includes("lq") || keys.includes("units")) && shown("lines")) await drawLines();
      if (keys.includes("traj") && shown("trajectory")) await ui.traj.draw(run, v, state.traj === "3d");
      if (keys.includes("unit") && shown("diagram")) ui.diagram.draw(run, v);
      if (keys.includes("page") && shown("table")) ui.table.draw(run, v, state.page);
      if (keys.includes("unit")) $("#s-unit").value = String(state.unit);
    }
    renderStep();
    syncUrl();
    emit(EV.VIEW_CHANGED, { keys });
  }
  async function boot2(start = null) {
    const parsed = parse(pageSearch());
    Object.assign(state, parsed);
    setScaleMode(state.scale);
    $("#scale-fixed").checked = state.scale === "fixed";
    applyHide();
    if (state.preset && !state.cfg) early = { id: state.preset, body: getPreset2(state.preset) };
    if (early) early.body.catch(() => {
    });
    const listed = loadPresetList();
    if (start || !state.cfg) await listed;
    let ok = start ? await start() : false;
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
        form.fields.grad.on.checked = state.grad === "1";
        form.updateVisibility();
      }
    }
    if (ok) await runNow();
    else document.documentElement.dataset.state = "error";
  }
  async function changeFormat(to) {
    const f = form.fields;
    const from = f.wFormat.dataset.current;
    const revert = () => f.wFormat.value = from;
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
      const res = await convert2(model, body.weights, to);
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
    if (which === "diagram" || which === "trajectory" && !$("#traj-plot").classList.contains("js-plotly-plot")) {
      const blob = await (which === "diagram" ? ui.diagram.toPng() : ui.traj.toPng());
      if (blob) download(blob, which === "diagram" ? "rnnscope-cell.png" : "rnnscope-trajectory.png");
      return;
    }
    const gd = which === "heatmap" ? ui.heatmaps.figureFor(id) : { lines: $("#lines-plot"), trajectory: $("#traj-plot"), outputs: $("#outputs-plot"), "grad-curve": $("#grad-curve"), "grad-heat": $("#grad-heat") }[which];
    if (gd && gd.classList.contains("js-plotly-plot")) await downloadPng(gd, `rnnscope-${which}${id ? "-" + id : ""}`);
  }
  const app2 = {
    form,
    player,
    timings,
    ui,
    // the renderers: compare.js adds run A to the plots they draw (issue 13)
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
    boot: boot2,
    fillPreset: (id) => loadPreset(id),
    // into the form, without running (lesson.js)
    loadPreset: async (id) => {
      if (await loadPreset(id)) return runNow({ fromUser: true });
      return false;
    },
    runNow,
    runLive,
    // issue 13
    /** Issue 13: redraw the worked step from the run's (edited) weights, without a run. */
    refreshLocal: () => renderWorked(),
    get loadedPreset() {
      return loaded.presetId;
    },
    setStep,
    stepBy: (n2) => setStep(state.t + n2),
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
      const on2 = !document.documentElement.classList.toggle("editor-collapsed");
      const btn = $("#toggle-editor");
      btn.setAttribute("aria-expanded", on2 ? "true" : "false");
      btn.textContent = tr(on2 ? "editor.hide" : "editor.show");
      window.dispatchEvent(new Event("resize"));
    }
  };
  return app2;
}

// static/js/controller.js
var TYPING = /* @__PURE__ */ new Set(["INPUT", "TEXTAREA", "SELECT"]);
function isTyping(el) {
  if (!el) return false;
  if (el.isContentEditable) return true;
  if (!TYPING.has(el.tagName)) return false;
  return !(el.tagName === "INPUT" && ["checkbox", "radio", "button", "range"].includes(el.type));
}
function bindControls(app2) {
  const f = app2.form.fields;
  f.form.addEventListener("submit", (e) => {
    e.preventDefault();
    app2.runNow({ fromUser: true });
  });
  f.form.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      app2.runNow({ fromUser: true });
    }
  });
  for (const el of [f.cell, f.readout, f.kindNumbers, f.kindText]) el.addEventListener("change", () => app2.form.updateVisibility());
  f.wFormat.addEventListener("change", () => app2.changeFormat(f.wFormat.value));
  for (const el of [f.grad.on, f.grad.loss]) el.addEventListener("change", () => app2.gradientsChanged());
  f.wSeed.addEventListener("input", () => {
    if (f.wFormat.value === "random") f.wJson.value = JSON.stringify({ format: "random", seed: Number(f.wSeed.value) || 0 }, null, 2);
  });
  $("#w-pretty").addEventListener("click", () => {
    const w = app2.form.currentWeights();
    if (w) app2.form.setWeights(w);
  });
  $("#w-random").addEventListener("click", () => app2.randomWeights());
  $("#preset-select").addEventListener("change", (e) => {
    if (e.target.value) app2.loadPreset(e.target.value);
  });
  $("#copy-link").addEventListener("click", () => app2.copyLink());
  $("#toggle-editor").addEventListener("click", () => app2.toggleEditor());
  $("#p-play").addEventListener("click", () => app2.player.toggle());
  $("#p-back").addEventListener("click", () => app2.stepBy(-1));
  $("#p-fwd").addEventListener("click", () => app2.stepBy(1));
  $("#p-first").addEventListener("click", () => app2.first());
  $("#p-last").addEventListener("click", () => app2.last());
  $("#p-slider").addEventListener("input", (e) => app2.setStep(+e.target.value));
  $("#p-t").addEventListener("change", (e) => {
    app2.setStep(+e.target.value);
    e.target.value = String(state.t);
  });
  $("#p-speed").addEventListener("change", (e) => app2.setSpeed(+e.target.value));
  $("#s-layer").addEventListener("change", (e) => app2.setView({ layer: +e.target.value }));
  $("#s-dir").addEventListener("change", (e) => app2.setView({ dir: +e.target.value }));
  $("#s-batch").addEventListener("change", (e) => app2.setView({ b: +e.target.value }));
  $("#s-unit").addEventListener("change", (e) => app2.setView({ unit: Math.max(0, Math.round(+e.target.value || 0)) }));
  $("#heatmap-quantities").addEventListener("change", () => {
    const q = $$("#heatmap-quantities input:checked").map((i) => i.value);
    app2.setView({ q });
  });
  $("#lines-quantity").addEventListener("change", (e) => app2.setView({ lq: e.target.value }));
  $("#lines-units").addEventListener("change", (e) => app2.setView({ units: e.target.value.replace(/[^0-9,\- ]/g, "").slice(0, 200) }));
  for (const r of $$("input[name=traj-dim]")) r.addEventListener("change", (e) => app2.setView({ traj: e.target.value }));
  $("#scale-fixed").addEventListener("change", (e) => app2.setView({ scale: e.target.checked ? "fixed" : "own" }));
  $("#worked-digits").addEventListener("change", (e) => app2.setView({ digits: +e.target.value }));
  $("#export-json").addEventListener("click", () => app2.exportJson());
  $("#export-csv").addEventListener("click", () => app2.exportCsv(false));
  $("#export-csv-view").addEventListener("click", () => app2.exportCsv(true));
  $("#export-request").addEventListener("click", () => app2.exportRequest());
  document.addEventListener("click", (e) => {
    const btn = e.target.closest("[data-png], [data-png-heatmap]");
    if (!btn) return;
    if (btn.dataset.pngHeatmap) app2.exportPng("heatmap", btn.dataset.pngHeatmap);
    else app2.exportPng(btn.dataset.png);
  });
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target;
    if (isTyping(target)) return;
    const onSlider = target && target.id === "p-slider";
    const onButton = target && (target.tagName === "BUTTON" || target.tagName === "SUMMARY" || target.tagName === "A");
    switch (e.key) {
      case " ":
      case "Spacebar":
        if (onButton) return;
        e.preventDefault();
        app2.player.toggle();
        break;
      case "ArrowRight":
      case "ArrowLeft":
        if (onSlider) return;
        e.preventDefault();
        app2.stepBy((e.key === "ArrowRight" ? 1 : -1) * (e.shiftKey ? 10 : 1));
        break;
      case "Home":
        if (onSlider) return;
        e.preventDefault();
        app2.first();
        break;
      case "End":
        if (onSlider) return;
        e.preventDefault();
        app2.last();
        break;
      default:
    }
  });
}

// static/js/compare-run.js
function describeRun(r) {
  const layers = r.L > 1 ? `${r.L}×` : "";
  const proj = r.P !== r.H ? tr("compare.proj", { p: r.P }) : "";
  return tr("compare.describe", { cell: r.cell.toUpperCase(), layers, n: r.H, proj, bi: r.D === 2 ? tr("compare.bidirectional") : "" });
}
function layerSizes(r) {
  const layers = r.model && r.model.layers || [];
  return layers.map((l) => `${l.hidden_size ?? ""}/${l.proj_size ?? ""}/${l.direction ?? ""}`).join(",");
}
function compareInfo(a, b) {
  const same = a.cell === b.cell && a.L === b.L && a.D === b.D && a.H === b.H && a.P === b.P && layerSizes(a) === layerSizes(b);
  const T = Math.min(a.T, b.T);
  const B = Math.min(a.B, b.B);
  return {
    diff: same,
    why: same ? null : tr("compare.cannot-diff", { a: describeRun(a), b: describeRun(b) }),
    T,
    B,
    shorter: a.T !== b.T ? tr("compare.common-steps", { ta: a.T, tb: b.T, last: T - 1 }) : null,
    fewer: a.B !== b.B ? tr("compare.common-seqs", { ba: a.B, bb: b.B }) : null
  };
}
function viewFor(r, v) {
  const layer = Math.min(v.layer, r.L - 1);
  const dirs = (r.trace[layer] || []).length || 1;
  return { ...v, layer, dir: Math.min(v.dir, dirs - 1), b: Math.min(v.b, r.B - 1), unit: Math.min(v.unit, r.H - 1) };
}
function subtract(tb, ta, nb, nt) {
  const K = tb.shape[2];
  if (ta.shape[2] !== K) return null;
  const Tb = tb.shape[1];
  const Ta = ta.shape[1];
  const out = new Float64Array(nb * nt * K);
  for (let s2 = 0; s2 < nb; s2++)
    for (let t = 0; t < nt; t++) {
      const ob = (s2 * Tb + t) * K;
      const oa = (s2 * Ta + t) * K;
      const o = (s2 * nt + t) * K;
      for (let k = 0; k < K; k++) out[o + k] = tb.data[ob + k] - ta.data[oa + k];
    }
  return new Tensor(out, [nb, nt, K]);
}
var DiffRun = class {
  constructor(a, b) {
    const info = compareInfo(a, b);
    this.a = a;
    this.b = b;
    this.cell = b.cell;
    this.gates = b.gates;
    this.L = b.L;
    this.D = b.D;
    this.H = b.H;
    this.P = b.P;
    this.I = b.I;
    this.B = info.B;
    this.T = info.T;
    this.model = { ...b.model, gate_activation: "difference", layers: void 0 };
    this.float32 = !!(a.float32 || b.float32);
    this.fields = new Set([...b.fields].filter((f) => a.fields.has(f)));
    this.trace = b.trace.map((dirs) => dirs.map(() => ({})));
    this.embedding = null;
    this.head = null;
    this.y = null;
    this.meta = { id: `diff-${a.meta.id}-${b.meta.id}` };
    const same = a.tokens && b.tokens && a.tokens.slice(0, this.B).every((row, s2) => row.slice(0, this.T).join("\0") === b.tokens[s2].slice(0, this.T).join("\0"));
    this.tokens = same ? b.tokens.slice(0, this.B).map((row) => row.slice(0, this.T)) : null;
    this._cache = /* @__PURE__ */ new Map();
    this._ranges = /* @__PURE__ */ new Map();
  }
  has(field) {
    return this.fields.has(field);
  }
  tokenAt(b, t) {
    return this.tokens ? this.tokens[b]?.[t] ?? "" : null;
  }
  series(l, d, field, g) {
    if (!this.fields.has(field)) return null;
    const key = `${l}|${d}|${field}|${g || ""}`;
    if (!this._cache.has(key)) {
      const tb = this.b.series(l, d, field, g);
      const ta = this.a.series(l, d, field, g);
      this._cache.set(key, tb && ta ? subtract(tb, ta, this.B, this.T) : null);
    }
    return this._cache.get(key);
  }
  /** [lo, hi] of B − A over every layer and direction (its own scale, centred on 0 by the renderer). */
  range(field, g) {
    const key = `${field}.${g || ""}`;
    if (!this._ranges.has(key)) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let l = 0; l < this.L; l++)
        for (let d = 0; d < this.trace[l].length; d++) {
          const t = this.series(l, d, field, g);
          if (!t) continue;
          const [x, y] = finiteRange(t.data);
          lo = Math.min(lo, x);
          hi = Math.max(hi, y);
        }
      if (lo > hi) lo = hi = 0;
      this._ranges.set(key, [lo, hi]);
    }
    return this._ranges.get(key);
  }
};

// static/js/compare.js
var CANONICAL_MAX_PARAMS2 = 3e5;
var seq = 0;
async function canonicalOf(r, body) {
  try {
    if (body.weights && body.weights.format === "canonical" && (r.model.embedding || r.model.head)) return parseCanonical(body.weights, r.model);
    const count = r.L * r.D * r.gates.length * r.H * (Math.max(r.I, r.D * r.P) + r.P + 2) + r.O * (r.D * r.P + 1);
    if (count > CANONICAL_MAX_PARAMS2) return null;
    const res = await convert(r.model, body.weights, "canonical");
    return parseCanonical(res.weights, r.model);
  } catch {
    return null;
  }
}
async function runBody(body) {
  const sent = { ...body, options: finalOptions(body, null) };
  const res = await forward(sent);
  const r = new Run(body, res.payload, { id: `A${++seq}`, bytes: res.bytes, sent });
  r.canon = await canonicalOf(r, body);
  return r;
}
function presetTitle(id) {
  const opt = Array.from(($("#preset-select") || { options: [] }).options).find((o) => o.value === id);
  return opt ? opt.textContent : id;
}
function setupCompare(app2) {
  const html = document.documentElement;
  const standalone = !!html.dataset.standalone;
  let A = null;
  let diff = null;
  let info = null;
  let bootTried = false;
  let draws = 0;
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
    barNotes
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
    workedA
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
    hmA
  );
  const worked = $("#panel-worked");
  if (worked) worked.after(panelWorkedA);
  const heat = $("#panel-heatmaps");
  if (heat) heat.after(panelHeat);
  const badges = ["#panel-worked", "#panel-heatmaps", "#panel-diagram", "#panel-table"].map((sel) => {
    const b = h("span", { class: "compare-badge compare-badge-b", hidden: true, title: tr("compare.b-title") }, "B");
    const h2 = $(`${sel} .panel-head h2`);
    if (h2) h2.after(b);
    return b;
  });
  const workedRenderer = createWorked(workedA);
  let workedSeen = false;
  let workedDue = null;
  new IntersectionObserver((entries) => {
    workedSeen = entries.some((e) => e.isIntersecting);
    if (workedSeen && workedDue !== null) stepA(workedDue);
  }).observe(panelWorkedA);
  const heatA = createHeatmaps(hmA, { onPick: (t) => app2.setStep(t) });
  const heatDiff = createHeatmaps(hmDiff, { onPick: (t) => app2.setStep(t) });
  const other = (v) => A && app2.run ? { run: A.run, view: viewFor(A.run, v), label: "A", sameSize: !!(info && info.diff) } : null;
  const ui = app2.ui;
  const base = { lines: ui.lines.draw, traj: ui.traj.draw, outputs: ui.outputs.draw, gradients: ui.gradients.draw };
  ui.lines.draw = (run, v, field, g, units) => base.lines(run, v, field, g, units, other(v));
  ui.traj.draw = (run, v, want3d) => base.traj(run, v, want3d, other(v));
  ui.outputs.draw = (run, v) => base.outputs(run, v, other(v));
  ui.gradients.draw = (run, v) => base.gradients(run, v, other(v));
  function describe(r, title, which) {
    const label = h("span", { class: `compare-badge compare-badge-${which.toLowerCase()}` }, which);
    return h("p", { class: "compare-run" }, label, " ", h("strong", {}, title), ` · ${describeRun(r)} · ${tr("count.steps", { n: r.T })}`, which === "B" ? ` · ${tr("compare.in-editor")}` : ` · ${tr("compare.pinned")}`);
  }
  function currentTitle() {
    const sel = $("#preset-select");
    return state.preset && sel && sel.value ? sel.selectedOptions[0].textContent : standalone ? html.dataset.title || document.title.replace(/ · rnnscope$/, "") : tr("compare.edited");
  }
  function drawBar() {
    const B = app2.run;
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
  let drawing2 = null;
  let again = false;
  function drawPanels() {
    if (drawing2) {
      again = true;
      return drawing2;
    }
    drawing2 = (async () => {
      do {
        again = false;
        await drawOnce();
      } while (again);
    })().finally(() => {
      drawing2 = null;
    });
    return drawing2;
  }
  async function drawOnce() {
    const B = app2.run;
    if (!A || !B) return;
    info = compareInfo(A.run, B);
    diff = info.diff ? new DiffRun(A.run, B) : null;
    html.dataset.comparing = "1";
    document.querySelector(".panels")?.classList.add("comparing");
    bar.hidden = false;
    for (const b of badges) b.hidden = false;
    const hidden = hiddenParts(state, !!html.dataset.embed);
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
    const v = app2.view();
    const vA = viewFor(A.run, v);
    const jobs = [heatA.draw(A.run, vA)];
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
    if (inside && workedSeen) workedRenderer.render(r, viewFor(r, app2.view()), t, r.canon);
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
  async function pin(a, { redraw = true } = {}) {
    A = a;
    state.compare = a.ref;
    syncUrl();
    if (redraw) {
      await app2.redraw();
      await drawPanels();
    }
  }
  async function pinCurrent() {
    const r = app2.run;
    if (!r) return;
    let ref = state.preset && !state.grad ? state.preset : state.cfg;
    if (!ref) {
      const enc = await encodeBody(r.body);
      ref = enc.length <= URL_KEYS.compare.max ? enc : null;
      if (!ref) app2.toast(tr("toast.link-too-large"));
    }
    await pin({ run: r, ref, title: currentTitle() });
    app2.toast(tr("compare.pinned-toast"));
  }
  async function unpin() {
    A = null;
    info = diff = null;
    state.compare = null;
    syncUrl();
    if (drawing2) await drawing2;
    clearPanels();
    await app2.redraw();
  }
  async function swap() {
    if (!A || !app2.run) return;
    const oldA = A;
    let refB = state.preset && !state.grad ? state.preset : state.cfg;
    if (!refB) refB = await encodeBody(app2.run.body);
    A = { run: app2.run, ref: refB, title: currentTitle() };
    state.compare = refB;
    const isPreset = oldA.ref && !/^[jz]\./.test(oldA.ref);
    const ok = isPreset ? await app2.loadPreset(oldA.ref) : (app2.form.fill(oldA.run.body), await app2.runNow({ fromUser: true }));
    if (!ok) {
      A = oldA;
      state.compare = oldA.ref;
    }
    syncUrl();
    await drawPanels();
  }
  async function loadFromUrl() {
    const ref = state.compare;
    const saved = standalone && typeof void 0 === "function" ? (void 0)() : null;
    try {
      let a;
      if (saved && saved.compare) {
        const c = saved.compare;
        const r = new Run(c.request, c.response, { id: `A${++seq}`, bytes: c.response_bytes });
        r.canon = c.canonical ? parseCanonical(c.canonical, r.model) : null;
        a = { run: r, ref: c.ref || null, title: c.ref && c.preset ? localizePreset({ description: "", ...c.preset }).title : tr("compare.saved") };
      } else if (ref && !standalone) {
        const body = /^[jz]\./.test(ref) ? await decodeBody(ref) : await getPreset(ref);
        a = { run: await runBody(body), ref, title: /^[jz]\./.test(ref) ? tr("compare.linked") : presetTitle(ref) };
      } else return;
      await pin(a);
    } catch (e) {
      state.compare = null;
      syncUrl();
      const box2 = $("#warnings");
      if (box2) {
        box2.hidden = false;
        box2.append(h("p", { class: "compare-cannot", id: "compare-error" }, tr("compare.load-failed", { msg: e.message })));
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
    if (A) return drawPanels();
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
    }
  };
}

// static/js/lessonmath.js
var SYMBOLS = Object.freeze({
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  eta: "η",
  theta: "θ",
  lambda: "λ",
  mu: "μ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  phi: "φ",
  omega: "ω",
  Delta: "Δ",
  Sigma: "Σ",
  Omega: "Ω",
  odot: "⊙",
  cdot: "·",
  times: "×",
  partial: "∂",
  approx: "≈",
  le: "≤",
  ge: "≥",
  leq: "≤",
  geq: "≥",
  ne: "≠",
  neq: "≠",
  to: "→",
  rightarrow: "→",
  leftarrow: "←",
  infty: "∞",
  sum: "Σ",
  prod: "Π",
  pm: "±",
  ldots: "…",
  dots: "…",
  in: "∈",
  lVert: "‖",
  rVert: "‖",
  Vert: "‖",
  nabla: "∇",
  circ: "∘",
  quad: " ",
  ",": " ",
  "{": "{",
  "}": "}",
  "%": "%",
  "$": "$"
});
var FUNCTIONS = /* @__PURE__ */ new Set(["tanh", "exp", "log", "max", "min", "softmax", "diag", "relu"]);
function mathNodes(tex) {
  let i = 0;
  function group() {
    if (tex[i] === "{") {
      i += 1;
      const out = seq2("}");
      i += 1;
      return out;
    }
    return atom();
  }
  function atom() {
    const c = tex[i];
    if (c === "\\") {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
      i += m[0].length;
      const name2 = m[1];
      if (name2 === "frac") {
        const a = group();
        const b = group();
        return [h("span", { class: "m-frac" }, h("span", { class: "m-num" }, a), h("span", { class: "m-den" }, b))];
      }
      if (name2 === "mathrm" || name2 === "text" || name2 === "operatorname") return [h("span", { class: "m-rm" }, group())];
      if (name2 === "mathbf" || name2 === "boldsymbol") return [h("b", {}, group())];
      if (name2 === "hat" || name2 === "bar" || name2 === "tilde") return [h("span", { class: `m-${name2}` }, group())];
      if (FUNCTIONS.has(name2)) return [h("span", { class: "m-rm" }, name2)];
      return [SYMBOLS[name2] ?? name2];
    }
    i += 1;
    if (/[A-Za-z]/.test(c)) return [h("i", {}, c)];
    if (c === "-") return ["−"];
    return [c];
  }
  function seq2(end) {
    const out = [];
    while (i < tex.length && tex[i] !== end) {
      const c = tex[i];
      if (c === "_" || c === "^") {
        i += 1;
        out.push(h(c === "_" ? "sub" : "sup", {}, group()));
      } else if (c === " ") {
        i += 1;
        out.push(" ");
      } else out.push(...atom());
    }
    return out;
  }
  return h("span", { class: "math" }, seq2(void 0));
}
function inline(text2) {
  const out = [];
  const re = /\$([^$]+)\$|`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (let m = re.exec(text2); m; m = re.exec(text2)) {
    if (m.index > last) out.push(text2.slice(last, m.index));
    if (m[1] !== void 0) out.push(mathNodes(m[1]));
    else if (m[2] !== void 0) out.push(h("code", {}, m[2]));
    else out.push(h("strong", {}, m[3]));
    last = re.lastIndex;
  }
  if (last < text2.length) out.push(text2.slice(last));
  return out;
}
function richText(text2) {
  return String(text2).split(/\n\s*\n/).map((p) => h("p", {}, inline(p.trim())));
}

// static/js/lesson.js
var text = (o) => o ? o[lang] ?? o.en : "";
var inline2 = (s2) => richText(s2).flatMap((p) => [...p.childNodes]);
var MAX_FILE = 2e6;
function networkIndex(lesson) {
  const keys = [];
  const perStep = [];
  for (const step of lesson.steps) {
    if (step.network) {
      const key = JSON.stringify(step.network);
      if (!keys.includes(key)) keys.push(key);
      perStep.push(keys.indexOf(key));
    } else perStep.push(perStep.length ? perStep[perStep.length - 1] : 0);
  }
  return { networks: keys.map((k) => JSON.parse(k)), perStep };
}
function stepViews(lesson, k) {
  for (let i = k; i >= 0; i -= 1) if (lesson.steps[i].views) return lesson.steps[i].views;
  return VIEWS.filter((v) => v !== "export");
}
function errorLines(e) {
  if (e && Array.isArray(e.detail)) return e.detail.map((d) => d.msg);
  return [e && e.message ? e.message : String(e)];
}
function setupLessons(app2) {
  const mode2 = document.documentElement.dataset;
  const saved = typeof void 0 === "function" ? (void 0)() : null;
  const offline = !!mode2.standalone;
  const params = parse(location.search);
  const wanted = offline ? saved && saved.lesson && { id: saved.lesson.id } : params.lesson ? { id: params.lesson } : params.lesson_url ? { url: params.lesson_url } : null;
  const views = $("#views");
  if (!views || !wanted && (mode2.embed || offline)) return { start: null, ready: () => {
  } };
  let lesson = null;
  let index = null;
  let cur = 0;
  let loadedNet = -1;
  let busy = Promise.resolve();
  const panel = h("section", { id: "lesson", class: "lesson", "aria-label": tr("lesson.panel"), hidden: true });
  const opener = mode2.embed || offline ? null : buildOpener();
  const errorBox = h("div", { id: "lesson-error", class: "lesson-error", role: "alert", hidden: true });
  const wrap = h("div", { class: "lesson-wrap", id: "lesson-wrap" }, errorBox, panel, opener);
  views.prepend(wrap);
  function showError(title, lines2) {
    errorBox.replaceChildren(h("strong", {}, title), h("ul", {}, lines2.map((l) => h("li", {}, l))));
    errorBox.hidden = false;
  }
  function buildOpener() {
    const list = h("ul", { class: "lesson-list", id: "lesson-list" });
    const file = h("input", { type: "file", id: "lesson-file", accept: ".json,application/json" });
    const source = h("textarea", { id: "lesson-source", rows: "2", spellcheck: "false", placeholder: tr("lesson.source-placeholder") });
    const load = h("button", { type: "button", class: "btn", id: "lesson-load" }, tr("lesson.load"));
    const box2 = h(
      "details",
      { class: "lesson-open", id: "lesson-open" },
      h("summary", {}, tr("lesson.open")),
      list,
      h("label", { class: "lesson-file-label" }, tr("lesson.open-file"), " ", file),
      h("label", { for: "lesson-source" }, tr("lesson.open-source")),
      source,
      load,
      h("p", { class: "hint" }, tr("lesson.write-your-own"))
    );
    box2.addEventListener("toggle", async () => {
      if (!box2.open || list.childElementCount) return;
      try {
        for (const l of await listLessons()) {
          const a = h("a", { href: `?lesson=${encodeURIComponent(l.id)}${lang !== "en" ? `&lang=${lang}` : ""}` }, text(l.title));
          list.append(h("li", {}, a, " ", h("span", { class: "hint" }, text(l.summary))));
        }
      } catch (e) {
        list.append(h("li", {}, errorLines(e).join("; ")));
      }
    });
    file.addEventListener("change", async () => {
      const f = file.files && file.files[0];
      if (!f) return;
      file.value = "";
      if (f.size > MAX_FILE) return showError(tr("lesson.error", { name: f.name }), [tr("lesson.too-large", { max: MAX_FILE })]);
      await openOwn(await f.text(), f.name);
    });
    load.addEventListener("click", async () => {
      const s2 = source.value.trim();
      if (!s2) return;
      if (s2.startsWith("{")) await openOwn(s2, tr("lesson.pasted"));
      else await openUrl(s2);
    });
    return box2;
  }
  async function openUrl(raw) {
    let url;
    try {
      url = new URL(raw, location.href);
    } catch {
      return showError(tr("lesson.error", { name: raw }), [tr("lesson.bad-url")]);
    }
    if (url.origin !== location.origin) return showError(tr("lesson.error", { name: raw }), [tr("lesson.cross-origin", { origin: location.origin })]);
    try {
      const res = await fetch(url.href, { credentials: "same-origin" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.text();
      if (body.length > MAX_FILE) throw new Error(tr("lesson.too-large", { max: MAX_FILE }));
      return openOwn(body, url.pathname, { url: url.pathname + url.search });
    } catch (e) {
      return showError(tr("lesson.error", { name: raw }), [e.message]);
    }
  }
  async function openOwn(raw, name2, { url = null, boot: boot2 = false } = {}) {
    let data2;
    try {
      data2 = JSON.parse(raw);
    } catch (e) {
      showError(tr("lesson.error", { name: name2 }), [tr("lesson.bad-json", { msg: e.message })]);
      return false;
    }
    try {
      lesson = await checkLesson(data2);
    } catch (e) {
      showError(tr("lesson.error", { name: name2 }), errorLines(e));
      return false;
    }
    errorBox.hidden = true;
    state.lesson = null;
    state.lesson_url = url;
    return begin(0, boot2);
  }
  async function begin(k, boot2) {
    index = networkIndex(lesson);
    loadedNet = -1;
    cur = Math.min(Math.max(0, k), lesson.steps.length - 1);
    render();
    if (boot2) return loadNetwork(index.perStep[cur]);
    await goTo(cur);
    return true;
  }
  async function bodyOf(i) {
    if (offline) return structuredClone(saved.networks[i].request);
    const net = index.networks[i];
    const body = net.preset ? await getPreset(net.preset) : structuredClone(net.cfg);
    if (net.options) body.options = net.options;
    if (net.inputs !== void 0) body.inputs = net.inputs;
    return body;
  }
  async function loadNetwork(i) {
    const net = index.networks[i];
    if (offline) (void 0)(i);
    if (!offline && net.preset && !net.options && net.inputs === void 0) {
      if (!await app2.fillPreset(net.preset)) return false;
    } else app2.form.fill(await bodyOf(i));
    loadedNet = i;
    return true;
  }
  function applyViews() {
    const show = new Set(stepViews(lesson, cur));
    for (const v of VIEWS) for (const el of $$(`[data-hide="${v}"]`)) el.classList.toggle("lesson-off", !show.has(v));
    window.dispatchEvent(new Event("resize"));
  }
  async function applyView() {
    const step = lesson.steps[cur];
    const run = app2.run;
    const hl = step.highlight || {};
    const patch2 = {};
    const unit = step.unit ?? (hl.units && hl.units.length ? hl.units[0] : null);
    if (unit !== null && run && unit < run.H) patch2.unit = unit;
    if (hl.units && hl.units.length) patch2.units = hl.units.join(",");
    if (hl.quantities && hl.quantities.length && run) {
      const q = hl.quantities.filter((x) => x !== "c" || run.cell === "lstm");
      if (q.length) patch2.q = q;
    }
    if (Object.keys(patch2).length) await app2.setView(patch2);
    if (patch2.q) for (const el of $$("#heatmap-quantities input")) el.checked = patch2.q.includes(el.value);
    app2.setStep(Math.min(step.t || 0, run ? run.T - 1 : 0));
  }
  async function goTo(k) {
    cur = Math.min(Math.max(0, k), lesson.steps.length - 1);
    render();
    applyViews();
    const i = index.perStep[cur];
    if (i !== loadedNet) {
      panel.dataset.loading = "1";
      if (await loadNetwork(i)) await app2.runNow();
      delete panel.dataset.loading;
    }
    await applyView();
    remember();
    panel.dataset.step = String(cur);
  }
  function remember() {
    if (offline) return;
    state.lesson = state.lesson_url ? null : lesson.id;
    if (state.lesson_url || lesson.id === params.lesson || state.lesson) state.step = cur;
    syncUrl();
  }
  function watchList(step) {
    const hl = step.highlight || {};
    const items = [];
    const units = [.../* @__PURE__ */ new Set([...step.unit !== void 0 ? [step.unit] : [], ...hl.units || []])];
    if (units.length) items.push(tr(units.length > 1 ? "lesson.watch-units" : "lesson.watch-unit", { units: units.join(", ") }));
    if (hl.quantities && hl.quantities.length) items.push(tr("lesson.watch-quantities", { q: hl.quantities.join(", ") }));
    return items.length ? h("p", { class: "lesson-watch", id: "lesson-watch" }, items.join(" · ")) : null;
  }
  function questionBlock(q) {
    const feedback = h("p", { class: "lesson-feedback", id: "lesson-feedback", role: "status", "aria-live": "polite" });
    const check = h("button", { type: "button", class: "btn btn-primary", id: "lesson-check" }, tr("lesson.check"));
    let read;
    let field;
    if (q.kind === "choice") {
      const name2 = `lesson-q-${cur}`;
      field = h(
        "div",
        { class: "lesson-choices", role: "radiogroup" },
        q.choices.map((c, i) => h("label", { class: "lesson-choice" }, h("input", { type: "radio", name: name2, value: String(i) }), " ", inline2(text(c))))
      );
      read = () => {
        const el = field.querySelector("input:checked");
        return el ? Number(el.value) : null;
      };
    } else {
      field = h("input", { type: "text", inputmode: "decimal", id: "lesson-answer", class: "lesson-answer", autocomplete: "off", "aria-label": tr("lesson.your-answer") });
      read = () => {
        const v = field.value.trim().replace(",", ".");
        return v === "" || !Number.isFinite(Number(v)) ? null : Number(v);
      };
      field.addEventListener("keydown", (e) => {
        if (e.key === "Enter") check.click();
      });
    }
    check.addEventListener("click", () => {
      const v = read();
      if (v === null) {
        feedback.textContent = tr(q.kind === "choice" ? "lesson.pick-one" : "lesson.enter-number");
        feedback.className = "lesson-feedback";
        return;
      }
      const right = q.kind === "choice" ? v === q.answer : Math.abs(v - q.answer) <= q.tolerance;
      feedback.replaceChildren(h("strong", {}, tr(right ? "lesson.right" : "lesson.wrong")), " ", ...inline2(text(right ? q.feedback.right : q.feedback.wrong)));
      feedback.className = `lesson-feedback ${right ? "is-right" : "is-wrong"}`;
      panel.dataset.answered = right ? "right" : "wrong";
    });
    return h("fieldset", { class: "lesson-question", id: "lesson-question" }, h("legend", {}, ...inline2(text(q.prompt))), field, h("div", { class: "lesson-check-row" }, check), feedback);
  }
  function render() {
    const step = lesson.steps[cur];
    const n2 = lesson.steps.length;
    const prev = h("button", { type: "button", class: "btn", id: "lesson-prev", disabled: cur === 0 }, tr("lesson.prev"));
    const next = h("button", { type: "button", class: "btn btn-primary", id: "lesson-next", disabled: cur === n2 - 1 }, tr("lesson.next"));
    prev.addEventListener("click", () => step_(cur - 1));
    next.addEventListener("click", () => step_(cur + 1));
    const dots = h(
      "ol",
      { class: "lesson-dots", "aria-label": tr("lesson.steps") },
      lesson.steps.map((s2, i) => {
        const b = h("button", { type: "button", "aria-label": tr("lesson.step", { k: i + 1, n: n2 }), "aria-current": i === cur ? "step" : false }, String(i + 1));
        b.addEventListener("click", () => step_(i));
        return h("li", {}, b);
      })
    );
    delete panel.dataset.answered;
    const parts = [
      h("header", { class: "lesson-head" }, h("span", { class: "lesson-kicker" }, tr("lesson.kicker")), " ", h("strong", { class: "lesson-title" }, text(lesson.title)), h("span", { class: "lesson-count", id: "lesson-count" }, tr("lesson.step", { k: cur + 1, n: n2 }))),
      step.title ? h("h2", { class: "lesson-step-title", id: "lesson-step-title" }, text(step.title)) : null,
      h("div", { class: "lesson-text", id: "lesson-text", lang }, richText(text(step.text))),
      watchList(step),
      step.question ? questionBlock(step.question) : null,
      h("nav", { class: "lesson-nav", "aria-label": tr("lesson.steps") }, prev, dots, next)
    ];
    panel.replaceChildren(...parts.filter(Boolean));
    panel.hidden = false;
    document.documentElement.dataset.lesson = lesson.id;
  }
  function step_(k) {
    busy = busy.then(() => goTo(k)).catch((e) => console.error(e));
    return busy;
  }
  async function start() {
    if (offline) {
      lesson = saved.lesson;
      return begin(params.step || 0, true);
    }
    if (wanted.id) {
      try {
        lesson = await getLesson(wanted.id);
      } catch (e) {
        showError(tr("lesson.error", { name: wanted.id }), errorLines(e));
        return false;
      }
      return begin(params.step || 0, true);
    }
    let url;
    try {
      url = new URL(wanted.url, location.href);
    } catch {
      url = null;
    }
    if (!url || url.origin !== location.origin) {
      showError(tr("lesson.error", { name: wanted.url }), [tr("lesson.cross-origin", { origin: location.origin })]);
      return false;
    }
    try {
      const res = await fetch(url.href, { credentials: "same-origin" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const ok = await openOwn(await res.text(), url.pathname, { url: wanted.url, boot: true });
      if (ok) {
        cur = Math.min(params.step || 0, lesson.steps.length - 1);
        render();
        return loadNetwork(index.perStep[cur]);
      }
      return false;
    } catch (e) {
      showError(tr("lesson.error", { name: wanted.url }), [e.message]);
      return false;
    }
  }
  async function ready() {
    if (!lesson) return;
    applyViews();
    await applyView();
    remember();
    panel.dataset.step = String(cur);
  }
  window.rnnscopeLesson = Object.freeze({
    goTo: (k) => step_(k),
    get step() {
      return cur;
    },
    get lesson() {
      return lesson;
    }
  });
  return { start: wanted ? start : null, ready };
}

// static/js/lightrun.js
var FIELDS2 = ["h", "c", "gates", "pre_activation", "input_term", "recurrent_term"];
function leftOut(run) {
  const asked = run.body && run.body.options || {};
  const sent = run.meta && run.meta.sent && run.meta.sent.options || {};
  if (asked.trace || !Array.isArray(sent.trace)) return [];
  const all = FIELDS2.filter((f) => (f !== "c" || run.cell === "lstm") && (f !== "gates" || run.cell !== "rnn"));
  return all.filter((f) => !sent.trace.includes(f));
}
function lightRunNote(run) {
  const left = leftOut(run);
  if (!left.length) return null;
  const name2 = (f) => f === "h" || f === "c" ? f : tr(`group.${f}`);
  const asked = run.body && run.body.options || {};
  const kept = run.meta.sent.options.trace.filter((f) => FIELDS2.includes(f)).map(name2).join(", ");
  return tr("lightrun.left-out", {
    kept: kept + (!asked.dtype && run.float32 ? " (float32)" : ""),
    left: left.map(name2).join(", "),
    size: bytes(run.meta.bytes || 0)
  });
}
function bindLightRun() {
  on(EV.RUN_LOADED, ({ run }) => {
    const text2 = lightRunNote(run);
    const box2 = $("#warnings");
    if (!text2 || !box2) return;
    let list = box2.querySelector("ul");
    if (!list) list = box2.appendChild(h("ul", {}));
    list.prepend(h("li", { class: "light-run" }, text2));
    box2.hidden = false;
  });
}

// static/js/frame.js
var MSG = Object.freeze({
  READY: "rnnscope:ready",
  RESIZE: "rnnscope:resize",
  STEP: "rnnscope:step",
  SET_STEP: "rnnscope:set-step",
  PLAY: "rnnscope:play",
  PAUSE: "rnnscope:pause"
});
var MAX_STEP = 1e7;
function readCommand(data2) {
  if (!data2 || typeof data2 !== "object" || Array.isArray(data2)) return null;
  switch (data2.type) {
    case MSG.PLAY:
    case MSG.PAUSE:
      return { type: data2.type };
    case MSG.SET_STEP:
      return Number.isInteger(data2.t) && data2.t >= 0 && data2.t <= MAX_STEP ? { type: MSG.SET_STEP, t: data2.t } : null;
    default:
      return null;
  }
}
function fullPageUrl(st) {
  const q = serialize({ ...st, views: null, autoplay: 0, origin: null, hide: [] });
  return "/" + (q ? "?" + q : "");
}
function logo() {
  return s("svg", { class: "logo", viewBox: "0 0 32 32", "aria-hidden": "true" }, s("rect", { width: 32, height: 32, rx: 7 }), s("path", { d: "M6 22 C10 8, 14 8, 16 16 S22 24, 26 10" }), s("circle", { cx: 16, cy: 16, r: 3 }));
}
function bindFrame(app2, { parent = window.parent, search = location.search } = {}) {
  const url = parse(search);
  const origin = url.origin || null;
  const framed = !!parent && parent !== window;
  const post = (msg) => {
    if (framed) parent.postMessage(msg, origin || "*");
  };
  const root = document.documentElement;
  const hidden = hiddenParts(url, true);
  if (!hidden.has("editor")) root.classList.add("editor-collapsed");
  const title = h("span", { class: "embed-title" });
  const open = h(
    "a",
    { class: "embed-open", href: fullPageUrl(url), target: "_blank", rel: "noopener", title: tr("embed.open-title"), "aria-label": tr("embed.open") },
    h("span", { class: "embed-open-text" }, tr("embed.open")),
    h("span", { "aria-hidden": "true" }, " ↗")
  );
  const edit = hidden.has("editor") ? null : h("button", { type: "button", class: "btn btn-small embed-edit", "aria-controls": "editor", "aria-expanded": "false" }, tr("embed.edit"));
  const bar = h("div", { class: "embed-bar" }, h("span", { class: "embed-brand" }, logo(), "rnnscope"), title, edit, open);
  document.body.prepend(bar);
  if (edit) {
    edit.addEventListener("click", () => {
      app2.toggleEditor();
      const openNow = !root.classList.contains("editor-collapsed");
      edit.setAttribute("aria-expanded", String(openNow));
      edit.textContent = openNow ? tr("editor.hide") : tr("embed.edit");
    });
  }
  const desc = document.getElementById("preset-description");
  if (desc) {
    desc.tabIndex = 0;
    desc.setAttribute("role", "button");
    desc.setAttribute("aria-expanded", "false");
    const toggle = () => desc.setAttribute("aria-expanded", String(desc.classList.toggle("expanded")));
    desc.addEventListener("click", toggle);
    desc.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        toggle();
      }
    });
  }
  const refreshLinks = () => {
    open.href = fullPageUrl(state);
  };
  let lastHeight = -1;
  let queued = false;
  const sendHeight = () => {
    queued = false;
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ type: MSG.RESIZE, height });
    }
  };
  const soon = () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(sendHeight);
    }
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(soon).observe(root);
  window.addEventListener("load", soon);
  soon();
  let lastT = -1;
  let lastRun = null;
  let pendingStep = null;
  let autoplay = url.autoplay === 1 && !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  on(EV.STEP_CHANGED, ({ t }) => {
    const run = app2.run;
    if (t === lastT && run === lastRun) return;
    lastT = t;
    lastRun = run;
    post({ type: MSG.STEP, t, steps: run ? run.T : 0 });
    refreshLinks();
  });
  on(EV.RUN_LOADED, ({ run }) => {
    const sel = document.getElementById("preset-select");
    const opt = sel && sel.selectedOptions[0];
    title.textContent = opt && opt.value ? opt.textContent : tr("title.custom");
    post({ type: MSG.READY, steps: run.T });
    if (pendingStep !== null) {
      app2.setStep(pendingStep);
      pendingStep = null;
    }
    if (autoplay) {
      autoplay = false;
      app2.player.play();
    }
    refreshLinks();
    soon();
  });
  window.addEventListener("message", (e) => {
    if (!framed || e.source !== parent) return;
    if (origin && e.origin !== origin) return;
    const cmd = readCommand(e.data);
    if (!cmd) return;
    if (cmd.type === MSG.SET_STEP) {
      if (app2.run) {
        app2.player.pause();
        app2.setStep(cmd.t);
      } else pendingStep = cmd.t;
    } else if (cmd.type === MSG.PLAY) {
      if (app2.run) app2.player.play();
      else autoplay = true;
    } else if (cmd.type === MSG.PAUSE) {
      autoplay = false;
      app2.player.pause();
    }
  });
  return { post, readCommand };
}

// static/js/offline.js
var SERVER_ONLY = ["#copy-link", "#embed-open", "#download-page", ".preset-picker"];
function readOnlyForm() {
  for (const el of $$("#config-form textarea")) el.readOnly = true;
  for (const el of $$("#config-form input, #config-form select, #config-form button")) el.disabled = true;
  for (const el of $$("#config-form .file-btn")) el.classList.add("is-disabled");
}
function setupOffline(app2) {
  for (const sel of SERVER_ONLY) for (const el of $$(sel)) el.hidden = true;
  app2.toggleEditor();
  const form = $("#config-form");
  if (form) form.prepend(h("p", { class: "note offline-note", id: "offline-note" }, tr("offline.note")));
  const data2 = typeof void 0 === "function" ? (void 0)() : null;
  const footer = $(".footer");
  if (footer && data2) {
    const date = (data2.created || "").slice(0, 10);
    footer.replaceChildren(tr("offline.footer", { version: data2.version, date }));
  }
  const title = h("span", { class: "offline-title" });
  const actions = $(".topbar-actions");
  if (actions) actions.prepend(title);
  on(EV.RUN_LOADED, () => {
    readOnlyForm();
    title.textContent = document.title.replace(/ · rnnscope$/, "");
  });
}

// static/js/embedheight.js
var CHROME2 = 110;
var VIEW_PX = Object.freeze({
  player: 190,
  worked: 700,
  diagram: 425,
  heatmaps: 700,
  lines: 380,
  trajectory: 405,
  // + the hover readout line under the plot (i11-statespace)
  outputs: 540,
  gradients: 740,
  table: 420,
  export: 150
});
function suggestedHeight(views, { gradients = false } = {}) {
  let px = CHROME2;
  for (const v of views) if (v !== "gradients" || gradients) px += VIEW_PX[v] || 0;
  return Math.min(4e3, Math.max(240, Math.ceil(px / 20) * 20));
}

// static/js/share.js
var DEFAULT_HEIGHT = 640;
var LONG_LINK = 2e3;
function escapeAttr(s2) {
  return String(s2).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function embedQuery(st, { views, editor, autoplay }) {
  const hide = st.hide.filter((k) => k !== "editor" && !VIEWS.includes(k));
  if (!editor) hide.push("editor");
  const sameViews = views.length === EMBED_VIEWS.length && EMBED_VIEWS.every((v) => views.includes(v));
  return serialize({ ...st, views: sameViews ? null : views, hide, autoplay: autoplay ? 1 : 0, origin: null });
}
function iframeSnippet(base, query, { height, title }) {
  const src = `${base}/embed${query ? "?" + query : ""}`;
  return `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" width="100%" height="${height}" style="border:0;max-width:100%" loading="lazy" allow="clipboard-write"></iframe>`;
}
function scriptSnippet(base, query, { height }) {
  const params = new URLSearchParams(query);
  const attrs = [];
  for (const [key, attr] of [["preset", "data-preset"], ["t", "data-t"], ["views", "data-views"], ["hide", "data-hide"], ["autoplay", "data-autoplay"], ["lang", "data-lang"]]) {
    if (!params.has(key)) continue;
    attrs.push(`${attr}="${escapeAttr(params.get(key))}"`);
    params.delete(key);
  }
  const rest = params.toString();
  if (rest) attrs.push(`data-state="${escapeAttr(rest)}"`);
  attrs.push(`data-height="${height}"`);
  return `<div class="rnnscope" ${attrs.join(" ")}></div>
<script src="${escapeAttr(base)}/static/embed.js" async><\/script>`;
}
function viewLabel(key) {
  if (key === "player") return tr("player");
  const el = document.querySelector(`[data-hide="${CSS.escape(key)}"] h2`);
  return el ? el.textContent.trim() : key;
}
async function copyText(area, status) {
  area.focus();
  area.select();
  try {
    await navigator.clipboard.writeText(area.value);
    status.textContent = tr("share.copied");
  } catch {
    status.textContent = tr("share.copy-failed");
  }
}
function bindShare(app2, { toast = () => {
} } = {}) {
  const openBtn = $("#embed-open");
  const downloadBtn = $("#download-page");
  let dialog = null;
  let refresh = () => {
  };
  function build() {
    const base = location.origin;
    const present = VIEWS.filter((v) => v === "player" || document.querySelector(`[data-hide="${v}"]`));
    const initial = state.views && state.views.length ? state.views : EMBED_VIEWS;
    const boxes = present.map((v) => {
      const id = `share-view-${v}`;
      const input = h("input", { type: "checkbox", id, value: v, checked: initial.includes(v) });
      return h("span", { class: "chip" }, input, h("label", { for: id }, viewLabel(v)));
    });
    const editor = h("input", { type: "checkbox", id: "share-editor" });
    const autoplay = h("input", { type: "checkbox", id: "share-autoplay" });
    const height = h("input", { type: "number", id: "share-height", min: "240", max: "4000", step: "20", value: String(DEFAULT_HEIGHT), inputmode: "numeric" });
    const iframeArea = h("textarea", { class: "code share-code", id: "share-iframe", rows: "3", readonly: true, spellcheck: "false" });
    const scriptArea = h("textarea", { class: "code share-code", id: "share-script", rows: "3", readonly: true, spellcheck: "false" });
    const iframeStatus = h("span", { class: "hint", role: "status" });
    const scriptStatus = h("span", { class: "hint", role: "status" });
    const longNote = h("p", { class: "note", hidden: true });
    const preview = h("a", { class: "btn btn-small", target: "_blank", rel: "noopener", href: "/embed" }, tr("share.preview"), h("span", { "aria-hidden": "true" }, " ↗"));
    const copyIframe = h("button", { type: "button", class: "btn btn-small", id: "share-copy-iframe", autofocus: true }, tr("share.copy"));
    const copyScript = h("button", { type: "button", class: "btn btn-small", id: "share-copy-script" }, tr("share.copy"));
    const dl = h("button", { type: "button", class: "btn btn-small", id: "share-download" }, tr("share.download"));
    const dlStatus = h("span", { class: "hint", role: "status" });
    const close = h("button", { type: "button", class: "icon-btn share-close", "aria-label": tr("share.close"), title: tr("share.close") }, "×");
    dialog = h(
      "dialog",
      { class: "share-dialog", id: "share-dialog", "aria-labelledby": "share-heading" },
      h("div", { class: "share-head" }, h("h2", { id: "share-heading" }, tr("share.heading")), close),
      h("p", { class: "share-intro" }, tr("share.intro")),
      h("fieldset", { class: "share-views" }, h("legend", {}, tr("share.views")), h("div", { class: "chips" }, boxes)),
      h(
        "fieldset",
        { class: "share-options" },
        h("legend", {}, tr("share.options")),
        h("span", { class: "field-check" }, editor, h("label", { for: "share-editor" }, tr("share.editor"))),
        h("span", { class: "field-check" }, autoplay, h("label", { for: "share-autoplay" }, tr("share.autoplay"))),
        h("span", { class: "share-height" }, h("label", { for: "share-height" }, tr("share.height")), height)
      ),
      h("section", { class: "share-block" }, h("div", { class: "share-block-head" }, h("label", { for: "share-iframe" }, tr("share.iframe")), preview, copyIframe), iframeArea, iframeStatus),
      h("section", { class: "share-block" }, h("div", { class: "share-block-head" }, h("label", { for: "share-script" }, tr("share.script")), copyScript), scriptArea, scriptStatus),
      h("section", { class: "share-block" }, h("div", { class: "share-block-head" }, h("span", {}, tr("share.standalone")), dl), dlStatus),
      longNote,
      h("p", { class: "hint" }, tr("share.oembed"))
    );
    document.body.append(dialog);
    refresh = () => {
      const views = $$("input[type=checkbox]", dialog.querySelector(".share-views")).filter((i) => i.checked).map((i) => i.value);
      const query = embedQuery(state, { views, editor: editor.checked, autoplay: autoplay.checked });
      if (!height.dataset.touched) height.value = String(suggestedHeight(views, { gradients: !!(app2.run && app2.run.gradients) }));
      const hgt = Math.max(240, Math.min(4e3, Math.round(+height.value || DEFAULT_HEIGHT)));
      const sel = $("#preset-select");
      const name2 = sel && sel.value ? sel.selectedOptions[0].textContent : tr("title.custom");
      iframeArea.value = iframeSnippet(base, query, { height: hgt, title: `rnnscope: ${name2}` });
      scriptArea.value = scriptSnippet(base, query, { height: hgt });
      preview.href = `/embed${query ? "?" + query : ""}`;
      iframeStatus.textContent = "";
      scriptStatus.textContent = "";
      const link = base.length + 7 + query.length;
      longNote.hidden = !(state.cfg && link > LONG_LINK);
      longNote.textContent = longNote.hidden ? "" : tr("share.long-link", { size: bytes(link) });
    };
    dialog.addEventListener("change", refresh);
    dialog.addEventListener("input", (e) => {
      if (e.target === height) {
        height.dataset.touched = "1";
        refresh();
      }
    });
    copyIframe.addEventListener("click", () => copyText(iframeArea, iframeStatus));
    copyScript.addEventListener("click", () => copyText(scriptArea, scriptStatus));
    dl.addEventListener("click", () => downloadPage(dl, (text2) => dlStatus.textContent = text2));
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("click", (e) => {
      if (e.target === dialog) dialog.close();
    });
  }
  function openDialog() {
    if (!dialog) build();
    refresh();
    dialog.showModal();
  }
  async function downloadPage(btn, say = toast) {
    const run = app2.run;
    if (!run) return;
    btn.disabled = true;
    say(tr("share.building"));
    const preset = state.preset || "";
    const view = serialize({ ...state, preset: null, cfg: null, origin: null, autoplay: 0, lang: null });
    try {
      const { blob, filename } = await standalonePage(run.body, { preset, state: view, lang });
      download(blob, filename);
      say(tr("share.saved", { name: filename, size: bytes(blob.size) }));
    } catch (e) {
      say(tr("share.failed", { msg: e.message }));
    } finally {
      btn.disabled = false;
    }
  }
  openBtn.addEventListener("click", openDialog);
  downloadBtn.addEventListener("click", () => downloadPage(downloadBtn));
  return { openDialog, downloadPage };
}

// static/js/modes.js
function languageSwitch() {
  const footer = $(".footer");
  if (!footer) return;
  const links = LANGS.filter((l) => l !== lang).map((l) => h("a", { href: urlInLang(l), lang: l, hreflang: l, class: "lang-link" }, tr(`lang.${l}`)));
  for (const a of links) a.addEventListener("click", () => a.href = urlInLang(a.lang));
  footer.append(" · ", ...links);
}
function setupMode(app2) {
  const mode2 = document.documentElement.dataset;
  if (mode2.embed) bindFrame(app2);
  else if (mode2.standalone) setupOffline(app2);
  else bindShare(app2, { toast: app2.toast });
  languageSwitch();
}

// static/js/modelinputs.js
var InputProblem = class extends Error {
};
var fail = (key, params) => {
  throw new InputProblem(tr(key, params));
};
function parseIds(text2, V = null) {
  const src = String(text2).trim();
  if (!src) fail("openmodel.ids-empty");
  let seqs;
  if (src.startsWith("[")) {
    let v;
    try {
      v = JSON.parse(src);
    } catch (e) {
      fail("openmodel.ids-json", { msg: e.message });
    }
    if (!Array.isArray(v) || !v.length) fail("openmodel.ids-empty");
    seqs = Array.isArray(v[0]) ? v : [v];
    seqs.forEach((s2, b) => {
      if (!Array.isArray(s2)) fail("openmodel.ids-not-list", { b });
    });
  } else {
    seqs = src.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length).map((line) => line.split(/[\s,;]+/).filter(Boolean));
  }
  return seqs.map((s2, b) => {
    if (!s2.length) fail("openmodel.ids-empty-row", { b });
    return s2.map((raw, t) => {
      const n2 = typeof raw === "number" ? raw : /^[+-]?\d+$/.test(String(raw)) ? Number(raw) : NaN;
      if (!Number.isInteger(n2) || n2 < 0) fail("openmodel.ids-bad", { v: String(raw), b, t });
      if (V !== null && n2 >= V) fail("openmodel.ids-range", { v: n2, b, t, max: V - 1 });
      return n2;
    });
  });
}
function splitText(text2, split) {
  return split === "words" ? String(text2).split(/\s+/).filter(Boolean) : [...String(text2)];
}
function checkText(text2, vocabulary, split, multi) {
  const texts = multi ? String(text2).split(/\r?\n/).filter((l) => l.length) : [String(text2)];
  if (!texts.length || !texts.some((s2) => splitText(s2, split).length)) fail("openmodel.text-empty");
  const known = new Set(vocabulary || []);
  const unknown = [];
  if (vocabulary) {
    texts.forEach(
      (s2, b) => splitText(s2, split).forEach((token, t) => {
        if (!known.has(token) && unknown.length < 5) unknown.push({ token, b, t });
      })
    );
  }
  return { texts, unknown };
}
function splitCsvLine(line, sep) {
  const out = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}
var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity)$|^nan$/i;
function parseCsv(text2, I = null) {
  const lines2 = String(text2).replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const first = lines2.find((l) => l.trim().length) || "";
  const sep = first.includes("	") ? "	" : first.includes(";") && !first.includes(",") ? ";" : ",";
  let header = null;
  let width = null;
  const values = [];
  lines2.forEach((line, n2) => {
    if (!line.trim() || line.trim().startsWith("#")) return;
    const fields = splitCsvLine(line, sep);
    const lineNo = n2 + 1;
    if (header === null && !values.length && fields.some((f) => !NUMBER.test(f))) {
      header = fields;
      width = fields.length;
      return;
    }
    if (width === null) width = fields.length;
    if (fields.length !== width) fail("openmodel.csv-width", { line: lineNo, n: fields.length, want: width });
    values.push(
      fields.map((f, c) => {
        const name2 = header && header[c] ? ` ‘${header[c].slice(0, 40)}’` : "";
        if (f === "") fail("openmodel.csv-empty-cell", { line: lineNo, col: c + 1, name: name2 });
        if (!NUMBER.test(f)) fail("openmodel.csv-not-number", { line: lineNo, col: c + 1, name: name2, v: f.slice(0, 40) });
        const v = Number(f.replace(/^([+-]?)inf(inity)?$/i, "$1Infinity"));
        if (!Number.isFinite(v)) fail("openmodel.csv-not-finite", { line: lineNo, col: c + 1, name: name2, v: f });
        return v;
      })
    );
  });
  if (!values.length) fail("openmodel.csv-no-rows");
  if (I !== null && width !== I) fail("openmodel.csv-columns", { n: width, want: I });
  return { values, header, T: values.length, I: width };
}

// static/js/openmodel.js
var ACCEPT = Object.freeze([".pt", ".pth", ".bin", ".keras", ".h5", ".onnx", ".data", ".safetensors", ".npz", ".json", ".txt", ".csv"]);
var SAMPLE = 5;
var ext = (name2) => {
  const m = /\.[^.]+$/.exec(String(name2).toLowerCase());
  return m ? m[0] : "";
};
var CELL_NAME = { rnn: "RNN", lstm: "LSTM", gru: "GRU" };
function describeModel(model) {
  const parts = [];
  if (model.embedding) parts.push(`Embedding(${model.embedding.num_embeddings}→${model.embedding.embedding_dim})`);
  const layers = Array.isArray(model.layers) && model.layers.length ? model.layers : Array.from({ length: model.num_layers || 1 }, () => ({ direction: model.bidirectional ? "bidirectional" : "forward" }));
  for (const l of layers) {
    const cell2 = `${CELL_NAME[l.cell || model.cell] || model.cell}(${l.hidden_size || model.hidden_size})`;
    if (l.direction === "bidirectional") parts.push(`Bidirectional(${cell2}, ${l.merge_mode || "concat"})`);
    else if (l.direction === "reverse") parts.push(`${cell2} ←`);
    else parts.push(cell2);
  }
  const head = Array.isArray(model.head) ? model.head : model.readout ? [model.readout] : [];
  for (const d of head) {
    const act = d.activation && typeof d.activation === "object" ? d.activation.name : d.activation;
    parts.push(act && act !== "identity" && act !== "linear" ? `Dense(${d.size}, ${act})` : `Dense(${d.size})`);
  }
  return parts.join(" → ");
}
function inputKinds(answer) {
  const m = answer.model || {};
  if (m.embedding) return Array.isArray(answer.vocabulary) && answer.vocabulary.length ? ["ids", "text"] : ["ids"];
  return ["numbers"];
}
function guessSplit(vocabulary) {
  if (!Array.isArray(vocabulary) || !vocabulary.length) return "chars";
  const sample = vocabulary.slice(0, 200);
  const long = sample.filter((t) => [...String(t)].length > 1).length;
  return long > sample.length / 2 ? "words" : "chars";
}
function bindOpenModel(app2) {
  const root = document.documentElement;
  const card = $("#model-card");
  const picker = $("#open-model-file");
  if (!card || !picker) return null;
  if (root.dataset.standalone) {
    for (const el of [$("#open-model"), $("#w-open")]) if (el) el.hidden = true;
    return null;
  }
  picker.accept = ACCEPT.join(",");
  picker.multiple = true;
  let opened = null;
  let problem = null;
  let mine = false;
  let reading = null;
  let fields = null;
  let csv = null;
  for (const btn of [$("#open-model"), $("#w-open")]) if (btn) btn.addEventListener("click", () => picker.click());
  picker.addEventListener("change", () => {
    const files = Array.from(picker.files || []);
    picker.value = "";
    if (files.length) openFiles(files);
  });
  const overlay = h(
    "div",
    { id: "drop-overlay", class: "drop-overlay", "aria-hidden": "true", hidden: true },
    h("div", { class: "drop-box" }, h("strong", {}, tr("openmodel.drop")), h("span", {}, ACCEPT.join(" ")))
  );
  document.body.append(overlay);
  let depth = 0;
  const hasFiles = (e) => !!e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files");
  const hide = () => {
    depth = 0;
    overlay.hidden = true;
    root.classList.remove("dropping");
  };
  window.addEventListener(
    "dragenter",
    (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth += 1;
      overlay.hidden = false;
      root.classList.add("dropping");
    },
    true
  );
  window.addEventListener(
    "dragover",
    (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    },
    true
  );
  window.addEventListener(
    "dragleave",
    (e) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (!depth) hide();
    },
    true
  );
  window.addEventListener(
    "drop",
    (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      hide();
      const files = Array.from(e.dataTransfer.files || []);
      if (files.length) openFiles(files);
    },
    true
  );
  window.addEventListener("keydown", (e) => e.key === "Escape" && !overlay.hidden && hide());
  async function openFiles(files) {
    const unknown = files.filter((f) => !ACCEPT.includes(ext(f.name)));
    if (unknown.length) {
      problem = { names: files.map((f) => f.name), messages: [tr("openmodel.bad-extension", { name: unknown[0].name, list: ACCEPT.join(" ") })] };
      return render();
    }
    const csvs = files.filter((f) => ext(f.name) === ".csv");
    const models = files.filter((f) => ext(f.name) !== ".csv");
    if (models.length) {
      reading = models.map((f) => f.name);
      problem = null;
      render();
      try {
        const answer = await importModel(models);
        opened = { names: reading, answer };
        csv = null;
      } catch (e) {
        opened = null;
        problem = { names: reading, messages: (e.detail || [{ msg: e.message }]).map((d) => d.msg) };
      }
      reading = null;
      render();
    }
    if (csvs.length) await loadCsv(csvs[0]);
    focusCard();
  }
  async function loadCsv(file) {
    const text2 = await file.text();
    if (!opened || inputKinds(opened.answer)[0] !== "numbers") {
      try {
        const parsed = parseCsv(text2);
        app2.form.fields.kindNumbers.checked = true;
        app2.form.fields.inNumbers.value = JSON.stringify(parsed.values);
        app2.form.updateVisibility();
        app2.toast(tr("openmodel.csv-to-editor", { name: file.name, t: parsed.T, i: parsed.I }));
      } catch (e) {
        problem = { names: [file.name], messages: [e.message] };
        render();
      }
      return;
    }
    fields.kind.numbers.checked = true;
    fields.csvText.value = text2;
    fields.csvName = file.name;
    showKind();
    previewCsv();
  }
  function focusCard() {
    const title = card.querySelector("h2");
    if (!title) return;
    card.scrollIntoView({ block: "nearest" });
    title.focus({ preventScroll: true });
  }
  function render() {
    fields = null;
    if (!opened && !problem && !reading) {
      card.hidden = true;
      return replaceChildren(card);
    }
    card.hidden = false;
    const names = (reading || (problem && !opened ? problem.names : opened.names)).join(" + ");
    const close = h("button", { type: "button", class: "btn btn-tiny model-card-close", "aria-label": tr("openmodel.close") }, "×");
    close.addEventListener("click", () => {
      opened = null;
      problem = null;
      render();
    });
    const head = h(
      "header",
      { class: "panel-head" },
      h("h2", { id: "h-model-card", tabindex: "-1" }, tr(reading ? "openmodel.reading" : opened ? "openmodel.title" : "openmodel.failed")),
      h("span", { class: "model-files" }, names),
      close
    );
    const parts = [head];
    if (reading) parts.push(h("p", { class: "hint", role: "status" }, tr("openmodel.reading-files", { names })));
    if (problem) parts.push(h("div", { class: "field-errors model-error", role: "alert" }, problem.messages.map((m) => h("p", { class: "field-error" }, m))));
    if (opened && !reading) parts.push(...describe(opened.answer), inputsForm(opened.answer), h("div", { class: "model-result", id: "model-result" }));
    replaceChildren(card, parts);
    if (fields) showKind();
  }
  function describe(answer) {
    const m = answer.model || {};
    const summary = answer.summary || describeModel(m);
    const vocab = Array.isArray(answer.vocabulary) ? answer.vocabulary : null;
    const kinds = inputKinds(answer);
    const facts = [];
    const fact = (k, v) => facts.push(h("dt", {}, tr(k)), h("dd", {}, v));
    if (m.embedding) {
      const V = m.embedding.num_embeddings;
      fact("openmodel.vocabulary", vocab ? tr("openmodel.tokens", { n: vocab.length.toLocaleString("en") }) : tr("openmodel.no-vocabulary", { n: V.toLocaleString("en") }));
      fact(
        "openmodel.wants",
        kinds.includes("text") ? tr("openmodel.wants-ids-text", { max: V - 1, split: tr(`openmodel.split-${guessSplit(vocab)}`) }) : tr("openmodel.wants-ids", { max: V - 1 })
      );
    } else {
      fact("openmodel.wants", tr("openmodel.wants-numbers", { i: m.input_size }));
    }
    const headOn = m.head_on === "final" ? "openmodel.head-on-final" : "openmodel.head-on-step";
    if (m.head || m.readout) fact("openmodel.head", tr(headOn));
    const out = [
      h("p", { class: "model-summary" }, h("code", { class: "model-summary-text" }, summary)),
      h("dl", { class: "model-facts" }, facts)
    ];
    const warnings = Array.isArray(answer.warnings) ? answer.warnings : [];
    if (warnings.length) {
      out.push(h("div", { class: "model-warnings", role: "note" }, h("p", { class: "hint" }, tr("openmodel.warnings", { n: warnings.length })), h("ul", {}, warnings.map((w) => h("li", {}, String(w))))));
    }
    return out;
  }
  function inputsForm(answer) {
    const m = answer.model || {};
    const vocab = Array.isArray(answer.vocabulary) ? answer.vocabulary.map(String) : null;
    const kinds = inputKinds(answer);
    const V = m.embedding ? m.embedding.num_embeddings : null;
    const radio = (kind2) => {
      const input = h("input", { type: "radio", name: "om-kind", id: `om-kind-${kind2}`, value: kind2, checked: kind2 === kinds[0] });
      input.addEventListener("change", showKind);
      return input;
    };
    const kind = { ids: radio("ids"), text: radio("text"), numbers: radio("numbers") };
    const seg = h(
      "fieldset",
      { class: "segmented" },
      h("legend", { class: "visually-hidden" }, tr("inputs.kind")),
      kinds.map((k) => [kind[k], h("label", { for: `om-kind-${k}` }, tr(`openmodel.kind-${k}`))])
    );
    const sampleIds = V ? Array.from({ length: Math.min(SAMPLE, V) }, (_, k) => V > SAMPLE ? k + 1 : k).join(" ") : "";
    const ids = h("textarea", { id: "om-ids", rows: "2", class: "code", spellcheck: "false", autocomplete: "off", "aria-describedby": "om-ids-hint" });
    ids.value = sampleIds;
    const idsBox = h(
      "div",
      { class: "field", dataset: { kind: "ids" } },
      h("label", { for: "om-ids" }, tr("openmodel.ids-label")),
      ids,
      h("small", { id: "om-ids-hint", class: "hint" }, V ? tr("openmodel.ids-hint", { max: V - 1 }) : "")
    );
    const split = guessSplit(vocab);
    const text2 = h("textarea", { id: "om-text", rows: "2", spellcheck: "false", autocomplete: "off" });
    if (vocab) text2.value = vocab.slice(1, 1 + SAMPLE).join(split === "words" ? " " : "");
    const splitSel = h(
      "select",
      { id: "om-split" },
      ["chars", "words"].map((s2) => {
        const o = h("option", { value: s2 }, tr(`openmodel.split-${s2}`));
        if (s2 === split) o.selected = true;
        return o;
      })
    );
    const textBox = h(
      "div",
      { class: "field", dataset: { kind: "text" } },
      h("label", { for: "om-text" }, tr("openmodel.text-label", { n: vocab ? vocab.length : 0 })),
      text2,
      h("label", { class: "inline-label" }, h("span", {}, tr("openmodel.split")), splitSel)
    );
    const csvFile = h("input", { type: "file", id: "om-csv-file", class: "visually-hidden", accept: ".csv,.txt,text/csv", tabindex: "-1" });
    const csvBtn = h("button", { type: "button", class: "btn btn-small" }, tr("openmodel.csv-load"));
    csvBtn.addEventListener("click", () => csvFile.click());
    csvFile.addEventListener("change", () => {
      const f = csvFile.files && csvFile.files[0];
      csvFile.value = "";
      if (f) loadCsv(f);
    });
    const csvText = h("textarea", { id: "om-csv", rows: "4", class: "code", spellcheck: "false", autocomplete: "off", placeholder: "x1,x2\n0.5,1\n0.25,-1" });
    const csvInfo = h("small", { class: "hint", id: "om-csv-info", role: "status" });
    let typing = null;
    csvText.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => previewCsv(), 300);
    });
    const numbersBox = h(
      "div",
      { class: "field", dataset: { kind: "numbers" } },
      h("label", { for: "om-csv" }, tr("openmodel.csv-label", { i: m.input_size ?? "I" })),
      csvText,
      h("div", { class: "row-actions" }, csvBtn, csvFile, csvInfo)
    );
    const headBox = headSettings(answer);
    const error = h("div", { class: "field-errors", id: "om-error", role: "alert" });
    const run = h("button", { type: "submit", class: "btn btn-primary", id: "om-run" }, tr("run"));
    const form = h("form", { class: "model-inputs", novalidate: true }, seg, idsBox, textBox, numbersBox, headBox ? headBox.el : null, error, h("div", { class: "form-actions" }, run));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      runModel();
    });
    fields = { head: headBox, kind, kinds, ids, text: text2, splitSel, csvText, csvInfo, csvName: null, error, boxes: { ids: idsBox, text: textBox, numbers: numbersBox }, vocab, V };
    return form;
  }
  function headSettings(answer) {
    const m = answer.model || {};
    const layers = Array.isArray(m.head) ? m.head : m.readout ? [m.readout] : null;
    if (!layers || !layers.length) return null;
    const select = (id, options, value) => {
      const sel = h("select", { id }, options.map(([v, text2]) => h("option", { value: v }, text2)));
      sel.value = options.some(([v]) => v === value) ? value : options[0][0];
      return sel;
    };
    const on2 = select("om-head-on", [["every_step", tr("openmodel.head-on-step")], ["final", tr("openmodel.head-on-final-short")]], m.head_on || "every_step");
    const actName2 = (a) => (a && typeof a === "object" ? a.name : a) || "identity";
    const acts = layers.map((d, k) => {
      const names = ["identity", "relu", "sigmoid", "tanh", "softmax"];
      const current = actName2(d.activation);
      if (!names.includes(current)) names.push(current);
      return select(`om-head-act-${k}`, names.map((n2) => [n2, n2 === "identity" ? tr("act.identity") : n2]), current);
    });
    const el = h(
      "details",
      { class: "model-head-settings", open: Array.isArray(answer.warnings) && answer.warnings.length > 0 },
      h("summary", {}, tr("openmodel.head-settings")),
      h("label", { class: "inline-label", for: "om-head-on" }, tr("openmodel.head-runs"), on2),
      acts.map((sel, k) => h("label", { class: "inline-label", for: sel.id }, tr("openmodel.head-act", { k: k + 1, n: layers[k].size ?? "?" }), sel))
    );
    const model = () => {
      const out = structuredClone(m);
      const list = Array.isArray(out.head) ? out.head : [out.readout];
      acts.forEach((sel, k) => {
        if (sel.value !== actName2(layers[k].activation)) list[k].activation = sel.value;
      });
      if (on2.value === "final" || out.head_on) out.head_on = on2.value;
      return out;
    };
    return { el, model };
  }
  function showKind() {
    if (!fields) return;
    for (const [k, box2] of Object.entries(fields.boxes)) box2.hidden = !(fields.kinds.includes(k) && fields.kind[k].checked);
  }
  function currentKind() {
    return fields.kinds.find((k) => fields.kind[k].checked) || fields.kinds[0];
  }
  function previewCsv() {
    if (!fields) return null;
    fields.error.replaceChildren();
    const I = opened.answer.model.input_size ?? null;
    try {
      csv = parseCsv(fields.csvText.value, I);
      fields.csvInfo.textContent = tr("openmodel.csv-read", { name: fields.csvName || "CSV", t: csv.T, i: csv.I, header: csv.header ? tr("openmodel.csv-header") : "" });
      return csv;
    } catch (e) {
      csv = null;
      fields.csvInfo.textContent = "";
      if (!(e instanceof InputProblem)) throw e;
      showProblem(e.message);
      return null;
    }
  }
  function showProblem(msg) {
    replaceChildren(fields.error, h("p", { class: "field-error" }, msg));
  }
  function readInputs() {
    const kind = currentKind();
    if (kind === "ids") {
      const rows = parseIds(fields.ids.value, fields.V);
      const T = Math.max(...rows.map((r) => r.length));
      if (rows.length === 1) return { inputs: { ids: rows[0] } };
      const same = rows.every((r) => r.length === T);
      const padded = rows.map((r) => [...r, ...Array(T - r.length).fill(0)]);
      return same ? { inputs: { ids: padded } } : { inputs: { ids: padded }, lengths: rows.map((r) => r.length) };
    }
    if (kind === "text") {
      const split = fields.splitSel.value;
      const { texts, unknown } = checkText(fields.text.value, fields.vocab, split, false);
      if (unknown.length) {
        const u = unknown[0];
        throw new InputProblem(tr(split === "words" ? "openmodel.unknown-word" : "openmodel.unknown-char", { token: u.token, t: u.t, more: unknown.length > 1 ? tr("openmodel.and-more") : "" }));
      }
      if (!splitText(texts[0], split).length) throw new InputProblem(tr("openmodel.text-empty"));
      return { inputs: split === "words" ? { text: texts[0], split } : { text: texts[0] } };
    }
    const parsed = previewCsv();
    if (!parsed) throw new InputProblem(fields.error.textContent || tr("openmodel.csv-no-rows"));
    return { inputs: parsed.values };
  }
  async function runModel() {
    if (!opened || !fields) return false;
    fields.error.replaceChildren();
    let extra;
    try {
      extra = readInputs();
    } catch (e) {
      if (!(e instanceof InputProblem)) throw e;
      showProblem(e.message);
      return false;
    }
    const { summary: _s, warnings: _w, ...a } = opened.answer;
    const body = { ...a, model: fields.head ? fields.head.model() : a.model, ...extra };
    app2.form.fill(body);
    mine = true;
    return app2.runNow({ fromUser: true });
  }
  on(EV.RUN_FAILED, ({ error }) => {
    if (!mine || !fields) return;
    mine = false;
    const msgs = (error.detail || [{ msg: error.message }]).map((d) => {
      const loc = (d.loc || []).filter((p) => p !== "body");
      return loc.length ? `${loc.join(" › ")}: ${d.msg}` : d.msg;
    });
    replaceChildren(fields.error, msgs.map((m) => h("p", { class: "field-error" }, m)));
  });
  on(EV.RUN_LOADED, ({ run }) => {
    const wasMine = mine;
    mine = false;
    if (!wasMine) {
      if (opened || problem) {
        opened = null;
        problem = null;
        render();
      }
      return;
    }
    const box2 = $("#model-result");
    if (box2) replaceChildren(box2, result(run));
  });
  function result(run) {
    if (run.y_final) {
      const rows = Array.from(
        { length: run.B },
        (_, b) => h("tr", {}, h("th", { scope: "row" }, run.B > 1 ? tr("sequence.n", { b }) : "y_final"), h("td", { class: "num" }, Array.from(run.y_final.row(b), (v) => fmt(v, 6)).join(", ")))
      );
      return [h("p", { class: "hint" }, tr("openmodel.y-final-caption")), h("table", { class: "values model-yfinal" }, h("tbody", {}, rows))];
    }
    if (run.y) return h("p", { class: "hint" }, tr("openmodel.y-steps", { t: run.T }));
    return null;
  }
  return {
    openFiles,
    runModel,
    get opened() {
      return opened;
    }
  };
}

// static/js/stale.js
function bindStale(app2) {
  const form = app2.form.fields.form;
  const root = document.documentElement;
  const note = h("span", { class: "stale-note", id: "stale-note", role: "status" });
  $(".form-actions").append(note);
  const runBtn = h("button", { type: "button", class: "btn btn-small btn-primary stale-run" }, tr("stale.run"));
  const chip = h("p", { class: "stale-chip", id: "stale-chip", hidden: true }, h("span", {}, tr("stale.note")), " ", runBtn);
  $("#player").append(chip);
  runBtn.addEventListener("click", () => app2.runNow({ fromUser: true }));
  let shownBody = null;
  function set(stale2) {
    root.dataset.stale = stale2 ? "1" : "0";
    note.textContent = stale2 ? tr("stale.note") : "";
    chip.hidden = !stale2;
  }
  function check() {
    if (shownBody === null) return;
    let now;
    try {
      now = JSON.stringify(app2.form.read());
    } catch {
      set(true);
      return;
    }
    set(now !== shownBody);
  }
  const shownRun = ({ run }) => {
    shownBody = JSON.stringify(run.body);
    check();
  };
  on(EV.RUN_LOADED, shownRun);
  on(EV.RUN_LIVE, shownRun);
  form.addEventListener("input", check);
  form.addEventListener("change", check);
  const mark = () => set(true);
  return { check, mark };
}

// static/js/editmap.js
var IN_PLACE = Object.freeze(["canonical", "pytorch", "book"]);
function parseRef(ref) {
  const p = ref.split(":");
  const n2 = (i) => Number(p[i]);
  if (p[0] === "w") return { kind: "w", l: n2(1), d: n2(2), m: p[3], g: p[4], r: n2(5), c: n2(6) };
  if (p[0] === "ro") return { kind: "ro", m: p[1], r: n2(2), c: n2(3) };
  if (p[0] === "x") return { kind: "x", b: n2(1), t: n2(2), k: n2(3) };
  if (p[0] === "h0" || p[0] === "c0") return { kind: p[0], s: n2(1), b: n2(2), k: n2(3) };
  throw new Error(`unknown parameter ${ref}`);
}
function mapsInPlace(body, model, ref) {
  const q = parseRef(ref);
  if (q.kind !== "w" && q.kind !== "ro") return true;
  try {
    return locate(body.weights, model, q) !== null;
  } catch {
    return false;
  }
}
function getValue(body, model, ref) {
  const loc = where(body, model, parseRef(ref), false);
  return loc ? loc.get() : void 0;
}
function setValue(body, model, ref, v) {
  const loc = where(body, model, parseRef(ref), true);
  if (!loc) throw new Error(`cannot edit ${ref} in this request`);
  loc.set(v);
}
function cell(arr, i) {
  return { get: () => arr[i], set: (v) => arr[i] = v };
}
function where(body, model, q, create2) {
  if (q.kind === "w" || q.kind === "ro") return locate(body.weights, model, q, create2);
  if (q.kind === "x") return inputCell(body, q);
  return stateCell(body, model, q, create2);
}
function dirKey(layer, d) {
  if (d === 1) return "backward";
  return layer.forward ? "forward" : layer.reverse ? "reverse" : "forward";
}
function locate(w, model, q, create2 = false) {
  const gates = GATES[model.cell];
  const gi = q.kind === "w" ? gates.indexOf(q.g) : -1;
  if (q.kind === "w" && gi < 0) return null;
  const fmt2 = w.format || "pytorch";
  if (fmt2 === "canonical") {
    if (q.kind === "ro") {
      const ro = w.readout;
      if (!ro) return null;
      return q.m === "W" ? cell(ro.W[q.r], q.c) : Array.isArray(ro.b) ? cell(ro.b, q.r) : null;
    }
    const layer = w.layers && w.layers[q.l];
    const p = layer && layer[dirKey(layer, q.d)];
    if (!p) return null;
    if (p.W_x || !p.W_ih) {
      if (!p[q.m] && q.m === "b_h" && create2) p.b_h = {};
      const blk = p[q.m];
      if (!blk) return null;
      if (!blk[q.g] && q.m === "b_h" && create2) blk[q.g] = new Array(p.W_x[q.g].length).fill(0);
      const m2 = blk[q.g];
      if (!Array.isArray(m2)) return null;
      return q.m.startsWith("W") ? Array.isArray(m2[q.r]) ? cell(m2[q.r], q.c) : null : cell(m2, q.r);
    }
    const key = { W_x: "W_ih", W_h: "W_hh", b_x: "b_ih", b_h: "b_hh" }[q.m];
    const H = p.W_ih.length / gates.length;
    const m = p[key];
    if (!Array.isArray(m)) return null;
    const row = gi * H + q.r;
    return q.m.startsWith("W") ? Array.isArray(m[row]) ? cell(m[row], q.c) : null : cell(m, row);
  }
  if (fmt2 === "pytorch") {
    if (q.kind === "ro") {
      const ro = w.readout;
      if (!ro) return null;
      return q.m === "W" ? cell(ro.weight[q.r], q.c) : Array.isArray(ro.bias) ? cell(ro.bias, q.r) : null;
    }
    const sd = w.state_dict || {};
    const name2 = { W_x: "weight_ih", W_h: "weight_hh", b_x: "bias_ih", b_h: "bias_hh" }[q.m] + `_l${q.l}${q.d === 1 ? "_reverse" : ""}`;
    const keys = Object.keys(sd).filter((k) => k === name2 || k.endsWith("." + name2));
    if (keys.length !== 1) return null;
    const m = sd[keys[0]];
    if (!Array.isArray(m)) return null;
    const H = m.length / gates.length;
    const row = gi * H + q.r;
    return q.m.startsWith("W") ? Array.isArray(m[row]) ? cell(m[row], q.c) : null : cell(m, row);
  }
  if (fmt2 === "book") {
    if (q.kind === "ro") {
      if (q.m === "W") return Array.isArray(w.w_output) && Array.isArray(w.w_output[q.c]) ? cell(w.w_output[q.c], q.r) : null;
      if (typeof w.b_output === "number") return q.r === 0 ? { get: () => w.b_output, set: (v) => w.b_output = v } : null;
      return Array.isArray(w.b_output) ? cell(w.b_output, q.r) : null;
    }
    if (q.l !== 0 || q.d !== 0) return null;
    if (q.m === "W_h") return cell(w.w_cell_state[q.c], q.r);
    if (q.m === "W_x") return Array.isArray(w.w_cell_input[0]) ? cell(w.w_cell_input[q.c], q.r) : q.c === 0 ? cell(w.w_cell_input, q.r) : null;
    if (q.m === "b_x") return cell(w.b_cell, q.r);
    return null;
  }
  return null;
}
function inputCell(body, q) {
  const x = body.inputs;
  if (!Array.isArray(x) || !x.length) return null;
  if (Array.isArray(x[0]) && Array.isArray(x[0][0])) return cell(x[q.b][q.t], q.k);
  if (q.b !== 0) return null;
  if (Array.isArray(x[0])) return cell(x[q.t], q.k);
  return q.k === 0 ? cell(x, q.t) : null;
}
function stateCell(body, model, q, create2) {
  const key = q.kind === "h0" ? "h" : "c";
  let st = body.initial_state && body.initial_state[key];
  if (!st) {
    if (!create2) return { get: () => 0, set: () => {
    } };
    const LD = (model.num_layers || 1) * (model.bidirectional ? 2 : 1);
    const K = key === "h" && model.proj_size ? model.proj_size : model.hidden_size;
    st = Array.from({ length: LD }, () => new Array(K).fill(0));
    body.initial_state = { ...body.initial_state || {}, [key]: st };
  }
  const s2 = st[q.s];
  if (!Array.isArray(s2)) return null;
  if (Array.isArray(s2[0])) return cell(s2[q.b], q.k);
  if (create2 && q.b > 0) {
    return null;
  }
  return cell(s2, q.k);
}

// static/js/forward.js
var READOUTS = ["identity", "softmax", "sigmoid", "tanh"];
function browserForwardOk(run) {
  if (!run || !run.canon || !run.x || run.float32 || run.gradients) return false;
  const m = run.model;
  const body = run.body || {};
  if (m.embedding || m.head || m.layers || run.lengths || run.embedding || run.head) return false;
  if (body.options && body.options.gradients) return false;
  if (m.head_on && m.head_on !== "every_step") return false;
  if (m.readout && !READOUTS.includes(m.readout.activation || "identity")) return false;
  if (m.readout && !run.canon.readout) return false;
  const c = run.canon;
  if (c.layers.length !== run.L) return false;
  for (const layer of c.layers) {
    if (layer.length !== run.D) return false;
    for (const p of layer) if (p.P) return false;
  }
  return run.x.shape[0] === run.B && run.x.shape[1] === run.T;
}
var zeros = (...shape) => new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);
function browserForward(run) {
  const m = run.model;
  const { B, T, L, D, H, P: P2 } = run;
  const gates = run.gates;
  const canon = run.canon;
  const trace = [];
  const h_n = zeros(L * D, B, P2);
  const c_n = m.cell === "lstm" ? zeros(L * D, B, H) : null;
  let below = null;
  for (let l = 0; l < L; l++) {
    const dirs = [];
    const out = zeros(B, T, D * P2);
    for (let d = 0; d < D; d++) {
      const p = canon.layers[l][d];
      const rec = { input_term: {}, recurrent_term: {}, pre_activation: {}, gates: {}, h: zeros(B, T, P2) };
      for (const f of ["input_term", "recurrent_term", "pre_activation", "gates"]) for (const g of gates) rec[f][g] = zeros(B, T, H);
      if (m.cell === "lstm") rec.c = zeros(B, T, H);
      const s2 = l * D + d;
      for (let b = 0; b < B; b++) {
        let h2 = run.h0.row(s2, b).slice(0, P2);
        let c = run.c0 ? run.c0.row(s2, b).slice(0, H) : null;
        for (let k = 0; k < T; k++) {
          const t = d === 1 ? T - 1 - k : k;
          const x = l === 0 ? run.x.row(b, t) : below.row(b, t);
          const r = stepAll(m, p, x, h2, c, l);
          for (const f of ["input_term", "recurrent_term", "pre_activation", "gates"]) {
            for (const g of gates) {
              const v = r[f][g];
              if (v) rec[f][g].row(b, t).set(v);
            }
          }
          rec.h.row(b, t).set(r.h);
          out.row(b, t).set(r.h, d * P2);
          if (rec.c) rec.c.row(b, t).set(r.c);
          h2 = r.h;
          c = r.c || null;
        }
        h_n.row(s2, b).set(h2);
        if (c_n) c_n.row(s2, b).set(c);
      }
      dirs.push(rec);
    }
    trace.push(D === 2 ? { forward: dirs[0], backward: dirs[1] } : { forward: dirs[0] });
    below = out;
  }
  let y = null;
  if (m.readout && canon.readout) {
    const O = canon.readout.W.shape[0];
    y = zeros(B, T, O);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) y.row(b, t).set(readoutAll(m, canon.readout, below.row(b, t)).y);
  }
  return {
    model: m,
    batch: B,
    steps: T,
    gates,
    output: below,
    h_n,
    c_n,
    y,
    trace,
    tokens: run.tokens,
    warnings: []
  };
}

// static/js/render/weights.js
var GRID_MAX = 1024;
var TEXT_MAX_COLS = 16;
function createWeights(el) {
  let run = null;
  let v = null;
  let pick = { kind: "W_h", g: null, r: 0, c: 0 };
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
  function chips(name2, items, current) {
    return h(
      "fieldset",
      { class: "segmented segmented-small" },
      h("legend", { class: "visually-hidden" }, tr(`weights.${name2}`)),
      items.map(([value, label]) => {
        const id = `weights-${name2}-${value}`;
        return [h("input", { type: "radio", name: `weights-${name2}`, id, value, checked: value === current }), h("label", { for: id }, label)];
      })
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
      ["b", tr("weights.biases")]
    ];
    if (canon && canon.readout && v.layer === run.L - 1) kinds.push(["readout", tr("weights.readout")]);
    replaceChildren(
      controls,
      chips("kind", kinds, pick.kind),
      rnn || pick.kind === "readout" ? null : chips("gate", run.gates.map((g) => [g, g]), pick.g)
    );
    if (canon === void 0) {
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
    const text2 = showText ? fmt(value, 2) : "";
    const n2 = editableNum(value, text2, ref, "wcell");
    if (!n2.getAttribute("aria-valuetext") || !showText) n2.setAttribute("aria-valuetext", fmtExact(value));
    n2.style.background = colorAt(DIVERGING, u);
    n2.style.color = inkOn(DIVERGING, u);
    return n2;
  }
  function labelsRow(C, bias) {
    return [h("span", { class: "wlabel" }), ...Array.from({ length: C }, (_, c) => h("span", { class: "wlabel" }, String(c))), bias ? h("span", { class: "wlabel" }, "b") : null];
  }
  function matrixGrid(W2, b) {
    const [R, C] = W2.shape;
    const mx = scaleOf(b ? [W2.data, b.data] : [W2.data]);
    const rowName = pick.kind === "readout" ? tr("weights.rows-out") : tr("weights.rows-units");
    const colName = pick.kind === "W_x" ? tr("weights.cols-in") : pick.kind === "W_h" ? tr("weights.cols-h") : tr("weights.cols-h");
    note.textContent = tr("weights.note", { r: R, c: C, rows: rowName, cols: colName, max: fmt(mx, 3) });
    if (R * C > GRID_MAX) return canvasView(W2, mx);
    const grid = h("div", { class: "wgrid", role: "group", "aria-label": tr("weights.aria", { r: R, c: C }) });
    grid.style.gridTemplateColumns = `auto repeat(${C + (b ? 1 : 0)}, minmax(0, 1fr))`;
    const text2 = C + (b ? 1 : 0) <= TEXT_MAX_COLS;
    grid.append(...labelsRow(C, !!b).filter(Boolean));
    for (let r = 0; r < R; r++) {
      grid.append(h("span", { class: "wlabel" }, String(r)));
      for (let c = 0; c < C; c++) grid.append(cellNode(W2.data[r * C + c], mx, refOf(r, c), text2));
      if (b) grid.append(cellNode(b.data[r], mx, refOf(r, -1), text2));
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
  function canvasView(W2, mx) {
    const [R, C] = W2.shape;
    const cv = h("canvas", { class: "wcanvas", width: String(C), height: String(R), role: "img", "aria-label": tr("weights.aria", { r: R, c: C }) });
    const ctx = cv.getContext("2d");
    const img = ctx.createImageData(C, R);
    for (let i = 0; i < R * C; i++) {
      const u = Math.max(0, Math.min(1, (W2.data[i] / mx + 1) / 2));
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
      const n2 = editableNum(W2.data[pick.r * C + pick.c], fmt(W2.data[pick.r * C + pick.c], 4), ref, "n wcell-sel");
      replaceChildren(selected, tr("weights.selected", { r: pick.r, c: pick.c }), " ", n2);
      return n2;
    };
    const at = (e) => {
      const b = cv.getBoundingClientRect();
      return [Math.max(0, Math.min(R - 1, Math.floor((e.clientY - b.top) / b.height * R))), Math.max(0, Math.min(C - 1, Math.floor((e.clientX - b.left) / b.width * C)))];
    };
    cv.addEventListener("pointermove", (e) => {
      const [r, c] = at(e);
      readout.textContent = `[${r}, ${c}] ${fmtExact(W2.data[r * C + c])}`;
    });
    cv.addEventListener("click", (e) => {
      [pick.r, pick.c] = at(e);
      const n2 = showSel();
      if (editState.enabled) n2.focus({ preventScroll: true });
    });
    showSel();
    return h("div", { class: "wcanvas-wrap" }, cv, h("p", { class: "wcanvas-info" }, readout, " ", selected));
  }
  return {
    draw,
    /** Redraw with the run's current (edited) numbers. */
    refresh: () => draw(run, v, true)
  };
}
function weightsPanel() {
  const after = $("#panel-diagram");
  if (!after) return null;
  const sec = h(
    "section",
    { class: "panel panel-weights", id: "panel-weights", "data-hide": "matrix", "aria-labelledby": "h-weights" },
    h("header", { class: "panel-head" }, h("h2", { id: "h-weights" }, tr("weights.title")), h("span", { class: "now", dataset: { now: "" } })),
    h("p", { class: "panel-note" }, tr("weights.help"))
  );
  after.after(sec);
  return sec;
}

// static/js/edit.js
var LIVE_MAX_VALUES = 3e4;
var KEY_IDLE_MS = 600;
var DRAG_START_PX = 3;
var HISTORY_MAX = 200;
var TYPING2 = /* @__PURE__ */ new Set(["INPUT", "TEXTAREA", "SELECT"]);
function isLive(run) {
  if (!run) return false;
  const G = run.gates.length;
  return run.B * run.T * run.L * run.D * run.H * (4 * G + 2) <= LIVE_MAX_VALUES;
}
function stepFor(e) {
  return e.shiftKey ? 0.1 : e.altKey ? 1e-3 : 0.01;
}
function roundTo(v, step) {
  const dec = Math.max(0, Math.ceil(-Math.log10(step)));
  return Number(v.toFixed(Math.min(dec + 1, 15)));
}
function snapshot(body) {
  return {
    weights: structuredClone(body.weights),
    inputs: structuredClone(body.inputs),
    initial_state: body.initial_state ? structuredClone(body.initial_state) : null
  };
}
function isTyping2(el) {
  if (!el) return false;
  if (el.isContentEditable) return true;
  return TYPING2.has(el.tagName) && !(el.tagName === "INPUT" && ["checkbox", "radio", "button", "range"].includes(el.type));
}
function bindEdit(app2, stale2) {
  const root = document.documentElement;
  editState.enabled = !root.dataset.standalone;
  const history2 = [];
  const future = [];
  let gesture = null;
  let busy = Promise.resolve();
  let inflight = null;
  let queued = false;
  let origin = null;
  let shown = 0;
  const undoBtn = h("button", { type: "button", class: "btn btn-small", id: "edit-undo", disabled: true, "aria-keyshortcuts": "Control+Z" }, tr("edit.undo"));
  const redoBtn = h("button", { type: "button", class: "btn btn-small", id: "edit-redo", disabled: true, "aria-keyshortcuts": "Control+Shift+Z Control+Y" }, tr("edit.redo"));
  const resetBtn = h("button", { type: "button", class: "btn btn-small", id: "edit-reset", disabled: true }, tr("edit.reset"));
  const status = h("span", { class: "edit-status", id: "edit-status", role: "status" });
  const bar = h("div", { class: "edit-bar", id: "edit-bar", role: "group", "aria-label": tr("edit.bar"), hidden: !editState.enabled }, h("span", { class: "edit-hint" }, tr("edit.hint")), undoBtn, redoBtn, resetBtn, status);
  const workedHead = $("#panel-worked .panel-head");
  if (workedHead) workedHead.after(bar);
  const panel = weightsPanel();
  const weights = panel ? createWeights(panel) : null;
  const drawWeights = (force = false) => {
    if (weights && app2.run && panel && !panel.hidden) weights.draw(app2.run, { layer: state.layer, dir: state.dir }, force);
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
    undoBtn.disabled = !history2.length && !gesture;
    redoBtn.disabled = !future.length;
    resetBtn.disabled = !history2.length && !gesture && !origin;
  }
  function say(text2) {
    status.textContent = text2;
  }
  const model = () => app2.run ? app2.run.model : null;
  function currentValue(ref) {
    if (gesture) {
      const v = getValue(gesture.work, gesture.model, ref);
      if (v !== void 0) return v;
    }
    const el = document.querySelector(`[data-p="${CSS.escape(ref)}"]`);
    return el ? Number(el.getAttribute("aria-valuenow")) : void 0;
  }
  function patchRun(ref, v) {
    const run = app2.run;
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
  function begin(ref) {
    if (gesture && gesture.ref === ref) return busy;
    if (gesture) end();
    const m = model();
    if (!m) return Promise.resolve(false);
    let body;
    try {
      body = app2.form.read();
    } catch (e) {
      if (e instanceof FieldErrors) app2.form.showErrors(e.detail);
      say(tr("edit.form-error"));
      return Promise.resolve(false);
    }
    const g = { ref, before: snapshot(body), work: body, model: m, from: void 0, live: isLive(app2.run), converted: null, timer: null, changed: false };
    gesture = g;
    if (!origin && !history2.length) origin = g.before;
    const needsConvert = !mapsInPlace(body, m, ref);
    busy = (async () => {
      if (needsConvert) {
        const fmtName = body.weights.format || "pytorch";
        try {
          const res = await convert(m, body.weights, "canonical");
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
      if (browserForwardOk(app2.run)) computeNextFrame();
      else pump();
    } else {
      stale2.mark();
      app2.refreshLocal();
      drawWeights(true);
    }
  }
  function writeForm(body) {
    const f = app2.form.fields;
    app2.form.setWeights(body.weights);
    if (Array.isArray(body.inputs)) f.inNumbers.value = prettyJson(body.inputs);
    f.init.value = body.initial_state ? prettyJson(body.initial_state) : "";
  }
  function pump() {
    if (inflight) {
      queued = true;
      return;
    }
    const g = gesture;
    if (!g) return;
    const body = app2.form.read();
    inflight = app2.runLive(body).then((drawn) => {
      if (drawn) {
        shown++;
        root.dataset.editShown = String(shown);
      }
    }).catch((e) => say(e.message)).finally(() => {
      inflight = null;
      if (queued) {
        queued = false;
        pump();
      }
    });
  }
  let frameJob = null;
  let computedThisFrame = false;
  function computeNextFrame() {
    if (frameJob) return;
    if (!computedThisFrame) {
      computedThisFrame = true;
      requestAnimationFrame(() => computedThisFrame = false);
      return computeNow(false);
    }
    frameJob = requestAnimationFrame(() => {
      frameJob = null;
      computeNow(true);
    });
  }
  function computeNow(inFrame) {
    {
      const run = app2.run;
      if (!gesture || !browserForwardOk(run)) return pump();
      let body;
      try {
        body = app2.form.read();
      } catch (e) {
        return say(e.message);
      }
      const c0 = performance.now();
      const payload = browserForward(run);
      const ct = app2.timings;
      ct.editCompute = ct.editCompute || [];
      ct.editCompute.push(performance.now() - c0);
      if (ct.editCompute.length > 1e3) ct.editCompute.splice(0, 500);
      inflight = app2.runLive(body, payload).then((drawn) => {
        if (drawn) {
          shown++;
          root.dataset.editShown = String(shown);
          const n2 = shown;
          const mark = () => setTimeout(() => root.dataset.editPainted = `${n2} ${performance.now()}`, 0);
          if (inFrame) mark();
          else requestAnimationFrame(mark);
        }
      }).catch((e) => say(e.message)).finally(() => inflight = null);
    }
  }
  async function settle() {
    while (inflight || frameJob) {
      if (inflight) await inflight;
      else await new Promise((r) => requestAnimationFrame(r));
    }
  }
  async function end() {
    const g = gesture;
    if (!g) return;
    gesture = null;
    clearTimeout(g.timer);
    if (g.changed) writeForm(g.work);
    await busy;
    if (!g.changed) {
      updateBar();
      return;
    }
    writeForm(g.work);
    history2.push({ ref: g.ref, before: g.before, after: snapshot(g.work), converted: g.converted });
    if (history2.length > HISTORY_MAX) history2.shift();
    future.length = 0;
    updateBar();
    await settle();
    await app2.runNow({ fromUser: true, keepCanon: true });
    highlightAll();
  }
  function restore(snap) {
    app2.form.setWeights(snap.weights);
    const f = app2.form.fields;
    if (Array.isArray(snap.inputs)) f.inNumbers.value = prettyJson(snap.inputs);
    f.init.value = snap.initial_state ? prettyJson(snap.initial_state) : "";
  }
  async function undo() {
    if (gesture) await end();
    const e = history2.pop();
    if (!e) return;
    future.push(e);
    restore(e.before);
    editState.active = e.ref;
    updateBar();
    say(tr("edit.undone", { what: refLabel(e.ref, model() ? model().cell : "rnn") }));
    await settle();
    await app2.runNow({ fromUser: true });
    highlightAll();
  }
  async function redo() {
    if (gesture) await end();
    const e = future.pop();
    if (!e) return;
    history2.push(e);
    restore(e.after);
    editState.active = e.ref;
    updateBar();
    say(tr("edit.redone", { what: refLabel(e.ref, model() ? model().cell : "rnn") }));
    await settle();
    await app2.runNow({ fromUser: true });
    highlightAll();
  }
  async function reset() {
    if (gesture) await end();
    let before;
    try {
      before = snapshot(app2.form.read());
    } catch {
      before = null;
    }
    const id = app2.loadedPreset;
    if (id) {
      if (!await app2.fillPreset(id)) return;
    } else if (origin) restore(origin);
    else return;
    const after = snapshot(app2.form.read());
    if (before && JSON.stringify(before) !== JSON.stringify(after)) {
      history2.push({ ref: null, before, after, converted: null });
      future.length = 0;
    }
    editState.active = null;
    updateBar();
    say(tr("edit.reset-done"));
    await settle();
    await app2.runNow({ fromUser: true });
    highlightAll();
  }
  function highlightAll() {
    for (const el of document.querySelectorAll("#worked, #token-strip, #weights-view")) highlight(el);
  }
  let drag = null;
  document.addEventListener("pointerdown", (e) => {
    const el = e.target.closest && e.target.closest("[data-p]");
    if (!el || !editState.enabled || e.button !== 0) return;
    const ref = el.dataset.p;
    const v0 = currentValue(ref);
    if (v0 === void 0 || !Number.isFinite(v0)) return;
    drag = { ref, x: e.clientX, y: e.clientY, v0, moved: false, id: e.pointerId };
    if (e.pointerType !== "mouse") e.preventDefault();
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
    if (!drag || e && e.pointerId !== drag.id) return;
    const d = drag;
    drag = null;
    delete root.dataset.dragging;
    if (d.moved) {
      root.dataset.justDragged = "1";
      setTimeout(() => delete root.dataset.justDragged, 0);
      end();
    } else {
      const el = document.querySelector(`[data-p="${CSS.escape(d.ref)}"]`);
      if (el) el.focus({ preventScroll: true });
    }
  };
  window.addEventListener("pointerup", stopDrag);
  window.addEventListener("pointercancel", stopDrag);
  document.addEventListener("click", (e) => {
    if (root.dataset.justDragged) {
      e.stopPropagation();
      e.preventDefault();
    }
  }, true);
  document.addEventListener(
    "keydown",
    (e) => {
      const el = e.target && e.target.closest ? e.target.closest("[data-p]") : null;
      if (el && editState.enabled && !e.ctrlKey && !e.metaKey) {
        const ref = el.dataset.p;
        let dir = 0;
        let mult = 1;
        if (e.key === "ArrowUp") dir = 1;
        else if (e.key === "ArrowDown") dir = -1;
        else if (e.key === "PageUp") [dir, mult] = [1, 10];
        else if (e.key === "PageDown") [dir, mult] = [-1, 10];
        if (dir) {
          e.preventDefault();
          e.stopPropagation();
          const step = stepFor(e) * mult;
          const v0 = currentValue(ref);
          if (v0 === void 0) return;
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
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !isTyping2(e.target) && editState.enabled) {
        const k = e.key.toLowerCase();
        if (k === "z" && !e.shiftKey) {
          e.preventDefault();
          undo();
        } else if (k === "z" && e.shiftKey || k === "y") {
          e.preventDefault();
          redo();
        }
      }
    },
    true
  );
  document.addEventListener("dblclick", (e) => {
    const el = e.target.closest && e.target.closest("[data-p]");
    if (el && editState.enabled) {
      e.preventDefault();
      openInput(el);
    }
  });
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
      value: String(v0)
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
    const text2 = t.input.value.trim().replace(/^−/, "-").replace(",", ".");
    const v = Number(text2);
    if (commit && (text2 === "" || !Number.isFinite(v))) {
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
  const picker = $("#preset-select");
  if (picker)
    picker.addEventListener("change", () => {
      history2.length = 0;
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
      return history2.map((e) => ({ ref: e.ref, converted: e.converted }));
    },
    get shown() {
      return shown;
    },
    isLive: () => isLive(app2.run),
    /** The browser's forward pass of a run's network (null where it is the server's alone): for the tests. */
    browserForward: (run) => browserForwardOk(run) ? browserForward(run) : null
  };
}

// static/js/touch.js
var PHONE = "(max-width: 700px)";
var SWIPE_PX = 40;
var SWIPE_RATIO = 1.5;
function isPhone() {
  return window.matchMedia(PHONE).matches;
}
function bindSwipe(el, onSwipe) {
  let start = null;
  el.addEventListener(
    "touchstart",
    (e) => {
      const target = e.target;
      if (e.touches.length !== 1 || target.closest("input, select, textarea, .js-plotly-plot")) {
        start = null;
        return;
      }
      start = { x: e.touches[0].clientX, y: e.touches[0].clientY };
    },
    { passive: true }
  );
  el.addEventListener(
    "touchend",
    (e) => {
      if (!start) return;
      const p = e.changedTouches[0];
      const dx = p.clientX - start.x;
      const dy = p.clientY - start.y;
      start = null;
      if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) >= SWIPE_RATIO * Math.abs(dy)) onSwipe(dx < 0 ? 1 : -1);
    },
    { passive: true }
  );
}
function setupPhone(app2) {
  for (const id of ["#player", "#panel-worked", "#panel-diagram"]) {
    const el = $(id);
    if (el) bindSwipe(el, (n2) => app2.stepBy(n2));
  }
  const selectors = $(".selectors");
  const player = $("#player");
  const home = { parent: selectors.parentElement, next: selectors.nextSibling };
  const place = () => {
    const phone = isPhone() && !player.hidden;
    document.documentElement.classList.toggle("phone", phone);
    if (phone && selectors.parentElement === player) player.after(selectors);
    else if (!phone && selectors.parentElement !== player) home.parent.insertBefore(selectors, home.next);
  };
  place();
  window.matchMedia(PHONE).addEventListener("change", place);
  const desc = $("#preset-description");
  if (desc) desc.addEventListener("click", () => desc.classList.toggle("open"));
  const root = document.documentElement;
  if (isPhone() && !root.classList.contains("no-editor") && !root.classList.contains("editor-collapsed")) app2.toggleEditor();
}

// static/js/vocabsizes.js
function vocabularySize(text2, vocabulary, multi) {
  if (vocabulary) return new Set(vocabulary).size;
  const lines2 = multi ? text2.split(/\r?\n/) : [text2];
  return new Set(lines2.join("")).size;
}
function bindVocabularySizes(app2) {
  const f = app2.form.fields;
  function follow() {
    if (f.wFormat.value !== "random" || !f.kindText.checked || !f.inText.value) return;
    const V = vocabularySize(f.inText.value, f.inVocab.value, f.inMulti.checked);
    const before = Number(f.input.value);
    if (!V || V === before) return;
    if (before && Number(f.readout.value) === before) f.readout.value = String(V);
    f.input.value = String(V);
    app2.form.updateVisibility();
  }
  for (const el of [f.inText, f.inVocab, f.inMulti, f.kindText, f.wFormat]) {
    el.addEventListener("input", follow);
    el.addEventListener("change", follow);
  }
  return { follow };
}

// static/js/main.js
translatePage(document);
var app = createApp();
bindControls(app);
bindOpenModel(app);
setupMode(app);
bindVocabularySizes(app);
var stale = bindStale(app);
app.edit = bindEdit(app, stale);
bindExactTitles(document);
setupPhone(app);
var compare = setupCompare(app);
bindLightRun();
window.rnnscope = Object.freeze({ app, state, serialize, parse, timings: app.timings, compare });
var lessons = setupLessons(app);
app.boot(lessons.start).then(lessons.ready).catch((e) => {
  document.documentElement.dataset.state = "error";
  console.error(e);
});
