// One step of each cell, recomputed in float64 from the canonical weights (REFERENCE.md §1),
// so the worked step can show each product and sum. The run's trace stays the reference:
// the worked step shows both and says whether they agree.

import { Tensor, toTensor } from "./tensor.js";
import { actFn } from "./activations.js";
import { GATES, gateActivation } from "./run.js";

/** The activation spec (name or {name, alpha, beta}) of gate g in layer l. */
export function gateActivationSpec(model, g, l = 0) {
  const acts = (model.layers && model.layers[l] && model.layers[l].activations) || {};
  const cellish = model.cell === "rnn" || (model.cell === "lstm" && g === "g") || (model.cell === "gru" && g === "n");
  return (cellish ? acts.cell : acts.gate) || gateActivation(model, g, l);
}

export const ACT = Object.freeze({
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  hard_sigmoid: (x) => Math.min(1, Math.max(0, x / 6 + 0.5)),
  hard_sigmoid_keras2: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
  tanh: Math.tanh,
  relu: (x) => Math.max(0, x),
  identity: (x) => x,
});

export { ACT_SYMBOL } from "./activations.js"; // the symbol of each activation, one table

/**
 * Parse the canonical weights ({layers: [{forward, backward | reverse}], readout, embedding, head})
 * into Tensors. A direction is gate-keyed ({W_x: {g: (H, in)}, …}) or stacked as PyTorch stores it
 * ({W_ih: (G·H, in), W_hh, b_ih, b_hh, W_hr}); head layers are {W: (O_k, in_k), b}.
 */
export function parseCanonical(weights, model) {
  const gates = GATES[model.cell];
  const layers = weights.layers.map((layer) =>
    ["forward", "backward", "reverse"]
      .filter((d) => layer[d])
      .map((d) => {
        const p = gateKeyed(layer[d], gates);
        const get = (key, g) => (p[key] && p[key][g] !== undefined && p[key][g] !== null ? toTensor(p[key][g]) : null);
        const out = { W_x: {}, W_h: {}, b_x: {}, b_h: {}, W_proj: p.W_proj ? toTensor(p.W_proj) : null, P: p.P ? toTensor(p.P) : null };
        for (const g of gates) {
          out.W_x[g] = get("W_x", g);
          out.W_h[g] = get("W_h", g);
          const H = out.W_x[g].shape[0];
          out.b_x[g] = get("b_x", g) || new Tensor(new Float64Array(H), [H]);
          out.b_h[g] = get("b_h", g) || new Tensor(new Float64Array(H), [H]);
        }
        return out;
      }),
  );
  const dense = (d) => ({ W: toTensor(d.W), b: d.b !== undefined && d.b !== null ? toTensor(d.b) : null });
  let head = Array.isArray(weights.head) ? weights.head.map(dense) : null;
  let readout = weights.readout ? dense(weights.readout) : null;
  if (!readout && head && head.length === 1) readout = head[0]; // a one-layer head is the readout
  if (!head && readout) head = [readout];
  for (const d of head || []) if (!d.b) d.b = new Tensor(new Float64Array(d.W.shape[0]), [d.W.shape[0]]);
  const embedding = weights.embedding ? toTensor(weights.embedding) : null;
  return { layers, readout, head, embedding };
}

/** One direction's parameters keyed by gate: stacked PyTorch blocks (W_ih…) are split by rows. */
function gateKeyed(p, gates) {
  if (p.W_x || !p.W_ih) return p;
  const split = (m) => {
    if (m === undefined || m === null) return null;
    const t = toTensor(m);
    const H = t.shape[0] / gates.length;
    const n = t.strides[0] * H;
    const out = {};
    gates.forEach((g, k) => (out[g] = new Tensor(t.data.slice(k * n, (k + 1) * n), [H, ...t.shape.slice(1)])));
    return out;
  };
  return { W_x: split(p.W_ih), W_h: split(p.W_hh), b_x: split(p.b_ih), b_h: split(p.b_hh), W_proj: p.W_hr || p.W_proj || null };
}

function matvec(W, v, only = null) {
  const [R, C] = W.shape;
  const out = new Float64Array(R);
  const r0 = only === null ? 0 : only;
  const r1 = only === null ? R : only + 1;
  for (let r = r0; r < r1; r++) {
    let s = 0;
    const off = r * C;
    for (let c = 0; c < C; c++) s += W.data[off + c] * v[c];
    out[r] = s;
  }
  return out;
}

