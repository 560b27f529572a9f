// Names of the quantities a run records, for labels, selectors and exports.

import { tr } from "./i18n.js";
import { GATED_FIELDS } from "./run.js";

// names in i18n/*.js: gate.lstm.f "forget gate f", field.h "hidden state h", …
const gateName = (cell, g) => (cell === "rnn" ? "h" : tr(`gate.${cell}.${g}`));
const HEAD_FIELDS = ["head_pre", "head_act"];
const FIELDS = ["h", "c", "pre_activation", "input_term", "recurrent_term", "output", "y"];
const fieldName = (field) => (FIELDS.includes(field) ? tr(`field.${field}`) : field === "gates" ? "" : null);

/** A human label: ("gates", "f") -> "forget gate f"; ("pre_activation", "h") -> "pre-activation a". */
export function quantityLabel(cell, field, g) {
  if (field === "gates") return gateName(cell, g);
  if (field === "embedding") return tr("field.embedding");
  if (field === "head_pre" || field === "head_act") return tr(`field.${field}`, { k: Number(g) + 1 });
  if (cell === "rnn" && GATED_FIELDS.includes(field)) {
    if (field === "pre_activation") return tr("field.pre_activation.rnn");
    return fieldName(field);
  }
  if (GATED_FIELDS.includes(field)) return tr("field.of-gate", { field: fieldName(field), g });
  return fieldName(field) || field;
}

/** A short id: "h", "c", "gates.f", "pre_activation.i". */
export function quantityId(field, g) {
  return g !== null && g !== undefined && (GATED_FIELDS.includes(field) || HEAD_FIELDS.includes(field)) ? `${field}.${g}` : field;
}

export function parseQuantityId(id) {
  const [field, g] = id.split(".");
  return { field, g: g || null };
}

/** Every (field, gate) the run recorded for one layer/direction, in display order. */
export function listQuantities(run, groups = null) {
  const out = [];
  const want = (f) => !groups || groups.includes(f);
  if (run.has("h") && want("h")) out.push({ field: "h", g: null });
  if (run.has("c") && want("c")) out.push({ field: "c", g: null });
  for (const field of ["gates", "pre_activation", "input_term", "recurrent_term"]) {
    if (!run.has(field) || !want(field)) continue;
    if (field === "gates" && run.cell === "rnn") continue; // the same numbers as h
    for (const g of run.gates) out.push({ field, g });
  }
  // a model with an embedding and a head (issue 9): x_t = E[id_t] and each per-step head layer,
  // when asked for by name (the heatmaps); the table and the CSV keep to the recurrent layers
  if (!groups) return out;
  if (run.embedding && want("embedding")) out.push({ field: "embedding", g: null });
  if (want("head") && run.head && run.head[0].pre.shape.length === 3) {
    run.head.forEach((_, k) => {
      out.push({ field: "head_pre", g: String(k) });
      out.push({ field: "head_act", g: String(k) });
    });
  }
  return out;
}

/** The heatmap groups a model with an embedding or a per-step head adds. */
export function extraGroups(run) {
  const out = [];
  if (run.embedding) out.push("embedding");
  if (run.head && run.head[0].pre.shape.length === 3 && (run.model.head || run.model.embedding)) out.push("head");
  return out;
}
