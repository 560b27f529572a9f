// Names of the quantities a run records, for labels, selectors and exports.

import { GATED_FIELDS } from "./run.js";

const GATE_NAMES = {
  lstm: { i: "input gate i", f: "forget gate f", g: "candidate g", o: "output gate o" },
  gru: { r: "reset gate r", z: "update gate z", n: "candidate n" },
  rnn: { h: "h" },
};

const FIELD_NAMES = {
  h: "hidden state h",
  c: "cell state c",
  gates: "",
  pre_activation: "pre-activation",
  input_term: "input term W_ih·x + b_ih",
  recurrent_term: "recurrent term W_hh·h + b_hh",
  output: "output (top layer)",
  y: "readout y",
};

/** A human label: ("gates", "f") -> "forget gate f"; ("pre_activation", "h") -> "pre-activation a". */
export function quantityLabel(cell, field, g) {
  if (field === "gates") return GATE_NAMES[cell][g];
  if (cell === "rnn" && GATED_FIELDS.includes(field)) {
    if (field === "pre_activation") return "pre-activation a";
    return FIELD_NAMES[field];
  }
  if (GATED_FIELDS.includes(field)) return `${FIELD_NAMES[field]} of ${g}`;
  return FIELD_NAMES[field] || field;
}

/** A short id: "h", "c", "gates.f", "pre_activation.i". */
export function quantityId(field, g) {
  return g && GATED_FIELDS.includes(field) ? `${field}.${g}` : field;
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
  return out;
}
