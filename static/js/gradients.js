// Gradients through time: the API's `gradients` decoded into Tensors, and the plain-language
// reading of the Jacobian-norm curve. Pure: no DOM, no fetching.
//
// jacobian[l][d] is (B, T): ‖∂s_end / ∂s_t‖₂, how strongly the state after step t still moves
// the direction's final state s_end (t = T-1 forward, t = 0 backward). 1 at the end itself.

import { toTensor } from "./tensor.js";

/** Strength bands: below VANISH "vanishing", above EXPLODE "exploding", "kept" in between. */
export const VANISH = 0.1;
export const EXPLODE = 10;

const DIRS = ["forward", "backward"];

/** payload.gradients -> {loss, hidden: [l][d] (B,T,P) Tensor, jacobian: [l][d] (B,T) Tensor | null}. */
export function parseGradients(g, D) {
  const per = (list) => list.map((layer) => DIRS.slice(0, D).map((n) => (layer && layer[n] ? toTensor(layer[n]) : null)));
  return {
    loss: typeof g.loss === "number" ? g.loss : NaN, // null in JSON when not finite
    hidden: Array.isArray(g.hidden) ? per(g.hidden) : [],
    jacobian: Array.isArray(g.jacobian_norm) ? per(g.jacobian_norm) : null,
  };
}

/** The loss a request asked for: {kind: "sum" | "mse"} or null without gradients. */
export function lossOf(body) {
  const g = body && body.options && body.options.gradients;
  if (!g) return null;
  return { kind: g === true || !g.loss ? "sum" : g.loss };
}

/** "vanishing" | "exploding" | "kept" | "unknown" (NaN). */
export function classify(v) {
  if (Number.isNaN(v)) return "unknown";
  if (v < VANISH) return "vanishing";
  if (v > EXPLODE) return "exploding";
  return "kept";
}

/** Two significant digits, exponent form outside [0.01, 1000): 1.3e-15, 0.8, 38, 2.3e3. */
export function fmtStrength(v) {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 0.01 && a < 1000) return String(Number(v.toPrecision(2)));
  const [m, e] = v.toExponential(1).split("e");
  return `${m.replace(/\.0$/, "")}e${Number(e)}`;
}

/** The step a direction ends at: T-1 forward, 0 backward. */
export function endStep(d, T) {
  return d === 1 ? 0 : T - 1;
}

/**
 * The reading at step t of one curve (a (T) array of strengths) for direction d:
 * {t, end, steps, strength, verdict, perStep} — perStep is the geometric mean factor per step
 * (strength^(1/steps)), null at the end itself or when it is not a positive finite number.
 */
export function readingAt(curve, d, t) {
  const T = curve.length;
  const end = endStep(d, T);
  const steps = Math.abs(end - t);
  const strength = curve[t];
  const atEnd = steps === 0;
  const perStep = !atEnd && strength > 0 && Number.isFinite(strength) ? Math.pow(strength, 1 / steps) : null;
  return { t, end, steps, strength, verdict: atEnd ? "end" : classify(strength), perStep };
}

/** The curve's finite, positive [min, max] (for a log axis); null when there is none. */
export function positiveRange(data) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > 0 && v < Infinity) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * log10 |g| of a (T, K) slab, for a log colour scale: {data, zmin, zmax} with whole decades as
 * the range (at most `decades` of them). Zeros sit at the bottom of the scale; NaN stays NaN.
 */
export function logMagnitude(slab, decades = 16) {
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
  let zmax = Math.ceil(hi - 1e-9); // log10(1e-3) is -2.9999…: whole decades snap to themselves
  let zmin = Math.floor(lo + 1e-9);
  if (zmax - zmin < 1) zmin = zmax - 1;
  if (zmax - zmin > decades) zmin = zmax - decades;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === -Infinity || out[i] < zmin) out[i] = zmin;
    else if (out[i] === Infinity) out[i] = zmax;
  }
  return { data: out, zmin, zmax };
}

/** Tick labels of a log10 colour bar: whole decades, at most ~7 of them, as 10ⁿ. */
export function decadeTicks(zmin, zmax) {
  const span = zmax - zmin;
  const step = Math.max(1, Math.ceil(span / 6));
  const vals = [];
  for (let v = zmax; v >= zmin; v -= step) vals.unshift(v);
  return { tickvals: vals, ticktext: vals.map((v) => (v === 0 ? "1" : v === 1 ? "10" : `10<sup>${v}</sup>`)) };
}

// ---- links: a preset with gradients switched on or off stays "?preset=…&grad=1"

/** A copy of a request body with options.gradients set to `value` (removed when falsy). */
export function withGradients(body, value) {
  const b = structuredClone(body);
  const o = { ...(b.options || {}) };
  if (value) o.gradients = value;
  else delete o.gradients;
  if (Object.keys(o).length) b.options = o;
  else delete b.options;
  return b;
}

/** JSON with sorted keys: two bodies compare equal whatever order their keys were set in. */
function canonical(v) {
  if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
  if (v && typeof v === "object") {
    return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
  }
  return JSON.stringify(v);
}

/**
 * How a body differs from a preset's (given as its JSON): "" the same, "1" only gradients
 * (sum) switched on, "0" only gradients switched off, null anything else.
 */
export function gradientsToggle(body, presetStr) {
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
