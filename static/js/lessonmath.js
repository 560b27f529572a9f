// The lesson texts' small markup, as DOM nodes (never HTML): paragraphs split by blank lines,
// `code`, **bold**, and inline math between $…$ in a TeX subset (docs/lessons.md): x_t, x_{t-1},
// h^2, \sigma, \odot, \tanh, \frac{a}{b}, \mathrm{…}, greek letters and a few operators.

import { h } from "./dom.js";

const SYMBOLS = Object.freeze({
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", eta: "η", theta: "θ", lambda: "λ", mu: "μ",
  pi: "π", rho: "ρ", sigma: "σ", tau: "τ", phi: "φ", omega: "ω", Delta: "Δ", Sigma: "Σ", Omega: "Ω",
  odot: "⊙", cdot: "·", times: "×", partial: "∂", approx: "≈", le: "≤", ge: "≥", leq: "≤", geq: "≥",
  ne: "≠", neq: "≠", to: "→", rightarrow: "→", leftarrow: "←", infty: "∞", sum: "Σ", prod: "Π", pm: "±",
  ldots: "…", dots: "…", in: "∈", lVert: "‖", rVert: "‖", Vert: "‖", nabla: "∇", circ: "∘", quad: "\u2003",
  ",": "\u2009", "{": "{", "}": "}", "%": "%", "$": "$",
});
const FUNCTIONS = new Set(["tanh", "exp", "log", "max", "min", "softmax", "diag", "relu"]);

/** The nodes of one TeX-subset expression (the text between two $). */
export function mathNodes(tex) {
  let i = 0;
  function group() {
    // one argument: {…}, \command or a single character
    if (tex[i] === "{") {
      i += 1;
      const out = seq("}");
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
      const name = m[1];
      if (name === "frac") {
        const a = group();
        const b = group();
        return [h("span", { class: "m-frac" }, h("span", { class: "m-num" }, a), h("span", { class: "m-den" }, b))];
      }
      if (name === "mathrm" || name === "text" || name === "operatorname") return [h("span", { class: "m-rm" }, group())];
      if (name === "mathbf" || name === "boldsymbol") return [h("b", {}, group())];
      if (name === "hat" || name === "bar" || name === "tilde") return [h("span", { class: `m-${name}` }, group())];
      if (FUNCTIONS.has(name)) return [h("span", { class: "m-rm" }, name)];
      return [SYMBOLS[name] ?? name];
    }
    i += 1;
    if (/[A-Za-z]/.test(c)) return [h("i", {}, c)];
    if (c === "-") return ["−"];
    return [c];
  }
  function seq(end) {
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
  return h("span", { class: "math" }, seq(undefined));
}

function inline(text) {
  const out = [];
  const re = /\$([^$]+)\$|`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(mathNodes(m[1]));
    else if (m[2] !== undefined) out.push(h("code", {}, m[2]));
    else out.push(h("strong", {}, m[3]));
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A lesson text as paragraphs. */
export function richText(text) {
  return String(text)
    .split(/\n\s*\n/)
    .map((p) => h("p", {}, inline(p.trim())));
}
