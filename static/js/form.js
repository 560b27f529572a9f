// The configuration form: request body -> fields (fill) and fields -> request body (read),
// and the API's errors shown next to the field their `loc` names. No fetching here.

import { $, $$, h } from "./dom.js";
import { bytes } from "./format.js";
import { explainError } from "./apierrors.js";
import { tr } from "./i18n.js";
import { fillGradients, gradientFields, readGradients, updateGradientVisibility } from "./gradform.js";

const LARGE_EDITOR = 400_000; // characters of weights JSON beyond which the editor is not filled

export class FieldErrors extends Error {
  constructor(detail) {
    super(detail.map((d) => d.msg).join("; "));
    this.detail = detail;
  }
}

/** JSON with arrays of numbers on one line: matrices read as matrices. */
export function prettyJson(v, indent = "") {
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== "object")) return JSON.stringify(v).replace(/,/g, ", ");
    return "[\n" + v.map((x) => inner + prettyJson(x, inner)).join(",\n") + "\n" + indent + "]";
  }
  if (v && typeof v === "object") {
    const keys = Object.keys(v);
    if (!keys.length) return "{}";
    return "{\n" + keys.map((k) => `${inner}${JSON.stringify(k)}: ${prettyJson(v[k], inner)}`).join(",\n") + "\n" + indent + "}";
  }
  return JSON.stringify(v);
}

function jsonError(e, text) {
  // "Unexpected token } in JSON at position 42" -> line and column
  const m = /position (\d+)/.exec(e.message);
  if (m) {
    const pos = +m[1];
    const before = text.slice(0, pos);
    const line = before.split("\n").length;
    const col = pos - before.lastIndexOf("\n");
    return tr("form.bad-json-at", { line, col, msg: e.message.replace(/ in JSON at position \d+.*/, "") });
  }
  return tr("form.bad-json", { msg: e.message });
}

