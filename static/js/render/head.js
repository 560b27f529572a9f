// The worked step's parts for a model with an embedding and a head (issue 9): x_t = E[id]
// (the id, its token and the vector's first numbers) and each Dense layer of the head,
// W·h + b then its activation, with the step's numbers put in. Recomputed in float64 from
// the weights and checked against the engine's answer, like the cell's equations.
//
// `kit` is the worked step's set of builders (num, res, factor, symb, op, row, cont, dot, vec,
// check, sig), so these lines look and read like the rest of the worked step.

import { visibleToken } from "../dom.js";
import { vh as h } from "../morph.js"; // described, then morphed into the worked step (issue 11)
import { fmt, sub } from "../format.js";
import { tr } from "../i18n.js";
import { actFn, actName, actSymbol } from "../activations.js";
import { headInput, headIsFinal, headRecorded, idAt } from "../runextra.js";

const FIRST = 6; // numbers of a long vector shown before "…"
const WHOLE = 8; // vectors up to this length are shown whole

const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const sup = (n) => "⁽" + String(n).replace(/[0-9]/g, (d) => SUP[d]) + "⁾";

/** The first numbers of a vector, "…" and its length when it is long. */
function firstNumbers(kit, arr) {
  const n = arr.length;
  const shown = Array.from(arr.subarray ? arr.subarray(0, Math.min(n, n <= WHOLE ? n : FIRST)) : arr.slice(0, FIRST));
  const parts = shown.flatMap((v, k) => (k ? [", ", kit.num(v)] : [kit.num(v)]));
  return h("span", { class: "vec" }, "[", parts, n > shown.length ? [", …"] : null, "]", n > shown.length ? h("span", { class: "aside" }, " " + tr("openmodel.numbers", { n })) : null);
}

/** A ✓/⚠ line: every element of `mine` against `recorded`. */
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
  return h(
    "p",
    { class: ok ? "check ok" : "check bad" },
    ok ? "✓ " : "⚠ ",
    tr("openmodel.check-vector", { label, n: mine.length }),
    ok ? (worst === 0 ? tr("check.identical") : tr("check.rounding", { d: worst.toExponential(1) })) : tr("openmodel.check-differs", { d: worst.toExponential(2) }),
  );
}

/**
 * x_t = E[id]: for layer 0 of a model with an embedding. canon.embedding: (V, E) or null
 * (then the recorded vector is shown, unchecked).
 */
export function embeddingBlock(run, v, t, canon, kit) {
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
      tok !== null && tok !== undefined ? h("span", { class: "aside" }, ` ‘${visibleToken(tok)}’`) : null,
      id !== null && V ? h("span", { class: "aside" }, " " + tr("openmodel.row-of", { id, v: V })) : null,
    ),
  );
  const mine = E && id !== null && id < E.shape[0] ? E.row(id) : null;
  out.push(kit.cont(kit.op("= "), firstNumbers(kit, mine || rec)));
  if (mine) out.push(vectorCheck(kit, `x${tS}`, mine, rec, run.float32));
  return h("div", { class: "embedding-block", dataset: { id: id === null ? "" : String(id) } }, out);
}

function matvec(W, v) {
  const [R, C] = W.shape;
  const out = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += W.data[r * C + c] * v[c];
    out[r] = s;
  }
  return out;
}

function applyAct(spec, z) {
  if (actName(spec) === "softmax") {
    const mx = Math.max(...z);
    const e = Array.from(z, (x) => Math.exp(x - mx));
    const s = e.reduce((a, x) => a + x, 0);
    return Float64Array.from(e, (x) => x / s);
  }
  const f = actFn(spec) || ((x) => x);
  return Float64Array.from(z, f);
}

const argmax = (arr) => {
  let k = 0;
  for (let q = 1; q < arr.length; q++) if (arr[q] > arr[k]) k = q;
  return k;
};

/**
 * The head: each Dense layer k, z⁽ᵏ⁾ = W⁽ᵏ⁾·a⁽ᵏ⁻¹⁾ + b⁽ᵏ⁾ and a⁽ᵏ⁾ = act(z⁽ᵏ⁾), for one unit
 * (the chosen unit in hidden layers, the largest output in the last) and whole when small.
 * Shown on the top layer's page; a head on the final state is the same at every step.
 */