/**
 * Every intermediate of one step for one layer/direction, whole vectors:
 * {input_term, recurrent_term, pre_activation, gates: {g: Float64Array}, c, m, h}.
 * p: parsed canonical cell params; x: layer input; hPrev: (P); cPrev: (H) lstm.
 * only: a unit index, or null for all: the weight products of that unit's rows only (issue 11:
 * the worked step shows one unit; at H=512 the whole step is 4·512·(512+I) products). The
 * other units' entries are then not that step's values; unit `only`'s are the same numbers.
 * Not for a projection (h mixes every unit) nor a reset-before GRU (n reads all of r).
 */
export function stepAll(model, p, x, hPrev, cPrev, l = 0, only = null) {
  if (p.W_proj || (model.cell === "gru" && model.gru_reset_after === false)) only = null;
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
  const layer = (model.layers && model.layers[l]) || {};
  const clip = typeof layer.clip === "number" ? layer.clip : null; // ONNX clip: the activations' inputs
  const act = (g, v) => {
    const f = actFn(gateActivationSpec(model, g, l)) || ACT[gateActivation(model, g, l)];
    return v.map(clip === null ? f : (a) => f(Math.min(clip, Math.max(-clip, a))));
  };
  const outAct = actFn(((model.layers && model.layers[l] && model.layers[l].activations) || {}).output || "tanh");
  if (model.cell === "rnn") {
    const a = r.input_term.h.map((v, k) => v + r.recurrent_term.h[k]);
    r.pre_activation.h = a;
    r.gates.h = act("h", a);
    r.h = r.gates.h;
    return r;
  }
  if (model.cell === "lstm") {
    const P = p.P ? p.P.data : null; // peepholes (3, H), ONNX's order i, o, f: part of the recurrent term
    const H = r.input_term.i.length;
    if (P) {
      for (let k = 0; k < H; k++) {
        r.recurrent_term.i[k] += P[k] * cPrev[k];
        r.recurrent_term.f[k] += P[2 * H + k] * cPrev[k];
      }
    }
    for (const g of gates) {
      if (g === "o" && P) continue; // o reads the new c
      r.pre_activation[g] = r.input_term[g].map((v, k) => v + r.recurrent_term[g][k]);
      r.gates[g] = act(g, r.pre_activation[g]);
    }
    const { i, f, g } = r.gates;
    r.c = f.map((fv, k) => fv * cPrev[k] + i[k] * g[k]);
    if (P) {
      for (let k = 0; k < H; k++) r.recurrent_term.o[k] += P[H + k] * r.c[k];
      r.pre_activation.o = r.input_term.o.map((v, k) => v + r.recurrent_term.o[k]);
      r.gates.o = act("o", r.pre_activation.o);
    }
    const o = r.gates.o;
    r.m = o.map((ov, k) => ov * outAct(r.c[k]));
    r.h = p.W_proj ? matvec(p.W_proj, r.m) : r.m;
    return r;
  }
  // gru
  for (const g of ["r", "z"]) {
    r.pre_activation[g] = r.input_term[g].map((v, k) => v + r.recurrent_term[g][k]);
    r.gates[g] = act(g, r.pre_activation[g]);
  }
  const rg = r.gates.r;
  if (model.gru_reset_after === false) {
    // n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn)
    const rh = hPrev.map((v, k) => rg[k] * v);
    r.reset_h = rh;
    const hn = matvec(p.W_h.n, rh);
    const bh = p.b_h.n.data;
    for (let k = 0; k < hn.length; k++) hn[k] += bh[k];
    r.recurrent_term.n = hn;
    r.pre_activation.n = r.input_term.n.map((v, k) => v + hn[k]);
  } else {
    // n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
    r.pre_activation.n = r.input_term.n.map((v, k) => v + rg[k] * r.recurrent_term.n[k]);
  }
  r.gates.n = act("n", r.pre_activation.n);
  const z = r.gates.z;
  r.h = r.gates.n.map((n, k) => (1 - z[k]) * n + z[k] * hPrev[k]);
  return r;
}

/** Readout at one step: logits z = W out + b and y = act(z). */
export function readoutAll(model, readout, out) {
  const z = matvec(readout.W, out);
  const b = readout.b.data;
  for (let k = 0; k < z.length; k++) z[k] += b[k];
  const act = (model.readout && model.readout.activation) || "identity";
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
