// The worked step: the cell's equations for one unit with the current step's numbers put in,
// the way the seed text computes its example by hand; for tiny models the whole vector
// arithmetic too. Numbers are recomputed in float64 from the canonical weights and checked
// against the engine's trace; without those weights the recorded terms are shown.

import { replaceChildren, visibleToken } from "../dom.js";
import { steadyHeight } from "../steadyheight.js";
import { fmt, fmtExact, sub } from "../format.js";
import { tr } from "../i18n.js";
import { gateActivation } from "../run.js";
import { ACT_SYMBOL, gateActivationSpec, readoutAll, stepAll } from "../stepmath.js";
import { actFn, actSymbol } from "../activations.js";
import { idAt, headIsFinal } from "../runextra.js";
import { embeddingBlock, headBlock } from "./head.js";
import { editableNum, keepFocus } from "../editable.js";
import { create, morph, vh as h } from "../morph.js"; // h describes; morph writes what changed (issue 11)

const FULL_TERMS = 8; // products written out in full up to this many
const TINY = 4; // whole-vector arithmetic when every size is at most this

export function createWorked(el) {
  let sig = 3;
  let tinyOpen = null;
  const steady = steadyHeight(el); // stepping does not move the panels beside and below (issue 11)

  // A step taken by hand or in playback writes the blocks of equations on screen; a block off
  // screen keeps its numbers until one of its lines comes into view (an IntersectionObserver:
  // written in the task after that frame) or flush() (the app's catch-up once the steps pause).
  // Its description waits in `pending`. Issue 11: each block is about a millisecond of a step's
  // script, layout and paint (an LSTM has six: at 1440×1000 the last is below the fold, on a
  // phone all but one or two). No margin: 200 px kept every block of that page near.
  const pending = new Map(); // a block's element -> the newest description of it
  const near = new Map(); // a line's box -> whether it is near the viewport (absent: not known yet)
  const io = new IntersectionObserver(
    (entries) => {
      for (const e of entries) near.set(e.target, e.isIntersecting);
      writePending([...pending].filter(([block]) => isNear(block)));
    },
    { rootMargin: "0px" },
  );
  const boxes = (block) => block.querySelectorAll(":scope > .eq > .rhs, :scope > p");
  /** A block is near unless every line of it is known to be away from the viewport. */
  function isNear(block) {
    for (const b of boxes(block)) if (near.get(b) !== false) return true;
    return false;
  }
  function watchBlocks() {
    const now = new Set();
    for (const block of el.querySelectorAll(":scope > .eq-blocks > .eq-block")) for (const b of boxes(block)) now.add(b);
    for (const b of near.keys()) if (!now.has(b)) (io.unobserve(b), near.delete(b));
    for (const b of now) if (!near.has(b)) (io.observe(b), near.set(b, undefined));
  }
  let lastKey = null;
  let lastRun = null;
  let lastT = null;

  // <details> toggles (they do not bubble: caught on the way down): the whole layer's block keeps
  // its state from step to step; a long sum's terms are built when it is opened
  el.addEventListener(
    "toggle",
    (e) => {
      const det = e.target;
      if (!(det instanceof HTMLDetailsElement)) return;
      if (det.classList.contains("tiny")) tinyOpen = det.open;
      else if (det.classList.contains("terms") && det.open && det.childNodes.length === 1 && det._fill) det.append(create(det._fill()));
    },
    true,
  );

  // ---- small builders

  // a number that names its parameter (ref, editable.js) can be changed where it is shown (issue 13)
  const num = (v, digits = sig, ref = null) => editableNum(v, fmt(v, digits), ref, "n", h);
  const res = (v) => h("span", { class: "n n-res", props: { _v: v } }, fmt(v, sig + 2));
  // a negative operand in brackets; the brackets are texts either way (empty when positive), so a
  // sign that changes from step to step changes two texts, not the place of every node after it
  const factor = (v, digits = sig, ref = null) => (v < 0 ? ["(", num(v, digits, ref), ")"] : ["", num(v, digits, ref), ""]);

  /**
   * Digits for the operands of a line that adds products up to a shown result: `sig`, or more
   * (up to the result's sig + 2) when the sum of the operands as shown would not give the
   * shown result, so the line can be redone by hand. products: [[a, b], ...]; consts: [c, ...].
   */
  function handDigits(products, consts, total) {
    const shown = (v) => Number(fmt(v, sig + 2).replace("−", "-"));
    for (let d = sig; d < sig + 2; d++) {
      const r = (v) => (Number.isFinite(v) ? Number(v.toPrecision(d)) : v);
      let sum = 0;
      for (const [a, b] of products) sum += r(a) * r(b);
      for (const c of consts) sum += r(c);
      if (shown(sum) === shown(total)) return d;
    }
    return sig + 2;
  }

  /** The products dot() writes out (null when it shows only their sum). */
  function shownProducts(wRow, vec) {
    const n = vec.length;
    if (n <= FULL_TERMS) return Array.from({ length: n }, (_, k) => [wRow[k], vec[k]]);
    const nz = [];
    for (let k = 0; k < n; k++) if (vec[k] !== 0) nz.push([wRow[k], vec[k]]);
    return nz.length <= FULL_TERMS ? nz : null;
  }
  const symb = (name, subscript, idx) => h("span", { class: "sym" }, name, subscript !== undefined && subscript !== null ? h("sub", {}, subscript) : null, idx !== undefined ? `[${idx}]` : null);
  const op = (text) => h("span", { class: "op" }, text);
  const join = (parts, sep = " + ") => parts.flatMap((p, i) => (i ? [sep, p] : [p]));

  function row(lhs, ...rhs) {
    return h("div", { class: "eq" }, h("span", { class: "lhs" }, lhs), h("span", { class: "rhs" }, rhs));
  }
  function cont(...rhs) {
    return h("div", { class: "eq eq-cont" }, h("span", { class: "lhs" }), h("span", { class: "rhs" }, rhs));
  }

  /**
   * w·v products: all of them when few; the non-zero ones of a sparse (one-hot) vector;
   * otherwise the first few and the sum, with every term in a <details>.
   */
  function dot(wRow, vec, wName, vName, digits = sig, refs = {}) {
    const wRef = refs.w || (() => null);
    const vRef = refs.v || (() => null);
    const n = vec.length;
    let total = 0;
    for (let k = 0; k < n; k++) total += wRow[k] * vec[k];
    const prod = (k) => h("span", { class: "term", title: `${wName}[${k}]·${vName}[${k}]` }, factor(wRow[k], digits, wRef(k)), "·", factor(vec[k], digits, vRef(k)));
    if (n <= FULL_TERMS) return { nodes: join(Array.from({ length: n }, (_, k) => prod(k))), total };
    const nz = [];
    for (let k = 0; k < n; k++) if (vec[k] !== 0) nz.push(k);
    if (nz.length <= FULL_TERMS) {
      const parts = nz.map(prod);
      if (!parts.length) parts.push(num(0));
      return { nodes: [...join(parts), h("span", { class: "aside" }, tr("worked.others-zero", { n: n - nz.length, v: vName }))], total };
    }
    // every term, built when opened (the toggle listener in createWorked): the newest step's _fill
    const fill = () => h("div", { class: "term-list" }, join(Array.from({ length: n }, (_, k) => prod(k))));
    const det = h("details", { class: "terms", props: { _fill: fill } }, h("summary", {}, h("span", { class: "term-sum" }, tr("worked.sum", { n }), num(total, sig + 1))));
    return { nodes: [det], total };
  }

  const vecNodes = (arr, digits = sig, ref = null) => h("span", { class: "vec" }, "[", join(Array.from(arr, (v, k) => num(v, digits, ref && ref(k))), ", "), "]");

  function matrix(T, rows, ref = null) {
    // T: Tensor (R, C); rows: which rows (all when tiny); ref(r, c): the parameter of a cell
    const [, C] = T.shape;
    const cells = [];
    for (const r of rows) for (let c = 0; c < C; c++) cells.push(num(T.data[r * C + c], sig, ref && ref(r, c)));
    return h("span", { class: "mat", style: `grid-template-columns: repeat(${C}, auto);` }, cells);
  }
  function column(arr, ref = null) {
    return h("span", { class: "mat", style: "grid-template-columns: auto;" }, Array.from(arr, (v, k) => num(v, sig, ref && ref(k))));
  }
  function check(label, mine, recorded, float32) {
    if (recorded === undefined || recorded === null || mine === undefined) return null;
    const diff = Math.abs(mine - recorded);
    const tol = (float32 ? 5e-5 : 1e-9) * Math.max(1, Math.abs(recorded));
    const ok = diff <= tol || (Number.isNaN(mine) && Number.isNaN(recorded));
    return h(
      "p",
      { class: ok ? "check ok" : "check bad" },
      ok ? "✓ " : "⚠ ",
      tr("check.recorded", { label }),
      h("code", {}, fmtExact(recorded, float32)),
      ok ? (diff === 0 ? tr("check.identical") : tr("check.rounding", { d: diff.toExponential(1) })) : tr("check.differs", { v: fmtExact(mine) }),
    );
  }

  // ---- one unit of one cell

  function sources(run, v, t) {
    const { layer: l, dir: d, b } = v;
    const p = run.prevIndex(d, t, l, b);
    const s = l * run.D + d;
    // what can be edited here: the weights of this layer, layer 0's numeric inputs, the initial state
    const xEdit = l === 0 && !run.tokens && !run.embedding && Array.isArray(run.body.inputs);
    const w = (kind, g, r) => (c) => `w:${l}:${d}:${kind}:${g}:${r}:${c}`;
    return {
      ref: {
        w,
        b: (kind, g, r) => `w:${l}:${d}:${kind}:${g}:${r}:0`,
        x: xEdit ? (k) => `x:${b}:${t}:${k}` : null,
        h0: p === null ? (k) => `h0:${s}:${b}:${k}` : null,
        c0: p === null && run.cell === "lstm" ? (k) => `c0:${s}:${b}:${k}` : null,
      },
      x: run.layerInput(l, b, t),
      hPrev: run.prevState(l, d, b, t, "h"),
      cPrev: run.cell === "lstm" ? run.prevState(l, d, b, t, "c") : null,
      prevSub: p === null ? "init" : sub(p),
      tSub: sub(t),
      rec: (field, g) => {
        const tens = run.series(l, d, field, g);
        return tens ? tens.row(b, t) : null;
      },
    };
  }

  const symNames = (cell, g) =>
    cell === "rnn" ? { Wx: "W_ih", Wh: "W_hh", bx: "b_ih", bh: "b_hh" } : { Wx: `W_i${g}`, Wh: `W_h${g}`, bx: `b_i${g}`, bh: `b_h${g}` };

  /** pre-activation of gate g, unit j: the symbolic line and the numeric line. Returns {nodes, total}. */
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
    const hPart = dot(wh, src.hPrev, `${Wh}[${j}]`, `h${src.prevSub}`, dg, { w: R.w("W_h", g, j), v: R.h0 });
    const xPart = dot(wx, src.x, `${Wx}[${j}]`, `x${src.tSub}`, dg, { w: R.w("W_x", g, j), v: R.x });
    const sym = [
      symb(Wh, null, `${j},:`), "·", symb("h", src.prevSub),
      " + ", symb(Wx, null, `${j},:`), "·", symb("x", src.tSub),
      " + ", symb(bx, null, j), withBh ? [" + ", symb(bh, null, j)] : null,
    ];
    const numeric = [...hPart.nodes, " + ", ...xPart.nodes, " + ", ...factor(bxv, dg, R.b("b_x", g, j)), ...(withBh ? [" + ", ...factor(bhv, dg, R.b("b_h", g, j))] : [])];
    total = hPart.total + xPart.total + bxv + bhv; // the engine-order sum (the estimate above only chose the digits)
    const pRow = run.cell === "lstm" && canon.P ? { i: 0, o: 1, f: 2 }[g] : undefined;
    const cv = g === "o" ? src.cNew && src.cNew[j] : src.cPrev && src.cPrev[j];
    if (pRow !== undefined && cv !== undefined && cv !== null) {
      // a peephole (ONNX P): p_i·c_prev, p_f·c_prev, p_o·c_t
      const pv = canon.P.data[pRow * (canon.P.size / 3) + j]; // (3, H) or (3H,)
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
    const s = ACT_SYMBOL[act] ?? act;
    return row(lhs, op("= "), `${s}(`, res(z), ") = ", res(value));
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
      out.push(row(a, op("= "), L.sym));
      out.push(cont(op("= "), L.numeric, op(" = "), res(L.total)));
      out.push(row(hsym, op("= "), `${act}(`, symb("a", src.tSub, j), ") = ", `${act}(`, num(L.total, sig + 2), ") = ", res(all.h[j])));
      out.push(check(`a${src.tSub}[${j}]`, L.total, recPre && recPre[j], run.float32));
      return all;
    }
    const rin = src.rec("input_term", "h");
    const rrec = src.rec("recurrent_term", "h");
    if (rin && rrec) out.push(row(a, op("= "), "(W_ih·x + b_ih)[", String(j), "] + (W_hh·h + b_hh)[", String(j), "] = ", num(rin[j]), " + ", ...factor(rrec[j]), " = ", res(recPre ? recPre[j] : rin[j] + rrec[j])));
    else if (recPre) out.push(row(a, op("= "), res(recPre[j])));
    if (recH) out.push(row(hsym, op("= "), `${act}(`, recPre ? num(recPre[j], sig + 2) : "a", ") = ", res(recH[j])));
    return null;
  }

  function gateRows(run, src, canon, g, j, out) {
    const act = gateActivation(run.model, g);
    const s = ACT_SYMBOL[act] ?? act;
    const lhs = symb(g, src.tSub, j);
    if (canon && src.x && src.hPrev) {
      const L = preLine(run, src, canon, g, j);
      out.push(row(lhs, op("= "), `${s}(`, L.sym, ")"));
      out.push(cont(op("= "), `${s}(`, L.numeric, ")"));
      return L.total;
    }
    const rin = src.rec("input_term", g);
    const rrec = src.rec("recurrent_term", g);
    const pre = src.rec("pre_activation", g);
    const gv = src.rec("gates", g);
    if (rin && rrec) out.push(row(lhs, op("= "), `${s}(`, num(rin[j]), " + ", ...factor(rrec[j]), ") = ", `${s}(`, res(rin[j] + rrec[j]), ") = ", gv ? res(gv[j]) : "?"));
    else if (pre && gv) out.push(actLine(lhs, act, pre[j], gv[j]));
    else if (gv) out.push(row(lhs, op("= "), res(gv[j])));
    return null;
  }

  function lstmUnit(run, v, t, canon, src, j, out) {
    const full = canon && src.x && src.hPrev && src.cPrev;
    const all = full ? stepAll(run.model, canon, src.x, src.hPrev, src.cPrev, v.layer, src.only) : null;
    src.cNew = all ? all.c : null; // for a peephole on o
    const gv = {};
    for (const g of ["i", "f", "g", "o"]) {
      const z = gateRows(run, src, canon, g, j, out);
      const rec = src.rec("gates", g);
      gv[g] = all ? all.gates[g][j] : rec ? rec[j] : NaN;
      if (all) out.push(cont(op("= "), `${actSymbol(gateActivationSpec(run.model, g, v.layer))}(`, res(z), ") = ", res(gv[g])));
      if (all) out.push(check(`${g}${src.tSub}[${j}]`, gv[g], rec && rec[j], run.float32));
    }
    const cPrev = src.cPrev ? src.cPrev[j] : NaN;
    const recC = src.rec("c");
    const c = all ? all.c[j] : recC ? recC[j] : gv.f * cPrev + gv.i * gv.g;
    out.push(
      row(symb("c", src.tSub, j), op("= "), symb("f", src.tSub), "·", symb("c", src.prevSub), " + ", symb("i", src.tSub), "·", symb("g", src.tSub)),
      cont(op("= "), ...factor(gv.f), "·", ...factor(cPrev, sig, src.ref.c0 && src.ref.c0(j)), " + ", ...factor(gv.i), "·", ...factor(gv.g), " = ", res(c)),
    );
    if (recC) out.push(check(`c${src.tSub}[${j}]`, c, recC[j], run.float32));
    // h = o·output(c): tanh unless the layer says otherwise (Keras LSTM(activation="relu"), ONNX h)
    const outSpec = ((run.model.layers && run.model.layers[v.layer] && run.model.layers[v.layer].activations) || {}).output || "tanh";
    const outName = actSymbol(outSpec) || "id";
    const tc = (actFn(outSpec) || Math.tanh)(c);
    const m = gv.o * tc;
    const hsym = run.model.proj_size ? symb("m", src.tSub, j) : symb("h", src.tSub, j);
    out.push(
      row(hsym, op("= "), symb("o", src.tSub), `·${outName}(`, symb("c", src.tSub), ")"),
      cont(op("= "), ...factor(gv.o), `·${outName}(`, num(c, sig + 1), ") = ", ...factor(gv.o), "·", ...factor(tc), " = ", res(m)),
    );
    if (run.model.proj_size) {
      if (all && canon.W_proj && j < run.P) {
        const d = dot(canon.W_proj.row(j), all.m, `W_hr[${j}]`, "m");
        out.push(row(symb("h", src.tSub, j), op("= "), symb("W_hr", null, `${j},:`), "·", symb("m", src.tSub)), cont(op("= "), d.nodes, " = ", res(d.total)));
        const recH = src.rec("h");
        if (recH) out.push(check(`h${src.tSub}[${j}]`, d.total, recH[j], run.float32));
      } else out.push(h("p", { class: "aside" }, tr("worked.projection", { p: run.P })));
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
      if (all) out.push(cont(op("= "), `${actSymbol(gateActivationSpec(run.model, g, v.layer))}(`, res(z), ") = ", res(gv[g])));
    }
    const nsym = symb("n", src.tSub, j);
    const rs = () => symb("r", src.tSub);
    const hp = () => symb("h", src.prevSub); // a new node each time: a DOM node lives in one place
    if (all) {
      const R = src.ref;
      const xPart = dot(canon.W_x.n.row(j), src.x, `W_in[${j}]`, "x", sig, { w: R.w("W_x", "n", j), v: R.x });
      const A = xPart.total + canon.b_x.n.data[j];
      if (run.model.gru_reset_after === false) {
        const hPart = dot(canon.W_h.n.row(j), all.reset_h, `W_hn[${j}]`, "r⊙h", sig, { w: R.w("W_h", "n", j) });
        const B = hPart.total + canon.b_h.n.data[j];
        out.push(row(nsym, op("= "), "tanh(", symb("W_in", null, `${j},:`), "·", symb("x", src.tSub), " + ", symb("b_in", null, j), " + ", symb("W_hn", null, `${j},:`), "·(", rs(), "⊙", hp(), ") + ", symb("b_hn", null, j), ")"));
        out.push(cont(op("= "), "tanh(", xPart.nodes, " + ", ...factor(canon.b_x.n.data[j], sig, R.b("b_x", "n", j)), " + ", hPart.nodes, " + ", ...factor(canon.b_h.n.data[j], sig, R.b("b_h", "n", j)), ")"));
        out.push(cont(op("= "), "tanh(", res(A + B), ") = ", res(all.gates.n[j])));
      } else {
        const hPart = dot(canon.W_h.n.row(j), src.hPrev, `W_hn[${j}]`, "h", sig, { w: R.w("W_h", "n", j), v: R.h0 });
        const B = hPart.total + canon.b_h.n.data[j];
        out.push(row(nsym, op("= "), "tanh(", symb("W_in", null, `${j},:`), "·", symb("x", src.tSub), " + ", symb("b_in", null, j), " + ", symb("r", src.tSub, j), "·(", symb("W_hn", null, `${j},:`), "·", hp(), " + ", symb("b_hn", null, j), "))"));
        out.push(cont(op("= "), "tanh(", xPart.nodes, " + ", ...factor(canon.b_x.n.data[j], sig, R.b("b_x", "n", j)), " + ", ...factor(gv.r), "·(", hPart.nodes, " + ", ...factor(canon.b_h.n.data[j], sig, R.b("b_h", "n", j)), "))"));
        out.push(cont(op("= "), "tanh(", num(A, sig + 1), " + ", ...factor(gv.r), "·", ...factor(B), ") = tanh(", res(A + gv.r * B), ") = ", res(all.gates.n[j])));
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
      row(symb("h", src.tSub, j), op("= "), "(1 − ", symb("z", src.tSub), ")·", symb("n", src.tSub), " + ", symb("z", src.tSub), "·", hp()),
      cont(op("= "), "(1 − ", num(gv.z), ")·", ...factor(gv.n), " + ", num(gv.z), "·", ...factor(hPrev, sig, src.ref.h0 && src.ref.h0(j)), " = ", res(hv)),
    );
    const recH = src.rec("h");
    if (all && recH) out.push(check(`h${src.tSub}[${j}]`, hv, recH[j], run.float32));
    return all;
  }

  // ---- the whole layer, for tiny models

  function tinyBlock(run, canon, src, all) {
    const gates = run.gates;
    const lines = [];
    const tS = src.tSub;
    for (const g of gates) {
      const { Wx, Wh, bx, bh } = symNames(run.cell, g);
      const act = gateActivation(run.model, g);
      const s = run.cell === "rnn" ? null : ACT_SYMBOL[act];
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
      lines.push(
        row(lhs, op("= "), s ? `${s}(` : "", symb(Wh), "·", symb("h", src.prevSub), " + ", symb(Wx), "·", symb("x", tS), " + ", symb(bx), bhNonZero ? [" + ", symb(bh)] : null, s ? ")" : ""),
        cont(op("= "), s ? `${s}(` : "", inner, s ? ")" : ""),
        cont(op("= "), s ? [`${s}(`, vecNodes(all.pre_activation[g]), ") = "] : "", vecNodes(run.cell === "rnn" ? all.pre_activation[g] : all.gates[g], sig + 2)),
      );
      if (run.cell === "rnn") lines.push(row(symb("h", tS), op("= "), `${act}(`, symb("a", tS), ") = ", vecNodes(all.h, sig + 2)));
    }
    if (run.cell === "lstm") {
      lines.push(row(symb("c", tS), op("= "), "f⊙", symb("c", src.prevSub), " + i⊙g = ", vecNodes(all.gates.f), "⊙", vecNodes(src.cPrev), " + ", vecNodes(all.gates.i), "⊙", vecNodes(all.gates.g), " = ", vecNodes(all.c, sig + 2)));
      lines.push(row(symb("h", tS), op("= "), "o⊙tanh(c) = ", vecNodes(all.gates.o), "⊙", vecNodes(all.c.map(Math.tanh)), " = ", vecNodes(all.h, sig + 2)));
    }
    if (run.cell === "gru") {
      lines.push(row(symb("h", tS), op("= "), "(1 − z)⊙n + z⊙", symb("h", src.prevSub), " = ", vecNodes(all.h, sig + 2)));
    }
    return h("details", { class: "tiny", open: tinyOpen ?? run.cell === "rnn" }, h("summary", {}, tr("worked.tiny")), h("div", { class: "eqs" }, lines)); // open kept from step to step
  }

  // ---- readout

  function readoutBlock(run, v, t, canon) {
    if (!run.y || v.layer !== run.L - 1) return null;
    const out = [];
    const outVec = run.output.row(v.b, t);
    const recY = run.y.row(v.b, t);
    const act = (run.model.readout && run.model.readout.activation) || "identity";
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
      const d = dot(wk, outVec, `W[${k}]`, "out", dg, { w: (c) => `ro:W:${k}:${c}` });
      const zs = symb(act === "identity" ? "y" : "s", tS, k); // s: the logit (z is a gate's name)
      out.push(h("p", { class: "aside" }, tr("worked.readout", { cls })));
      out.push(row(zs, op("= "), symb("W", null, `${k},:`), "·", symb(run.D === 2 ? "[h→; h←]" : "h", tS), " + ", symb("b", null, k)));
      out.push(cont(op("= "), d.nodes, " + ", ...factor(bk, dg, `ro:b:${k}:0`), " = ", res(r.z[k])));
      if (act === "softmax") {
        // exp of the logits as they are when that is safe; else shifted by the largest (same ratio)
        const mx = Math.max(...r.z);
        const shift = Math.max(...r.z.map(Math.abs)) > 80 ? mx : 0;
        const denom = r.z.reduce((a, z) => a + Math.exp(z - shift), 0);
        // the class goes in brackets, the step in the subscript: s_t[q], as everywhere else
        const e = (q) => (shift ? `exp(s${tS}[${q}] − ${fmt(shift, sig)})` : `exp(s${tS}[${q}])`);
        const all = shift ? `exp(s${tS} − max)` : `exp(s${tS})`;
        out.push(row(symb("y", tS, k), op("= "), `${e(k)} / Σ ${all} = `, num(Math.exp(r.z[k] - shift)), " / ", num(denom), " = ", res(r.y[k])));
        if (r.z.length <= 8) {
          out.push(cont(h("span", { class: "aside" }, `Σ ${all} = `, join(Array.from(r.z, (z) => num(Math.exp(z - shift))), " + "))));
        }
      } else if (act !== "identity") {
        out.push(row(symb("y", tS, k), op("= "), `${ACT_SYMBOL[act]}(`, num(r.z[k], sig + 2), ") = ", res(r.y[k])));
      }
      out.push(check(`y${tS}[${k}]`, r.y[k], recY[k], run.float32));
    } else {
      out.push(row(symb("y", tS), op("= "), vecNodes(recY, sig + 2)));
    }
    return h("div", { class: "readout-block" }, out);
  }

  // ---- render

  /**
   * The worked step of unit v.unit at step t. `lazy` (a step, not an edit or a new view): the
   * blocks away from the screen are described but not written (see `pending`).
   */
  function render(run, v, t, canon, { lazy = false } = {}) {
    if (!run) {
      steady.keep(null);
      pending.clear();
      return replaceChildren(el);
    }
    sig = v.digits || 3;
    const j = Math.min(v.unit, run.H - 1);
    const src = sources(run, v, t);
    // the weight products of unit j only, unless the whole layer's vectors are shown (tiny models)
    src.only = run.H > TINY || run.P > TINY ? j : null;
    const params = canon && canon.layers[v.layer] && canon.layers[v.layer][v.dir];
    const out = [];
    const tok = run.tokenAt(v.b, t);
    const where = [tr("worked.unit", { j }), tr("layer.n", { n: v.layer }), run.D === 2 ? tr(v.dir ? "dir.backward" : "dir.forward") : null, run.B > 1 ? tr("sequence.n", { b: v.b }) : null].filter(Boolean).join(tr("sep"));
    const prevNote =
      src.prevSub === "init"
        ? tr("worked.prev-init", { zeros: isZero(src.hPrev) ? tr("worked.zeros") : "" })
        : tr("worked.prev", { sub: src.prevSub, p: run.prevIndex(v.dir, t, v.layer, v.b), back: v.dir === 1 || run.reverseLayer(v.layer) ? tr("worked.backward-note") : "" });
    const xNote =
      v.layer > 0
        ? tr("worked.x-layer", { sub: src.tSub, l: v.layer - 1, bi: run.D === 2 ? tr("worked.x-bi") : "" })
        : tok !== null && tok !== ""
          ? run.tokens
            ? tr(run.embedding ? "openmodel.x-embedding" : "worked.x-onehot", { sub: src.tSub, tok: visibleToken(tok) })
            : `x${src.tSub} = ${tok}`
          : tr("worked.x-step", { sub: src.tSub, t });
    out.push(h("p", { class: "worked-where" }, tr("worked.where", { where, x: xNote, prev: prevNote })));
    const kit = { num, res, factor, symb, op, row, cont, dot, check, vec: vecNodes, sig };
    const emb = embeddingBlock(run, v, t, canon, kit);
    if (emb) out.push(emb);
    if (run.body.weights && run.body.weights.format === "book" && run.cell === "rnn") {
      out.push(h("p", { class: "aside" }, tr("worked.book")));
    }
    // past a row's length (lengths) or at a masked step (Keras mask_zero) the cell does not run
    const len = run.lengths ? run.lengths[v.b] : null;
    const masked = run.model.embedding && run.model.embedding.mask_zero && idAt(run, v.b, t) === 0;
    if ((len && t >= len) || masked) {
      out.push(h("p", { class: "aside skipped-step" }, masked ? tr("openmodel.masked") : tr("openmodel.past-length", { n: len })));
      if (run.head && headIsFinal(run)) out.push(headBlock(run, v, t, canon, kit));
      pending.clear(); // no blocks at this step: none waits
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
    // only a step of the same drawing waits: a new run, view or edit writes every block
    const keepAway = lazy && run === lastRun && t !== lastT && key === lastKey && liveBlocks.length === blocks.length && el.children[out.length] === live;
    if (!keepAway) pending.clear();
    out.push(
      h(
        "div",
        { class: "eqs eq-blocks" },
        blocks.map((b, i) => {
          if (!keepAway || isNear(liveBlocks[i])) {
            if (keepAway) pending.delete(liveBlocks[i]);
            return b;
          }
          pending.set(liveBlocks[i], b);
          return liveBlocks[i]; // the very element: morph() leaves it as it is
        }),
      ),
    );
    const clip = run.model.layers && run.model.layers[v.layer] && run.model.layers[v.layer].clip;
    if (clip) out.push(h("p", { class: "aside" }, tr("openmodel.clip", { clip }))); // ONNX clip
    if (!params) {
      out.push(h("p", { class: "aside" }, tr(canon === undefined ? "worked.loading" : "worked.too-large")));
    }
    const tiny = params && all && run.H <= TINY && run.P <= TINY && src.x && src.x.length <= TINY && !run.model.proj_size;
    if (tiny) out.push(tinyBlock(run, params, src, all));
    const ro = run.head && (run.model.head || run.model.embedding || run.model.head_on === "final") ? headBlock(run, v, t, canon, kit) : readoutBlock(run, v, t, canon);
    if (ro) out.push(ro);
    write(out);
    lastKey = key;
    lastRun = run;
    lastT = t;
    // what is stepped through: a weight edited in place keeps the floor, another network or language drops it
    steady.keep(key);
  }

  /** The worked step's content written (keyed: only the changed texts and attributes), and its
   *  blocks' lines watched; a block waiting from an earlier step is then either written or gone. */
  function write(out) {
    keepFocus(el, () => morph(el, out));
    watchBlocks();
  }

  /** Waiting blocks written now: [block, its newest description] pairs. */
  function writePending(blocks) {
    if (!blocks.length) return;
    for (const [block] of blocks) pending.delete(block);
    keepFocus(el, () => {
      for (const [block, desc] of blocks) if (block.isConnected) morph(block, desc.kids);
    });
    watchBlocks();
  }

  /** Every waiting block written now (the app's catch-up once the steps pause). */
  function flush() {
    writePending([...pending]);
  }

  return { render, flush };
}

/**
 * The unit's equations in blocks, one from each line that names a quantity (i, f, g, o, c, h…)
 * through its continuation lines and check: `display: contents` boxes, so the lines stay in the
 * one grid and their "=" signs line up. A block is what a step writes or leaves for later.
 */
function eqBlocks(lines) {
  const blocks = [];
  for (const line of lines) {
    if (!line) continue;
    if (!blocks.length || (line.tag === "div" && line.attrs[1] === "eq")) blocks.push([]);
    blocks[blocks.length - 1].push(line);
  }
  return blocks.map((b) => h("div", { class: "eq-block" }, b));
}

function isZero(arr) {
  if (!arr) return false;
  for (const v of arr) if (v !== 0) return false;
  return true;
}