export function createForm() {
  const f = {
    form: $("#config-form"),
    cell: $("#m-cell"),
    layers: $("#m-layers"),
    input: $("#m-input"),
    hidden: $("#m-hidden"),
    bidir: $("#m-bidir"),
    nonlin: $("#m-nonlin"),
    gateact: $("#m-gateact"),
    resetafter: $("#m-resetafter"),
    proj: $("#m-proj"),
    readout: $("#m-readout"),
    readoutAct: $("#m-readout-act"),
    wFormat: $("#w-format"),
    wSeed: $("#w-seed"),
    wSeedField: $("#w-seed-field"),
    wJson: $("#w-json"),
    wLarge: $("#w-large"),
    kindNumbers: $("#in-kind-numbers"),
    kindText: $("#in-kind-text"),
    inNumbersField: $("#in-numbers-field"),
    inNumbers: $("#in-numbers"),
    inTextFields: $("#in-text-fields"),
    inText: $("#in-text"),
    inMulti: $("#in-multi"),
    inVocab: $("#in-vocab"),
    inPad: $("#in-pad"),
    init: $("#init-json"),
    dtype: $("#o-dtype"),
    trace: $("#o-trace"),
    grad: gradientFields(),
  };
  let base = {}; // the body last filled in: keys the form does not show are kept
  let largeWeights = null; // weights too large for the editor, kept as an object

  function setWeights(w) {
    largeWeights = null;
    f.wLarge.hidden = true;
    f.wJson.disabled = false;
    const fmtName = (w && w.format) || "pytorch";
    f.wFormat.value = fmtName;
    f.wFormat.dataset.current = fmtName;
    if (fmtName === "random") {
      f.wSeed.value = String(w.seed ?? 0);
      f.wJson.value = prettyJson(w);
      f.wJson.readOnly = true;
    } else {
      f.wJson.readOnly = false;
      const text = prettyJson(w);
      if (text.length > LARGE_EDITOR) {
        largeWeights = w;
        f.wJson.value = "";
        f.wJson.disabled = true;
        f.wLarge.hidden = false;
        f.wLarge.textContent = tr("form.large-weights", { size: bytes(text.length) });
      } else {
        f.wJson.value = text;
      }
    }
    updateVisibility();
  }

  function fill(body) {
    base = structuredClone(body || {});
    const m = base.model || {};
    f.cell.value = m.cell || "rnn";
    f.layers.value = String(m.num_layers ?? 1);
    f.input.value = m.input_size ?? "";
    f.hidden.value = m.hidden_size ?? "";
    f.bidir.checked = !!m.bidirectional;
    f.nonlin.value = m.nonlinearity || "tanh";
    f.gateact.value = m.gate_activation || "sigmoid";
    f.resetafter.checked = m.gru_reset_after !== false;
    f.proj.value = String(m.proj_size ?? 0);
    f.readout.value = String((m.readout && m.readout.size) || 0);
    f.readoutAct.value = (m.readout && m.readout.activation) || "identity";
    setWeights(base.weights || { format: "random", seed: 0 });
    const inp = base.inputs;
    if (inp && !Array.isArray(inp) && typeof inp === "object" && Array.isArray(inp.ids)) {
      f.kindNumbers.checked = true; // token ids for a model with an embedding: {"ids": …} as JSON
      f.inNumbers.value = JSON.stringify(inp);
    } else if (inp && !Array.isArray(inp) && typeof inp === "object") {
      f.kindText.checked = true;
      f.inMulti.checked = Array.isArray(inp.texts);
      f.inText.value = Array.isArray(inp.texts) ? inp.texts.join("\n") : String(inp.text ?? "");
      f.inVocab.value = Array.isArray(inp.vocabulary) ? inp.vocabulary.join("") : String(inp.vocabulary ?? "");
      f.inPad.checked = !!inp.pad;
    } else {
      f.kindNumbers.checked = true;
      const text = JSON.stringify(inp ?? []);
      f.inNumbers.value = text.length < 20_000 ? prettyJson(inp ?? []) : text;
    }
    const init = base.initial_state;
    f.init.value = init ? prettyJson(init) : "";
    const o = base.options || {};
    f.dtype.value = o.dtype || "auto";
    f.trace.value = traceChoice(o.trace);
    fillGradients(f.grad, o.gradients);
    clearErrors();
    updateVisibility();
  }

  function traceChoice(list) {
    if (!Array.isArray(list)) return "auto";
    const set = new Set(list);
    if (set.has("input_term") || set.has("recurrent_term")) return "all";
    if (set.has("gates") || set.has("pre_activation")) return "states-gates";
    return "states";
  }

  /** The trace fields of a choice, for a cell. */
  function traceFields(choice, cell) {
    const states = cell === "lstm" ? ["h", "c"] : ["h"];
    if (choice === "states") return states;
    if (choice === "states-gates") return cell === "rnn" ? [...states, "pre_activation"] : [...states, "gates"];
    if (choice === "all") return ["input_term", "recurrent_term", "pre_activation", ...(cell === "rnn" ? [] : ["gates"]), ...states]; // named: auto would thin a big run (issue 11)
    return null; // auto
  }

  function intOrNull(input) {
    const v = input.value.trim();
    return v === "" ? null : Number(v);
  }

  function read() {
    const errors = [];
    const body = structuredClone(base);
    const cell = f.cell.value;
    const model = { ...(base.model || {}), cell };
    const setNum = (key, input, dflt) => {
      const v = intOrNull(input);
      if (v === null || (dflt !== undefined && v === dflt && !(base.model && key in base.model))) delete model[key];
      else if (!Number.isInteger(v) || v < 0) errors.push({ loc: ["body", "model", key], msg: tr("form.whole-number") });
      else model[key] = v;
    };
    setNum("input_size", f.input);
    setNum("hidden_size", f.hidden);
    setNum("num_layers", f.layers, 1);
    if (f.bidir.checked || (base.model && "bidirectional" in base.model)) model.bidirectional = f.bidir.checked;
    delete model.nonlinearity;
    delete model.gate_activation;
    delete model.gru_reset_after;
    delete model.proj_size;
    if (cell === "rnn" && (f.nonlin.value !== "tanh" || base.model?.nonlinearity)) model.nonlinearity = f.nonlin.value;
    if (cell !== "rnn" && (f.gateact.value !== "sigmoid" || base.model?.gate_activation)) model.gate_activation = f.gateact.value;
    if (cell === "gru" && (!f.resetafter.checked || "gru_reset_after" in (base.model || {}))) model.gru_reset_after = f.resetafter.checked;
    if (cell === "lstm") setNum("proj_size", f.proj, 0);
    const ro = intOrNull(f.readout);
    if (ro) {
      model.readout = { ...(base.model?.readout || {}), size: ro };
      if (f.readoutAct.value !== "identity" || base.model?.readout?.activation) model.readout.activation = f.readoutAct.value;
    } else delete model.readout;
    body.model = model;

    // weights
    if (f.wFormat.value === "random") {
      const seed = intOrNull(f.wSeed);
      if (seed === null || !Number.isInteger(seed)) errors.push({ loc: ["body", "weights", "seed"], msg: tr("form.seed-whole") });
      body.weights = { ...(base.weights?.format === "random" ? base.weights : {}), format: "random", seed: seed ?? 0 };
    } else if (largeWeights) {
      body.weights = largeWeights;
    } else {
      try {
        const w = JSON.parse(f.wJson.value);
        if (!w || typeof w !== "object" || Array.isArray(w)) throw new Error(tr("form.weights-object"));
        w.format = w.format || f.wFormat.value;
        body.weights = w;
      } catch (e) {
        errors.push({ loc: ["body", "weights", "json"], msg: e instanceof SyntaxError ? jsonError(e, f.wJson.value) : e.message });
      }
    }

    // inputs
    if (f.kindText.checked) {
      const text = f.inText.value;
      const inp = f.inMulti.checked ? { texts: text.split(/\r?\n/).filter((l) => l.length) } : { text };
      if (f.inVocab.value) inp.vocabulary = f.inVocab.value;
      if (f.inPad.checked) inp.pad = true;
      if (base.inputs && base.inputs.split) inp.split = base.inputs.split; // "words" over an opened model's vocabulary
      if (!text.length) errors.push({ loc: ["body", "inputs", "text"], msg: tr("form.type-text") });
      body.inputs = inp;
    } else {
      try {
        const v = JSON.parse(f.inNumbers.value);
        if (!Array.isArray(v) && !(v && Array.isArray(v.ids))) throw new Error(tr("form.inputs-list"));
        body.inputs = v;
      } catch (e) {
        errors.push({ loc: ["body", "inputs", "numbers"], msg: e instanceof SyntaxError ? jsonError(e, f.inNumbers.value) : e.message });
      }
    }

    // initial state
    const init = f.init.value.trim();
    if (init) {
      try {
        const v = JSON.parse(init);
        if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error(tr("form.state-object"));
        body.initial_state = v;
      } catch (e) {
        errors.push({ loc: ["body", "initial_state", "json"], msg: e instanceof SyntaxError ? jsonError(e, init) : e.message });
      }
    } else delete body.initial_state;

    // options
    const options = { ...(base.options || {}) };
    delete options.encoding;
    if (f.dtype.value === "auto") delete options.dtype;
    else options.dtype = f.dtype.value;
    const tf = f.trace.value === "auto" ? undefined : traceFields(f.trace.value, cell);
    if (tf) options.trace = tf;
    else delete options.trace;
    const grad = readGradients(f.grad, errors, options.gradients);
    if (grad) options.gradients = grad;
    else delete options.gradients;
    if (Object.keys(options).length) body.options = options;
    else delete body.options;

    if (errors.length) throw new FieldErrors(errors);
    return body;
  }

  // ---- errors next to their fields

  function containerFor(loc) {
    const path = loc[0] === "body" ? loc.slice(1) : loc;
    const top = path[0];
    let key;
    if (top === "weights") key = ["format", "seed"].includes(path[1]) ? `weights.${path[1]}` : "weights.json";
    else if (top === "inputs") key = f.kindText.checked ? (path[1] === "vocabulary" ? "inputs.vocabulary" : path[1] === "pad" ? "inputs.pad" : "inputs.text") : "inputs.numbers";
    else if (top === "initial_state") key = "initial_state.json";
    else if (top === "model" && path[1] === "readout") key = path[2] === "activation" ? "model.readout.activation" : "model.readout.size";
    else key = path.join(".");
    const parts = key.split(".");
    for (let n = parts.length; n > 0; n--) {
      const el = document.querySelector(`[data-loc="${CSS.escape(parts.slice(0, n).join("."))}"]`);
      if (el && !el.hidden && el.offsetParent !== null) return el;
      if (el && n === 1) return el;
    }
    return $("#general-errors");
  }

  /** Where an error is: the field's own label (in the page's language), then the rest of loc. */
  function describe(loc, box) {
    const path = (loc[0] === "body" ? loc.slice(1) : loc).filter((p) => p !== "json" && p !== "numbers");
    const label = box && box.dataset.loc ? box.querySelector(":scope > label, :scope > summary") : null;
    if (!label) return path.join(" › ");
    const own = box.dataset.loc.split(".");
    const rest = path.filter((p) => !own.includes(String(p)));
    return [label.textContent.trim(), ...rest].join(" › ");
  }

  function clearErrors() {
    for (const el of $$(".field-error", f.form)) el.remove();
    for (const el of $$("[aria-invalid]", f.form)) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-errormessage");
    }
    for (const el of $$(".has-error", f.form)) el.classList.remove("has-error");
  }

  let errSeq = 0;
  /** Show each {loc, msg} next to its field; returns the first control with an error. */
  function showErrors(detail) {
    clearErrors();
    let first = null;
    for (const d of detail) {
      const box = containerFor(d.loc);
      const details = box.closest("details");
      if (details) details.open = true;
      const id = `field-error-${++errSeq}`;
      const where = describe(d.loc, box);
      const p = h("p", { class: "field-error", id, role: "alert" }, where ? h("strong", {}, where + tr("sep.colon")) : null, explainError(d));
      box.append(p);
      box.classList.add("has-error");
      const control = box.querySelector("textarea, input:not([type=radio]), select");
      if (control) {
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-errormessage", id);
        first = first || control;
        // point at the offending key in the JSON editor
        const key = d.loc[d.loc.length - 1];
        if (control === f.wJson && typeof key === "string" && key !== "json") {
          const at = f.wJson.value.indexOf(JSON.stringify(key));
          if (at >= 0) f.wJson.setSelectionRange(at, at + key.length + 2);
        }
      }
    }
    return first;
  }

  function updateVisibility() {
    const cell = f.cell.value;
    for (const el of $$("[data-cells]", f.form)) el.hidden = !el.dataset.cells.split(" ").includes(cell);
    f.wSeedField.hidden = f.wFormat.value !== "random";
    const text = f.kindText.checked;
    f.inNumbersField.hidden = text;
    f.inTextFields.hidden = !text;
    f.readoutAct.disabled = !intOrNull(f.readout);
    updateGradientVisibility(f.grad);
  }

  return {
    fields: f,
    fill,
    read,
    setWeights,
    showErrors,
    clearErrors,
    updateVisibility,
    traceFields,
    /** Weights as the form holds them (for conversion), or null when the editor does not parse. */
    currentWeights() {
      try {
        return read().weights;
      } catch {
        return null;
      }
    },
    setSizes(model) {
      if (!f.input.value && model.input_size) f.input.value = model.input_size;
      if (!f.hidden.value && model.hidden_size) f.hidden.value = model.hidden_size;
    },
  };
}
