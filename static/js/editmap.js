// Where an edited number lives in the request body (issue 13). A reference (editable.js) names a
// parameter in the canonical layout, REFERENCE.md §1; this maps it to the user's own format when
// the index maps exactly (canonical, pytorch, book), so the form, Run, export and cfg= keep the
// format the user chose. Other formats (keras, tf1, random) are converted to canonical first
// (edit.js says so). Pure functions on plain objects: no DOM, no fetching.

import { GATES } from "./run.js";

/** The formats edited in place; the others become canonical on the first edit. */
export const IN_PLACE = Object.freeze(["canonical", "pytorch", "book"]);

export function parseRef(ref) {
  const p = ref.split(":");
  const n = (i) => Number(p[i]);
  if (p[0] === "w") return { kind: "w", l: n(1), d: n(2), m: p[3], g: p[4], r: n(5), c: n(6) };
  if (p[0] === "ro") return { kind: "ro", m: p[1], r: n(2), c: n(3) };
  if (p[0] === "x") return { kind: "x", b: n(1), t: n(2), k: n(3) };
  if (p[0] === "h0" || p[0] === "c0") return { kind: p[0], s: n(1), b: n(2), k: n(3) };
  throw new Error(`unknown parameter ${ref}`);
}

/** Does this body's weights format hold the parameter at an index we know exactly? */
export function mapsInPlace(body, model, ref) {
  const q = parseRef(ref);
  if (q.kind !== "w" && q.kind !== "ro") return true;
  try {
    return locate(body.weights, model, q) !== null;
  } catch {
    return false;
  }
}

/** The value of ref in body (a number), or undefined. */
export function getValue(body, model, ref) {
  const loc = where(body, model, parseRef(ref), false);
  return loc ? loc.get() : undefined;
}

/** Set ref to v in body (mutated; missing initial states and b_h are created as zeros). */
export function setValue(body, model, ref, v) {
  const loc = where(body, model, parseRef(ref), true);
  if (!loc) throw new Error(`cannot edit ${ref} in this request`);
  loc.set(v);
}

function cell(arr, i) {
  return { get: () => arr[i], set: (v) => (arr[i] = v) };
}

function where(body, model, q, create) {
  if (q.kind === "w" || q.kind === "ro") return locate(body.weights, model, q, create);
  if (q.kind === "x") return inputCell(body, q);
  return stateCell(body, model, q, create);
}

/** The layer's directions by index d: forward (or reverse) first, backward second. */
function dirKey(layer, d) {
  if (d === 1) return "backward";
  return layer.forward ? "forward" : layer.reverse ? "reverse" : "forward";
}