export function headBlock(run, v, t, canon, kit) {
  if (!run.head || v.layer !== run.L - 1) return null;
  const final = headIsFinal(run);
  const spec = run.headSpec;
  const K = run.head.length;
  const tS = final ? "" : sub(t);
  const input = headInput(run, v.b, t);
  const out = [];
  const last = run.lengths && run.lengths[v.b] ? run.lengths[v.b] - 1 : run.T - 1;
  const inName = final ? (run.D === 2 ? `[h→${sub(last)}; h←${sub(0)}]` : `h${sub(run.reverseLayer(run.L - 1) ? 0 : last)}`) : run.D === 2 ? `[h→; h←]${tS}` : `h${tS}`;
  out.push(
    h(
      "p",
      { class: "aside" },
      tr(final ? "openmodel.head-final" : "openmodel.head-step", { n: K, input: inName }),
    ),
  );
  const layers = canon && canon.head && canon.head.length === K ? canon.head : null;
  let a = input;
  for (let k = 0; k < K; k++) {
    const act = (spec[k] && spec[k].activation) || "identity";
    const rec = headRecorded(run, k, v.b, t);
    const kS = sup(k + 1);
    const isLast = k === K - 1;
    const an = actName(act);
    const title = tr("openmodel.dense", { k: k + 1, n: rec.act.length, act: an === "identity" || an === "linear" ? tr("act.identity") : an });
    out.push(h("p", { class: "head-layer-title" }, title));
    if (!layers || !a) {
      out.push(kit.row(kit.symb(`z${kS}`, tS), kit.op("= "), kit.vec(rec.pre, kit.sig + 2)));
      out.push(kit.row(kit.symb(isLast ? "y" : `a${kS}`, tS), kit.op("= "), kit.vec(rec.act, kit.sig + 2)));
      continue;
    }
    const { W, b } = layers[k];
    const z = matvec(W, a);
    for (let q = 0; q < z.length; q++) z[q] += b.data[q];
    const y = applyAct(act, z);
    const j = isLast ? argmax(y) : Math.min(v.unit, z.length - 1);
    const prevName = k === 0 ? inName : `a${sup(k)}`;
    const d = kit.dot(W.row(j), a, `W${kS}[${j}]`, prevName);
    out.push(
      kit.row(kit.symb(`z${kS}`, tS, j), kit.op("= "), kit.symb(`W${kS}`, null, `${j},:`), "·", kit.symb(prevName), " + ", kit.symb(`b${kS}`, null, j)),
      kit.cont(kit.op("= "), d.nodes, " + ", ...kit.factor(b.data[j]), " = ", kit.res(z[j])),
    );
    const lhs = kit.symb(isLast ? "y" : `a${kS}`, tS, j);
    const name = actName(act);
    if (name === "softmax") {
      const mx = Math.max(...z);
      const denom = z.reduce((s, x) => s + Math.exp(x - mx), 0);
      out.push(kit.row(lhs, kit.op("= "), `exp(z${sub(j)} − max) / Σ exp(z − max) = `, kit.num(Math.exp(z[j] - mx)), " / ", kit.num(denom), " = ", kit.res(y[j])));
    } else if (name !== "identity" && name !== "linear") {
      out.push(kit.row(lhs, kit.op("= "), `${actSymbol(act)}(`, kit.num(z[j], kit.sig + 2), ") = ", kit.res(y[j])));
    }
    if (y.length > 1 && y.length <= WHOLE) out.push(kit.row(kit.symb(isLast ? "y" : `a${kS}`, tS), kit.op("= "), kit.vec(y, kit.sig + 2)));
    out.push(vectorCheck(kit, `${isLast ? "y" : "a" + kS}${tS}`, y, rec.act, run.float32));
    a = y;
  }
  if (final && run.y_final) {
    const yf = run.y_final.row(v.b);
    out.push(h("p", { class: "head-final-note" }, tr("openmodel.y-final", { y: Array.from(yf, (x) => fmt(x, kit.sig + 2)).join(", ") })));
  }
  return h("div", { class: "readout-block head-block", dataset: { final: final ? "1" : "0" } }, out);
}
