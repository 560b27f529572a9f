// What a run of a model with an embedding and a head adds to the response (issue 9,
// docs/design/model-v2.md): the vectors x_t = E[id_t], each head layer's pre-activation and
// activation, y_final for a head on the final state, and the token ids of each step.

import { toTensor } from "./tensor.js";

const DIRECTIONS = ["forward", "backward", "reverse"];

/** Sequences of token ids, (B, T) lists, from an `inputs` with ids ([..] or [[..], ..]). */
export function idRows(inputs) {
  const ids = inputs && !Array.isArray(inputs) && typeof inputs === "object" ? inputs.ids : null;
  if (!Array.isArray(ids) || !ids.length) return null;
  return Array.isArray(ids[0]) ? ids : [ids];
}

/** Add run.embedding, run.head, run.y_final, run.ids, run.lengths (before the trace is read). */
export function extendRun(run, body, payload) {
  const m = payload.model || {};
  run.modelVocabulary = Array.isArray(body.vocabulary) ? body.vocabulary.map(String) : null;
  run.embedding = payload.embedding ? toTensor(payload.embedding) : null; // (B, T, E)
  run.head = Array.isArray(payload.head)
    ? payload.head.map((k) => ({ pre: toTensor(k.pre_activation), act: toTensor(k.activation) }))
    : null;
  run.headSpec = Array.isArray(m.head) ? m.head : m.readout ? [m.readout] : [];
  run.headOn = m.head_on === "final" ? "final" : "every_step";
  run.y_final = payload.y_final !== undefined && payload.y_final !== null ? toTensor(payload.y_final) : null;
  run.lengths = Array.isArray(payload.lengths) ? payload.lengths : Array.isArray(body.lengths) ? body.lengths : null;
  // directions: the most any layer has (a layer of model v2 may be forward, reverse or bidirectional)
  if (Array.isArray(payload.trace)) {
    const most = Math.max(1, ...payload.trace.map((layer) => DIRECTIONS.filter((d) => layer[d]).length));
    run.D = Math.max(run.D, most);
  }
  if (run.embedding) run.I = run.embedding.shape[2];
  run.ids = idRows(body.inputs);
  // the tokens of an ids run, when the model has a vocabulary: the strip and the worked step show words
  if (run.ids && !Array.isArray(payload.tokens) && run.modelVocabulary) {
    const V = run.modelVocabulary;
    run.tokens = run.ids.map((row) => row.map((id) => (id < V.length ? V[id] : `#${id}`)));
  }
}

/** The token id at (b, t): given, or the token's place in the model's vocabulary; null if unknown. */
export function idAt(run, b, t) {
  if (run.ids) return run.ids[b] && run.ids[b][t] !== undefined ? run.ids[b][t] : null;
  if (run.tokens && run.modelVocabulary) {
    if (!run._vocabIndex) run._vocabIndex = new Map(run.modelVocabulary.map((tok, k) => [tok, k]));
    const k = run._vocabIndex.get(run.tokens[b]?.[t]);
    return k === undefined ? null : k;
  }
  return null;
}

/** Head layer k's per-step pre-activation / activation as (B, T, O_k); null for a final-state head. */
export function headSeries(run, field, k) {
  const layer = run.head && run.head[Number(k)];
  if (!layer) return null;
  const t = field === "head_pre" ? layer.pre : layer.act;
  return t && t.shape.length === 3 ? t : null;
}

/** Is head layer k computed once per sequence (on the final state) rather than per step? */
export function headIsFinal(run, k = 0) {
  const layer = run.head && run.head[k];
  return !!layer && layer.pre.shape.length === 2;
}

/**
 * The vector the head reads for sequence b at step t: the last layer's output at t, or for a
 * head on the final state [h_fwd at its last step | h_bwd at step 0] (merged as the layer merges).
 */
export function headInput(run, b, t) {
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
  const mode = (layer && layer.merge_mode) || "concat";
  if (mode === "concat") {
    const out = new Float64Array(hf.length + hb.length);
    out.set(hf, 0);
    out.set(hb, hf.length);
    return out;
  }
  const merge = { sum: (a, c) => a + c, mul: (a, c) => a * c, ave: (a, c) => (a + c) / 2 }[mode];
  return merge ? Float64Array.from(hf, (v, k) => merge(v, hb[k])) : null;
}

/** The recorded head layer k at (b, t): {pre, act} rows (t ignored for a final-state head). */
export function headRecorded(run, k, b, t) {
  const layer = run.head && run.head[k];
  if (!layer) return null;
  const row = (x) => (x.shape.length === 3 ? x.row(b, t) : x.row(b));
  return { pre: row(layer.pre), act: row(layer.act) };
}
