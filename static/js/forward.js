// The whole forward pass in the browser, float64, for a live edit (issue 13): every step of every
// layer and direction with stepmath.js's stepAll (REFERENCE.md §1), shaped as the API's answer so
// a Run reads it like the server's. Only for the networks it covers exactly (one cell for every
// layer, no embedding, head, per-layer activations, peepholes, lengths, float32 or gradients);
// the server stays the source of truth: it runs when the edit ends, and a browser test compares
// every field of every step with the server's at 1e-12 (tests/browser/test_edit.py).

import { readoutAll, stepAll } from "./stepmath.js";
import { Tensor } from "./tensor.js";

const READOUTS = ["identity", "softmax", "sigmoid", "tanh"];

/** Can the browser compute this run's network exactly as the server does? */
export function browserForwardOk(run) {
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
    for (const p of layer) if (p.P) return false; // peepholes: the server's
  }
  return run.x.shape[0] === run.B && run.x.shape[1] === run.T;
}

const zeros = (...shape) => new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);

/**
 * The API's forward answer for run's network with its (edited) canonical weights, inputs and
 * initial states: {model, batch, steps, output, h_n, c_n, y, trace, tokens, warnings}.
 */
export function browserForward(run) {
  const m = run.model;
  const { B, T, L, D, H, P } = run;
  const gates = run.gates;
  const canon = run.canon;
  const trace = [];
  const h_n = zeros(L * D, B, P);
  const c_n = m.cell === "lstm" ? zeros(L * D, B, H) : null;
  let below = null; // the previous layer's output (B, T, D·P)
  for (let l = 0; l < L; l++) {
    const dirs = [];
    const out = zeros(B, T, D * P);
    for (let d = 0; d < D; d++) {
      const p = canon.layers[l][d];
      const rec = { input_term: {}, recurrent_term: {}, pre_activation: {}, gates: {}, h: zeros(B, T, P) };
      for (const f of ["input_term", "recurrent_term", "pre_activation", "gates"]) for (const g of gates) rec[f][g] = zeros(B, T, H);
      if (m.cell === "lstm") rec.c = zeros(B, T, H);
      const s = l * D + d;
      for (let b = 0; b < B; b++) {
        let h = run.h0.row(s, b).slice(0, P);
        let c = run.c0 ? run.c0.row(s, b).slice(0, H) : null;
        for (let k = 0; k < T; k++) {
          const t = d === 1 ? T - 1 - k : k;
          const x = l === 0 ? run.x.row(b, t) : below.row(b, t);
          const r = stepAll(m, p, x, h, c, l);
          for (const f of ["input_term", "recurrent_term", "pre_activation", "gates"]) {
            for (const g of gates) {
              const v = r[f][g];
              if (v) rec[f][g].row(b, t).set(v);
            }
          }
          rec.h.row(b, t).set(r.h);
          out.row(b, t).set(r.h, d * P);
          if (rec.c) rec.c.row(b, t).set(r.c);
          h = r.h;
          c = r.c || null;
        }
        h_n.row(s, b).set(h);
        if (c_n) c_n.row(s, b).set(c);
      }
      // the server leaves out the fields a cell does not have (a GRU "reset before" has every one)
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
    warnings: [],
  };
}
