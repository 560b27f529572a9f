// Opening a user's own model (issue 9): one "Open model…" file picker and drag-and-drop
// anywhere on the page post the files to /api/v1/weights/import (the multipart field `file`
// repeated: a .onnx with its .onnx.data, a model with its vocab.txt); a card then says what the
// file holds in the framework's own words, its warnings, its vocabulary and the inputs it wants,
// before anything runs. The inputs (token ids, text over the vocabulary, numbers from a CSV file)
// are read here and handed to the form; the app runs them as any other network.

import * as api from "./api.js";
import { $, h, replaceChildren } from "./dom.js";
import { EV, on } from "./events.js";
import { fmt } from "./format.js";
import { tr } from "./i18n.js";
import { InputProblem, checkText, parseCsv, parseIds, splitText } from "./modelinputs.js";

/** Every extension the import accepts (the picker's `accept`); .csv is read here as numeric inputs. */
export const ACCEPT = Object.freeze([".pt", ".pth", ".bin", ".keras", ".h5", ".onnx", ".data", ".safetensors", ".npz", ".json", ".txt", ".csv"]);

const SAMPLE = 5; // tokens of the vocabulary the text and ids fields start with

const ext = (name) => {
  const m = /\.[^.]+$/.exec(String(name).toLowerCase());
  return m ? m[0] : "";
};

const CELL_NAME = { rnn: "RNN", lstm: "LSTM", gru: "GRU" };

/** The model in a few words when the server gave no `summary`: Embedding(V→E) → LSTM(64) → Dense(1, sigmoid). */
export function describeModel(model) {
  const parts = [];
  if (model.embedding) parts.push(`Embedding(${model.embedding.num_embeddings}→${model.embedding.embedding_dim})`);
  const layers = Array.isArray(model.layers) && model.layers.length
    ? model.layers
    : Array.from({ length: model.num_layers || 1 }, () => ({ direction: model.bidirectional ? "bidirectional" : "forward" }));
  for (const l of layers) {
    const cell = `${CELL_NAME[l.cell || model.cell] || model.cell}(${l.hidden_size || model.hidden_size})`;
    if (l.direction === "bidirectional") parts.push(`Bidirectional(${cell}, ${l.merge_mode || "concat"})`);
    else if (l.direction === "reverse") parts.push(`${cell} ←`);
    else parts.push(cell);
  }
  const head = Array.isArray(model.head) ? model.head : model.readout ? [model.readout] : [];
  for (const d of head) {
    const act = d.activation && typeof d.activation === "object" ? d.activation.name : d.activation;
    parts.push(act && act !== "identity" && act !== "linear" ? `Dense(${d.size}, ${act})` : `Dense(${d.size})`);
  }
  return parts.join(" → ");
}

/** What the model takes: "ids" (and "text" with a vocabulary) for an embedding, else "numbers". */
export function inputKinds(answer) {
  const m = answer.model || {};
  if (m.embedding) return Array.isArray(answer.vocabulary) && answer.vocabulary.length ? ["ids", "text"] : ["ids"];
  return ["numbers"];
}

/** Characters or words: words when the vocabulary's tokens are mostly longer than one character. */
export function guessSplit(vocabulary) {
  if (!Array.isArray(vocabulary) || !vocabulary.length) return "chars";
  const sample = vocabulary.slice(0, 200);
  const long = sample.filter((t) => [...String(t)].length > 1).length;
  return long > sample.length / 2 ? "words" : "chars";
}

