// The inputs a user's own model takes, read in the browser before anything is sent: token ids
// ("3 14 15" or JSON), text over the model's vocabulary, numeric sequences from a CSV file.
// Pure functions: text in, {value} or a thrown InputProblem naming the row, column or position.

import { tr } from "./i18n.js";

export class InputProblem extends Error {}

const fail = (key, params) => {
  throw new InputProblem(tr(key, params));
};

/**
 * Token ids: "3 14 15", "3, 14, 15", one sequence per line, or JSON ([3, 14, 15] or
 * [[3, 14, 15], [2, 7]]). Returns a list of sequences of whole numbers in [0, V).
 * V: the embedding's number of rows (null: no upper bound known).
 */
export function parseIds(text, V = null) {
  const src = String(text).trim();
  if (!src) fail("openmodel.ids-empty");
  let seqs;
  if (src.startsWith("[")) {
    let v;
    try {
      v = JSON.parse(src);
    } catch (e) {
      fail("openmodel.ids-json", { msg: e.message });
    }
    if (!Array.isArray(v) || !v.length) fail("openmodel.ids-empty");
    seqs = Array.isArray(v[0]) ? v : [v];
    seqs.forEach((s, b) => {
      if (!Array.isArray(s)) fail("openmodel.ids-not-list", { b });
    });
  } else {
    seqs = src
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length)
      .map((line) => line.split(/[\s,;]+/).filter(Boolean));
  }
  return seqs.map((s, b) => {
    if (!s.length) fail("openmodel.ids-empty-row", { b });
    return s.map((raw, t) => {
      const n = typeof raw === "number" ? raw : /^[+-]?\d+$/.test(String(raw)) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < 0) fail("openmodel.ids-bad", { v: String(raw), b, t });
      if (V !== null && n >= V) fail("openmodel.ids-range", { v: n, b, t, max: V - 1 });
      return n;
    });
  });
}

/** One sequence's tokens: characters (code points) or words (split on white space). */
export function splitText(text, split) {
  return split === "words" ? String(text).split(/\s+/).filter(Boolean) : [...String(text)];
}

/**
 * Text over a vocabulary: each line one sequence (multi) or the whole text one sequence.
 * Returns {texts, unknown: [{token, b, t}]}: the tokens missing from the vocabulary, so the page
 * can name them before the server does.
 */
export function checkText(text, vocabulary, split, multi) {
  const texts = multi ? String(text).split(/\r?\n/).filter((l) => l.length) : [String(text)];
  if (!texts.length || !texts.some((s) => splitText(s, split).length)) fail("openmodel.text-empty");
  const known = new Set(vocabulary || []);
  const unknown = [];
  if (vocabulary) {
    texts.forEach((s, b) =>
      splitText(s, split).forEach((token, t) => {
        if (!known.has(token) && unknown.length < 5) unknown.push({ token, b, t });
      }),
    );
  }
  return { texts, unknown };
}

function splitCsvLine(line, sep) {
  // fields may be "quoted"; numbers never need quotes, but spreadsheets add them
  const out = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity)$|^nan$/i;

/**
 * A numeric sequence from CSV text: T rows × I columns, an optional header row (a first row
 * with a non-number in it), separators "," ";" or tab. Returns {values: (T, I), header, T, I}.
 * I: the model's input size, checked when given. Errors name the line and the column.
 */
export function parseCsv(text, I = null) {
  const lines = String(text).replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const first = lines.find((l) => l.trim().length) || "";
  const sep = first.includes("\t") ? "\t" : first.includes(";") && !first.includes(",") ? ";" : ",";
  let header = null;
  let width = null;
  const values = [];
  lines.forEach((line, n) => {
    if (!line.trim() || line.trim().startsWith("#")) return;
    const fields = splitCsvLine(line, sep);
    const lineNo = n + 1;
    if (header === null && !values.length && fields.some((f) => !NUMBER.test(f))) {
      header = fields;
      width = fields.length;
      return;
    }
    if (width === null) width = fields.length;
    if (fields.length !== width) fail("openmodel.csv-width", { line: lineNo, n: fields.length, want: width });
    values.push(
      fields.map((f, c) => {
        const name = header && header[c] ? ` ‘${header[c].slice(0, 40)}’` : "";
        if (f === "") fail("openmodel.csv-empty-cell", { line: lineNo, col: c + 1, name });
        if (!NUMBER.test(f)) fail("openmodel.csv-not-number", { line: lineNo, col: c + 1, name, v: f.slice(0, 40) });
        const v = Number(f.replace(/^([+-]?)inf(inity)?$/i, "$1Infinity"));
        if (!Number.isFinite(v)) fail("openmodel.csv-not-finite", { line: lineNo, col: c + 1, name, v: f });
        return v;
      }),
    );
  });
  if (!values.length) fail("openmodel.csv-no-rows");
  if (I !== null && width !== I) fail("openmodel.csv-columns", { n: width, want: I });
  return { values, header, T: values.length, I: width };
}
