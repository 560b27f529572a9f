// Comparing two runs (issue 13): what can be compared, and the difference run B − A.
//
// A difference run has the accessors the heatmap renderer reads from a Run (series, has, range,
// tokens, model, …), so render/heatmaps.js draws B − A as it draws any run. Its values are
// computed in float64 from the two traces as they arrived, over the common steps and sequences.

import { tr } from "./i18n.js";
import { Tensor, finiteRange } from "./tensor.js";

/** "LSTM 4 units", "GRU 2×8 units, bidirectional" (in the page's language). */
export function describeRun(r) {
  const layers = r.L > 1 ? `${r.L}×` : "";
  const proj = r.P !== r.H ? tr("compare.proj", { p: r.P }) : "";
  return tr("compare.describe", { cell: r.cell.toUpperCase(), layers, n: r.H, proj, bi: r.D === 2 ? tr("compare.bidirectional") : "" });
}

/** Per-layer sizes a model v2 may set (hidden and projection); [] when the model has one size. */
function layerSizes(r) {
  const layers = (r.model && r.model.layers) || [];
  return layers.map((l) => `${l.hidden_size ?? ""}/${l.proj_size ?? ""}/${l.direction ?? ""}`).join(",");
}

/**
 * What A and B share. Pure. Returns {diff: bool (B − A can be drawn), why: text | null, T, B,
 * shorter: text | null (the common steps, when the lengths differ), fewer: text | null}.
 */
export function compareInfo(a, b) {
  const same = a.cell === b.cell && a.L === b.L && a.D === b.D && a.H === b.H && a.P === b.P && layerSizes(a) === layerSizes(b);
  const T = Math.min(a.T, b.T);
  const B = Math.min(a.B, b.B);
  return {
    diff: same,
    why: same ? null : tr("compare.cannot-diff", { a: describeRun(a), b: describeRun(b) }),
    T,
    B,
    shorter: a.T !== b.T ? tr("compare.common-steps", { ta: a.T, tb: b.T, last: T - 1 }) : null,
    fewer: a.B !== b.B ? tr("compare.common-seqs", { ba: a.B, bb: b.B }) : null,
  };
}

/** The view of run r nearest to v (a smaller run has fewer layers, directions, sequences, units). */
export function viewFor(r, v) {
  const layer = Math.min(v.layer, r.L - 1);
  const dirs = (r.trace[layer] || []).length || 1;
  return { ...v, layer, dir: Math.min(v.dir, dirs - 1), b: Math.min(v.b, r.B - 1), unit: Math.min(v.unit, r.H - 1) };
}

/** B − A of two (B, T, K) tensors over the first `nb` sequences and `nt` steps, in float64. */
export function subtract(tb, ta, nb, nt) {
  const K = tb.shape[2];
  if (ta.shape[2] !== K) return null;
  const Tb = tb.shape[1];
  const Ta = ta.shape[1];
  const out = new Float64Array(nb * nt * K);
  for (let s = 0; s < nb; s++)
    for (let t = 0; t < nt; t++) {
      const ob = (s * Tb + t) * K;
      const oa = (s * Ta + t) * K;
      const o = (s * nt + t) * K;
      for (let k = 0; k < K; k++) out[o + k] = tb.data[ob + k] - ta.data[oa + k];
    }
  return new Tensor(out, [nb, nt, K]);
}

/** The run B − A (only when compareInfo(a, b).diff): every recorded field both have. */
export class DiffRun {
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
    // differences are signed, whatever the gate: never the 0..1 scale of a sigmoid gate
    this.model = { ...b.model, gate_activation: "difference", layers: undefined };
    this.float32 = !!(a.float32 || b.float32);
    this.fields = new Set([...b.fields].filter((f) => a.fields.has(f)));
    this.trace = b.trace.map((dirs) => dirs.map(() => ({})));
    this.embedding = null;
    this.head = null;
    this.y = null;
    this.meta = { id: `diff-${a.meta.id}-${b.meta.id}` };
    // the inputs' tokens when both runs read the same ones, else none (hover labels say t only)
    const same = a.tokens && b.tokens && a.tokens.slice(0, this.B).every((row, s) => row.slice(0, this.T).join("\u0000") === b.tokens[s].slice(0, this.T).join("\u0000"));
    this.tokens = same ? b.tokens.slice(0, this.B).map((row) => row.slice(0, this.T)) : null;
    this._cache = new Map();
    this._ranges = new Map();
  }

  has(field) {
    return this.fields.has(field);
  }

  tokenAt(b, t) {
    return this.tokens ? (this.tokens[b]?.[t] ?? "") : null;
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
}