function locate(w, model, q, create = false) {
  const gates = GATES[model.cell];
  const gi = q.kind === "w" ? gates.indexOf(q.g) : -1;
  if (q.kind === "w" && gi < 0) return null;
  const fmt = w.format || "pytorch";
  if (fmt === "canonical") {
    if (q.kind === "ro") {
      const ro = w.readout;
      if (!ro) return null;
      return q.m === "W" ? cell(ro.W[q.r], q.c) : Array.isArray(ro.b) ? cell(ro.b, q.r) : null;
    }
    const layer = w.layers && w.layers[q.l];
    const p = layer && layer[dirKey(layer, q.d)];
    if (!p) return null;
    if (p.W_x || !p.W_ih) {
      // gate-keyed
      if (!p[q.m] && q.m === "b_h" && create) p.b_h = {};
      const blk = p[q.m];
      if (!blk) return null;
      if (!blk[q.g] && q.m === "b_h" && create) blk[q.g] = new Array(p.W_x[q.g].length).fill(0);
      const m = blk[q.g];
      if (!Array.isArray(m)) return null;
      return q.m.startsWith("W") ? (Array.isArray(m[q.r]) ? cell(m[q.r], q.c) : null) : cell(m, q.r);
    }
    // stacked as PyTorch stores it: rows [gate 0; gate 1; …]
    const key = { W_x: "W_ih", W_h: "W_hh", b_x: "b_ih", b_h: "b_hh" }[q.m];
    const H = p.W_ih.length / gates.length;
    const m = p[key];
    if (!Array.isArray(m)) return null;
    const row = gi * H + q.r;
    return q.m.startsWith("W") ? (Array.isArray(m[row]) ? cell(m[row], q.c) : null) : cell(m, row);
  }
  if (fmt === "pytorch") {
    if (q.kind === "ro") {
      const ro = w.readout;
      if (!ro) return null;
      return q.m === "W" ? cell(ro.weight[q.r], q.c) : Array.isArray(ro.bias) ? cell(ro.bias, q.r) : null;
    }
    const sd = w.state_dict || {};
    const name = { W_x: "weight_ih", W_h: "weight_hh", b_x: "bias_ih", b_h: "bias_hh" }[q.m] + `_l${q.l}${q.d === 1 ? "_reverse" : ""}`;
    const keys = Object.keys(sd).filter((k) => k === name || k.endsWith("." + name));
    if (keys.length !== 1) return null; // absent (bias=False) or ambiguous (two modules)
    const m = sd[keys[0]];
    if (!Array.isArray(m)) return null;
    const H = m.length / gates.length;
    const row = gi * H + q.r;
    return q.m.startsWith("W") ? (Array.isArray(m[row]) ? cell(m[row], q.c) : null) : cell(m, row);
  }
  if (fmt === "book") {
    // row-vector names: W_hh = w_cell_state.T, W_ih = w_cell_input.T, b_ih = b_cell, W_y = w_output.T
    if (q.kind === "ro") {
      if (q.m === "W") return Array.isArray(w.w_output) && Array.isArray(w.w_output[q.c]) ? cell(w.w_output[q.c], q.r) : null;
      if (typeof w.b_output === "number") return q.r === 0 ? { get: () => w.b_output, set: (v) => (w.b_output = v) } : null;
      return Array.isArray(w.b_output) ? cell(w.b_output, q.r) : null;
    }
    if (q.l !== 0 || q.d !== 0) return null;
    if (q.m === "W_h") return cell(w.w_cell_state[q.c], q.r);
    if (q.m === "W_x") return Array.isArray(w.w_cell_input[0]) ? cell(w.w_cell_input[q.c], q.r) : q.c === 0 ? cell(w.w_cell_input, q.r) : null;
    if (q.m === "b_x") return cell(w.b_cell, q.r);
    return null; // the book has no second bias
  }
  return null;
}

function inputCell(body, q) {
  const x = body.inputs;
  if (!Array.isArray(x) || !x.length) return null;
  if (Array.isArray(x[0]) && Array.isArray(x[0][0])) return cell(x[q.b][q.t], q.k); // (B, T, I)
  if (q.b !== 0) return null;
  if (Array.isArray(x[0])) return cell(x[q.t], q.k); // (T, I)
  return q.k === 0 ? cell(x, q.t) : null; // (T)
}

function stateCell(body, model, q, create) {
  const key = q.kind === "h0" ? "h" : "c";
  let st = body.initial_state && body.initial_state[key];
  if (!st) {
    if (!create) return { get: () => 0, set: () => {} };
    const LD = (model.num_layers || 1) * (model.bidirectional ? 2 : 1);
    const K = key === "h" && model.proj_size ? model.proj_size : model.hidden_size;
    st = Array.from({ length: LD }, () => new Array(K).fill(0)); // (L·D, K): the same for every sequence
    body.initial_state = { ...(body.initial_state || {}), [key]: st };
  }
  const s = st[q.s];
  if (!Array.isArray(s)) return null;
  if (Array.isArray(s[0])) return cell(s[q.b], q.k); // (L·D, B, K)
  if (create && q.b > 0) {
    // (L·D, K) shared by every sequence: one sequence's own value needs the batch axis
    return null;
  }
  return cell(s, q.k);
}
