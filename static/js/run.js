// One run: the request that was sent and everything the API answered, decoded into Tensors,
// with the accessors the renderers need. Renderers read a Run; they never fetch.

import { parseGradients } from "./gradients.js";
import { extendRun, headSeries } from "./runextra.js";
import { Tensor, finiteRange, toTensor } from "./tensor.js";

export const GATES = Object.freeze({ rnn: ["h"], lstm: ["i", "f", "g", "o"], gru: ["r", "z", "n"] });
export const GATED_FIELDS = Object.freeze(["input_term", "recurrent_term", "pre_activation", "gates"]);

/** The activation that makes gates[g] out of pre_activation[g] (of layer l: its own `activations`). */
export function gateActivation(model, g, l = 0) {
  const acts = (model.layers && model.layers[l] && model.layers[l].activations) || {};
  const name = (a) => (a && typeof a === "object" ? a.name : a);
  if (model.cell === "rnn" || (model.cell === "lstm" && g === "g") || (model.cell === "gru" && g === "n")) {
    return name(acts.cell) || (model.cell === "rnn" ? model.nonlinearity || "tanh" : "tanh");
  }
  return name(acts.gate) || model.gate_activation || "sigmoid";
}

/** Is the quantity bounded to [0, 1] (a gate)? */
export function isUnitInterval(model, field, g) {
  if (field !== "gates") return false;
  const act = gateActivation(model, g);
  return act.includes("sigmoid");
}

function sortedDistinct(texts) {
  const set = new Set();
  for (const t of texts) for (const ch of t) set.add(ch);
  return [...set].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
}

function inputTensor(inputs) {
  if (inputs === undefined || inputs === null) return null;
  if (!Array.isArray(inputs)) return null; // text: built from the tokens
  const t = toTensor(inputs);
  if (t.shape.length === 1) return new Tensor(t.data, [1, t.shape[0], 1]);
  if (t.shape.length === 2) return new Tensor(t.data, [1, ...t.shape]);
  return t;
}

/** h_n / c_n as a Tensor; kept as the nested lists when layers differ in size (ragged). */
function finalStates(v) {
  try {
    return toTensor(v);
  } catch {
    return v;
  }
}

export class Run {
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
    this.y = payload.y !== undefined && payload.y !== null ? toTensor(payload.y) : null;
    this.O = this.y ? this.y.shape[2] : 0;
    this.float32 = this.output.float32 || (body.options && body.options.dtype === "float32");
    this.fields = new Set();
    extendRun(this, body, payload); // embedding, head, y_final, ids (issue 9: runextra.js)
    this.trace = payload.trace.map((layer) => {
      const dirs = [];
      for (const name of ["forward", "backward", "reverse"]) {
        const tr = layer[name];
        if (!tr) continue;
        const out = {};
        for (const [field, v] of Object.entries(tr)) {
          if (v === null || v === undefined) continue;
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
    /** options.gradients answered: {loss, hidden: [l][d] (B,T,P), jacobian: [l][d] (B,T) | null} */
    this.gradients = payload.gradients ? parseGradients(payload.gradients, this.D) : null;
    this.vocabulary = null;
    this.x = this.buildInputs(body.inputs);
    this.h0 = this.buildInitial(body.initial_state, "h", this.P);
    this.c0 = this.cell === "lstm" ? this.buildInitial(body.initial_state, "c", this.H) : null;
    this._ranges = new Map();
  }

  get values() {
    let n = 0;
    for (const layer of this.trace)
      for (const d of layer)
        for (const v of Object.values(d)) n += v instanceof Tensor ? v.size : Object.values(v).reduce((a, t) => a + t.size, 0);
    return n;
  }

  /** The layer-0 inputs as a (B, T, I) Tensor, one-hot for text; null if unknown. */
  buildInputs(inputs) {
    if (inputs && !Array.isArray(inputs) && typeof inputs === "object") {
      const texts = typeof inputs.text === "string" ? [inputs.text] : Array.isArray(inputs.texts) ? inputs.texts : [];
      const vocab = inputs.vocabulary
        ? Array.isArray(inputs.vocabulary)
          ? inputs.vocabulary.map(String)
          : [...String(inputs.vocabulary)]
        : this.modelVocabulary || sortedDistinct(texts);
      this.vocabulary = vocab;
      if (this.embedding) return this.embedding; // x_t = E[id_t]
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
    const zeros = () => new Tensor(new Float64Array(this.L * this.D * this.B * K), [this.L * this.D, this.B, K]);
    if (!init || !init[key]) return zeros();
    try {
      const t = toTensor(init[key]);
      if (t.shape.length === 3) return t;
      if (t.shape.length === 2) {
        const out = zeros();
        for (let s = 0; s < t.shape[0]; s++) for (let b = 0; b < this.B; b++) out.row(s, b).set(t.row(s));
        return out;
      }
    } catch {
      /* the API validated it; fall back to zeros */
    }
    return zeros();
  }

  /** The token (or input value) at step t of sequence b, as a string. */
  tokenAt(b, t) {
    if (this.tokens) return this.tokens[b]?.[t] ?? "";
    if (this.x && this.I <= 3) {
      return Array.from(this.x.row(b, t))
        .map((v) => +v.toPrecision(4))
        .join(", ");
    }
    return null;
  }

  has(field) {
    return this.fields.has(field);
  }

  /** A (B, T, K) Tensor of one quantity: field "h" | "c" | gated field with gate g. */
  series(l, d, field, g) {
    const tr = this.trace[l]?.[d];
    if (!tr) return null;
    if (field === "output") return this.output;
    if (field === "y") return this.y;
    if (field === "embedding") return this.embedding;
    if (field === "head_pre" || field === "head_act") return headSeries(this, field, g);
    const v = tr[field];
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
    const mode = (this.model.layers && this.model.layers[l - 1] && this.model.layers[l - 1].merge_mode) || "concat";
    if (mode !== "concat") {
      // Keras Bidirectional merge_mode sum / mul / ave: the next layer reads one merged vector
      const [f, r] = parts.map((p) => p.row(b, t));
      const merge = { sum: (a, c) => a + c, mul: (a, c) => a * c, ave: (a, c) => (a + c) / 2 }[mode];
      return Float64Array.from(f, (v, k) => merge(v, r[k]));
    }
    const rows = parts.map((p) => p.row(b, t)); // layers of model v2 may differ in size
    const out = new Float64Array(rows.reduce((n, r) => n + r.length, 0));
    rows.reduce((at, r) => (out.set(r, at), at + r.length), 0);
    return out;
  }

  /** The state before step t in direction d of layer l (t-1 forward, t+1 backward or reverse, else the initial state). */
  prevIndex(d, t, l = 0, b = null) {
    const p = d === 1 || this.reverseLayer(l) ? t + 1 : t - 1;
    const end = b !== null && this.lengths && this.lengths[b] ? this.lengths[b] : this.T; // a row's own length
    return p < 0 || p >= end ? null : p;
  }

  prevState(l, d, b, t, key = "h") {
    const p = this.prevIndex(d, t, l, b);
    const s = l * this.D + d;
    if (p === null) {
      const init = (key === "h" ? this.h0 : this.c0).row(s, b);
      const own = this.trace[l]?.[d]?.[key]; // layers of model v2 may differ in size
      return own && own.shape[2] < init.length ? init.subarray(0, own.shape[2]) : init;
    }
    const tr = this.trace[l][d][key];
    return tr ? tr.row(b, p) : null;
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
}