export function bindOpenModel(app) {
  const root = document.documentElement;
  const card = $("#model-card");
  const picker = $("#open-model-file");
  if (!card || !picker) return null;
  if (root.dataset.standalone) {
    // the standalone page has no server to read files
    for (const el of [$("#open-model"), $("#w-open")]) if (el) el.hidden = true;
    return null;
  }
  picker.accept = ACCEPT.join(",");
  picker.multiple = true;

  let opened = null; // {names, answer} of the model on the card
  let problem = null; // {names, messages} when the last upload failed
  let mine = false; // the run in flight was started from the card
  let reading = null; // the names being read
  let fields = null; // the card's controls
  let csv = null; // the parsed CSV {values, T, I, header, name}

  // ---- the picker and the drop overlay

  for (const btn of [$("#open-model"), $("#w-open")]) if (btn) btn.addEventListener("click", () => picker.click());
  picker.addEventListener("change", () => {
    const files = Array.from(picker.files || []);
    picker.value = "";
    if (files.length) openFiles(files);
  });

  const overlay = h(
    "div",
    { id: "drop-overlay", class: "drop-overlay", "aria-hidden": "true", hidden: true },
    h("div", { class: "drop-box" }, h("strong", {}, tr("openmodel.drop")), h("span", {}, ACCEPT.join(" "))),
  );
  document.body.append(overlay);
  let depth = 0;
  const hasFiles = (e) => !!e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files");
  const hide = () => {
    depth = 0;
    overlay.hidden = true;
    root.classList.remove("dropping");
  };
  window.addEventListener(
    "dragenter",
    (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth += 1;
      overlay.hidden = false;
      root.classList.add("dropping");
    },
    true,
  );
  window.addEventListener(
    "dragover",
    (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // allow the drop anywhere, a textarea too
      e.dataTransfer.dropEffect = "copy";
    },
    true,
  );
  window.addEventListener(
    "dragleave",
    (e) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (!depth) hide();
    },
    true,
  );
  window.addEventListener(
    "drop",
    (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      hide();
      const files = Array.from(e.dataTransfer.files || []);
      if (files.length) openFiles(files);
    },
    true,
  );
  window.addEventListener("keydown", (e) => e.key === "Escape" && !overlay.hidden && hide());

  // ---- opening

  async function openFiles(files) {
    const unknown = files.filter((f) => !ACCEPT.includes(ext(f.name)));
    if (unknown.length) {
      problem = { names: files.map((f) => f.name), messages: [tr("openmodel.bad-extension", { name: unknown[0].name, list: ACCEPT.join(" ") })] };
      return render();
    }
    const csvs = files.filter((f) => ext(f.name) === ".csv");
    const models = files.filter((f) => ext(f.name) !== ".csv");
    if (models.length) {
      reading = models.map((f) => f.name);
      problem = null;
      render();
      try {
        const answer = await api.importModel(models);
        opened = { names: reading, answer };
        csv = null;
      } catch (e) {
        opened = null;
        problem = { names: reading, messages: (e.detail || [{ msg: e.message }]).map((d) => d.msg) };
      }
      reading = null;
      render();
    }
    if (csvs.length) await loadCsv(csvs[0]);
    focusCard();
  }

  async function loadCsv(file) {
    const text = await file.text();
    if (!opened || inputKinds(opened.answer)[0] !== "numbers") {
      // no model on the card that takes numbers: the CSV becomes the editor's numeric input
      try {
        const parsed = parseCsv(text);
        app.form.fields.kindNumbers.checked = true;
        app.form.fields.inNumbers.value = JSON.stringify(parsed.values);
        app.form.updateVisibility();
        app.toast(tr("openmodel.csv-to-editor", { name: file.name, t: parsed.T, i: parsed.I }));
      } catch (e) {
        problem = { names: [file.name], messages: [e.message] };
        render();
      }
      return;
    }
    fields.kind.numbers.checked = true;
    fields.csvText.value = text;
    fields.csvName = file.name;
    showKind();
    previewCsv();
  }

  function focusCard() {
    const title = card.querySelector("h2");
    if (!title) return;
    card.scrollIntoView({ block: "nearest" });
    title.focus({ preventScroll: true });
  }

  // ---- the card

  function render() {
    fields = null;
    if (!opened && !problem && !reading) {
      card.hidden = true;
      return replaceChildren(card);
    }
    card.hidden = false;
    const names = (reading || (problem && !opened ? problem.names : opened.names)).join(" + ");
    const close = h("button", { type: "button", class: "btn btn-tiny model-card-close", "aria-label": tr("openmodel.close") }, "×");
    close.addEventListener("click", () => {
      opened = null;
      problem = null;
      render();
    });
    const head = h(
      "header",
      { class: "panel-head" },
      h("h2", { id: "h-model-card", tabindex: "-1" }, tr(reading ? "openmodel.reading" : opened ? "openmodel.title" : "openmodel.failed")),
      h("span", { class: "model-files" }, names),
      close,
    );
    const parts = [head];
    if (reading) parts.push(h("p", { class: "hint", role: "status" }, tr("openmodel.reading-files", { names })));
    if (problem) parts.push(h("div", { class: "field-errors model-error", role: "alert" }, problem.messages.map((m) => h("p", { class: "field-error" }, m))));
    if (opened && !reading) parts.push(...describe(opened.answer), inputsForm(opened.answer), h("div", { class: "model-result", id: "model-result" }));
    replaceChildren(card, parts);
    if (fields) showKind();
  }

  function describe(answer) {
    const m = answer.model || {};
    const summary = answer.summary || describeModel(m);
    const vocab = Array.isArray(answer.vocabulary) ? answer.vocabulary : null;
    const kinds = inputKinds(answer);
    const facts = [];
    const fact = (k, v) => facts.push(h("dt", {}, tr(k)), h("dd", {}, v));
    if (m.embedding) {
      const V = m.embedding.num_embeddings;
      fact("openmodel.vocabulary", vocab ? tr("openmodel.tokens", { n: vocab.length.toLocaleString("en") }) : tr("openmodel.no-vocabulary", { n: V.toLocaleString("en") }));
      fact(
        "openmodel.wants",
        kinds.includes("text")
          ? tr("openmodel.wants-ids-text", { max: V - 1, split: tr(`openmodel.split-${guessSplit(vocab)}`) })
          : tr("openmodel.wants-ids", { max: V - 1 }),
      );
    } else {
      fact("openmodel.wants", tr("openmodel.wants-numbers", { i: m.input_size }));
    }
    const headOn = m.head_on === "final" ? "openmodel.head-on-final" : "openmodel.head-on-step";
    if (m.head || m.readout) fact("openmodel.head", tr(headOn));
    const out = [
      h("p", { class: "model-summary" }, h("code", { class: "model-summary-text" }, summary)),
      h("dl", { class: "model-facts" }, facts),
    ];
    const warnings = Array.isArray(answer.warnings) ? answer.warnings : [];
    if (warnings.length) {
      out.push(h("div", { class: "model-warnings", role: "note" }, h("p", { class: "hint" }, tr("openmodel.warnings", { n: warnings.length })), h("ul", {}, warnings.map((w) => h("li", {}, String(w))))));
    }
    return out;
  }

  function inputsForm(answer) {
    const m = answer.model || {};
    const vocab = Array.isArray(answer.vocabulary) ? answer.vocabulary.map(String) : null;
    const kinds = inputKinds(answer);
    const V = m.embedding ? m.embedding.num_embeddings : null;
    const radio = (kind) => {
      const input = h("input", { type: "radio", name: "om-kind", id: `om-kind-${kind}`, value: kind, checked: kind === kinds[0] });
      input.addEventListener("change", showKind);
      return input;
    };
    const kind = { ids: radio("ids"), text: radio("text"), numbers: radio("numbers") };
    const seg = h(
      "fieldset",
      { class: "segmented" },
      h("legend", { class: "visually-hidden" }, tr("inputs.kind")),
      kinds.map((k) => [kind[k], h("label", { for: `om-kind-${k}` }, tr(`openmodel.kind-${k}`))]),
    );
    // token ids
    const sampleIds = V ? Array.from({ length: Math.min(SAMPLE, V) }, (_, k) => (V > SAMPLE ? k + 1 : k)).join(" ") : "";
    const ids = h("textarea", { id: "om-ids", rows: "2", class: "code", spellcheck: "false", autocomplete: "off", "aria-describedby": "om-ids-hint" });
    ids.value = sampleIds;
    const idsBox = h(
      "div",
      { class: "field", dataset: { kind: "ids" } },
      h("label", { for: "om-ids" }, tr("openmodel.ids-label")),
      ids,
      h("small", { id: "om-ids-hint", class: "hint" }, V ? tr("openmodel.ids-hint", { max: V - 1 }) : ""),
    );
    // text over the vocabulary
    const split = guessSplit(vocab);
    const text = h("textarea", { id: "om-text", rows: "2", spellcheck: "false", autocomplete: "off" });
    if (vocab) text.value = vocab.slice(1, 1 + SAMPLE).join(split === "words" ? " " : "");
    const splitSel = h(
      "select",
      { id: "om-split" },
      ["chars", "words"].map((s) => {
        const o = h("option", { value: s }, tr(`openmodel.split-${s}`));
        if (s === split) o.selected = true;
        return o;
      }),
    );
    const textBox = h(
      "div",
      { class: "field", dataset: { kind: "text" } },
      h("label", { for: "om-text" }, tr("openmodel.text-label", { n: vocab ? vocab.length : 0 })),
      text,
      h("label", { class: "inline-label" }, h("span", {}, tr("openmodel.split")), splitSel),
    );
    // numbers from a CSV file
    const csvFile = h("input", { type: "file", id: "om-csv-file", class: "visually-hidden", accept: ".csv,.txt,text/csv", tabindex: "-1" });
    const csvBtn = h("button", { type: "button", class: "btn btn-small" }, tr("openmodel.csv-load"));
    csvBtn.addEventListener("click", () => csvFile.click());
    csvFile.addEventListener("change", () => {
      const f = csvFile.files && csvFile.files[0];
      csvFile.value = "";
      if (f) loadCsv(f);
    });
    const csvText = h("textarea", { id: "om-csv", rows: "4", class: "code", spellcheck: "false", autocomplete: "off", placeholder: "x1,x2\n0.5,1\n0.25,-1" });
    const csvInfo = h("small", { class: "hint", id: "om-csv-info", role: "status" });
    // read while typing, not on "change": a message appearing as the focus leaves would move Run under the pointer
    let typing = null;
    csvText.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => previewCsv(), 300);
    });
    const numbersBox = h(
      "div",
      { class: "field", dataset: { kind: "numbers" } },
      h("label", { for: "om-csv" }, tr("openmodel.csv-label", { i: m.input_size ?? "I" })),
      csvText,
      h("div", { class: "row-actions" }, csvBtn, csvFile, csvInfo),
    );
    const headBox = headSettings(answer);
    const error = h("div", { class: "field-errors", id: "om-error", role: "alert" });
    const run = h("button", { type: "submit", class: "btn btn-primary", id: "om-run" }, tr("run"));
    const form = h("form", { class: "model-inputs", novalidate: true }, seg, idsBox, textBox, numbersBox, headBox ? headBox.el : null, error, h("div", { class: "form-actions" }, run));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      runModel();
    });
    fields = { head: headBox, kind, kinds, ids, text, splitSel, csvText, csvInfo, csvName: null, error, boxes: { ids: idsBox, text: textBox, numbers: numbersBox }, vocab, V };
    return form;
  }

  /**
   * What a file may not say about its head (a state_dict holds no activations and not whether
   * the head reads every step or the final state): a select for each, open when the reader
   * had to assume. model(): the answer's model with the choices put in.
   */
  function headSettings(answer) {
    const m = answer.model || {};
    const layers = Array.isArray(m.head) ? m.head : m.readout ? [m.readout] : null;
    if (!layers || !layers.length) return null;
    const select = (id, options, value) => {
      const sel = h("select", { id }, options.map(([v, text]) => h("option", { value: v }, text)));
      sel.value = options.some(([v]) => v === value) ? value : options[0][0];
      return sel;
    };
    const on = select("om-head-on", [["every_step", tr("openmodel.head-on-step")], ["final", tr("openmodel.head-on-final-short")]], m.head_on || "every_step");
    const actName = (a) => (a && typeof a === "object" ? a.name : a) || "identity";
    const acts = layers.map((d, k) => {
      const names = ["identity", "relu", "sigmoid", "tanh", "softmax"];
      const current = actName(d.activation);
      if (!names.includes(current)) names.push(current);
      return select(`om-head-act-${k}`, names.map((n) => [n, n === "identity" ? tr("act.identity") : n]), current);
    });
    const el = h(
      "details",
      { class: "model-head-settings", open: Array.isArray(answer.warnings) && answer.warnings.length > 0 },
      h("summary", {}, tr("openmodel.head-settings")),
      h("label", { class: "inline-label", for: "om-head-on" }, tr("openmodel.head-runs"), on),
      acts.map((sel, k) => h("label", { class: "inline-label", for: sel.id }, tr("openmodel.head-act", { k: k + 1, n: layers[k].size ?? "?" }), sel)),
    );
    const model = () => {
      const out = structuredClone(m);
      const list = Array.isArray(out.head) ? out.head : [out.readout];
      acts.forEach((sel, k) => {
        // a chosen activation replaces the file's; the file's own (with its parameters) stays when unchanged
        if (sel.value !== actName(layers[k].activation)) list[k].activation = sel.value;
      });
      if (on.value === "final" || out.head_on) out.head_on = on.value;
      return out;
    };
    return { el, model };
  }

  function showKind() {
    if (!fields) return;
    for (const [k, box] of Object.entries(fields.boxes)) box.hidden = !(fields.kinds.includes(k) && fields.kind[k].checked);
  }

  function currentKind() {
    return fields.kinds.find((k) => fields.kind[k].checked) || fields.kinds[0];
  }

  function previewCsv() {
    if (!fields) return null;
    fields.error.replaceChildren();
    const I = opened.answer.model.input_size ?? null;
    try {
      csv = parseCsv(fields.csvText.value, I);
      fields.csvInfo.textContent = tr("openmodel.csv-read", { name: fields.csvName || "CSV", t: csv.T, i: csv.I, header: csv.header ? tr("openmodel.csv-header") : "" });
      return csv;
    } catch (e) {
      csv = null;
      fields.csvInfo.textContent = "";
      if (!(e instanceof InputProblem)) throw e;
      showProblem(e.message);
      return null;
    }
  }

  function showProblem(msg) {
    replaceChildren(fields.error, h("p", { class: "field-error" }, msg));
  }

  /** The inputs of the card as a /forward body's {inputs, lengths?}; throws InputProblem. */
  function readInputs() {
    const kind = currentKind();
    if (kind === "ids") {
      const rows = parseIds(fields.ids.value, fields.V);
      const T = Math.max(...rows.map((r) => r.length));
      if (rows.length === 1) return { inputs: { ids: rows[0] } };
      const same = rows.every((r) => r.length === T);
      const padded = rows.map((r) => [...r, ...Array(T - r.length).fill(0)]);
      return same ? { inputs: { ids: padded } } : { inputs: { ids: padded }, lengths: rows.map((r) => r.length) };
    }
    if (kind === "text") {
      const split = fields.splitSel.value;
      const { texts, unknown } = checkText(fields.text.value, fields.vocab, split, false);
      if (unknown.length) {
        const u = unknown[0];
        throw new InputProblem(tr(split === "words" ? "openmodel.unknown-word" : "openmodel.unknown-char", { token: u.token, t: u.t, more: unknown.length > 1 ? tr("openmodel.and-more") : "" }));
      }
      if (!splitText(texts[0], split).length) throw new InputProblem(tr("openmodel.text-empty"));
      return { inputs: split === "words" ? { text: texts[0], split } : { text: texts[0] } };
    }
    const parsed = previewCsv();
    if (!parsed) throw new InputProblem(fields.error.textContent || tr("openmodel.csv-no-rows"));
    return { inputs: parsed.values };
  }

  async function runModel() {
    if (!opened || !fields) return false;
    fields.error.replaceChildren();
    let extra;
    try {
      extra = readInputs();
    } catch (e) {
      if (!(e instanceof InputProblem)) throw e;
      showProblem(e.message);
      return false;
    }
    // the whole answer (an ONNX file's initial_state too) but its words for people, with the inputs
    const { summary: _s, warnings: _w, ...a } = opened.answer;
    const body = { ...a, model: fields.head ? fields.head.model() : a.model, ...extra };
    app.form.fill(body);
    mine = true;
    return app.runNow({ fromUser: true });
  }

  // ---- after a run

  on(EV.RUN_FAILED, ({ error }) => {
    if (!mine || !fields) return;
    mine = false;
    const msgs = (error.detail || [{ msg: error.message }]).map((d) => {
      const loc = (d.loc || []).filter((p) => p !== "body");
      return loc.length ? `${loc.join(" › ")}: ${d.msg}` : d.msg;
    });
    replaceChildren(fields.error, msgs.map((m) => h("p", { class: "field-error" }, m)));
  });
  on(EV.RUN_LOADED, ({ run }) => {
    const wasMine = mine;
    mine = false;
    if (!wasMine) {
      // another network is shown now (a preset, the editor): the card steps aside
      if (opened || problem) {
        opened = null;
        problem = null;
        render();
      }
      return;
    }
    const box = $("#model-result");
    if (box) replaceChildren(box, result(run));
  });

  function result(run) {
    if (run.y_final) {
      const rows = Array.from({ length: run.B }, (_, b) =>
        h("tr", {}, h("th", { scope: "row" }, run.B > 1 ? tr("sequence.n", { b }) : "y_final"), h("td", { class: "num" }, Array.from(run.y_final.row(b), (v) => fmt(v, 6)).join(", "))),
      );
      return [h("p", { class: "hint" }, tr("openmodel.y-final-caption")), h("table", { class: "values model-yfinal" }, h("tbody", {}, rows))];
    }
    if (run.y) return h("p", { class: "hint" }, tr("openmodel.y-steps", { t: run.T }));
    return null;
  }

  return {
    openFiles,
    runModel,
    get opened() {
      return opened;
    },
  };
}
