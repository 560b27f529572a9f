// Number formatting for labels and the worked step.

/** `sig` significant digits, trailing zeros dropped: 0.5370 -> "0.537", 0.6000 -> "0.6". */
export function fmt(v, sig = 4) {
  if (v === null || v === undefined || Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  let out;
  if (a >= 1e-4 && a < 1e6) {
    out = v.toPrecision(sig);
    if (out.includes("e")) out = String(Number(out));
    if (out.includes(".")) out = out.replace(/0+$/, "").replace(/\.$/, "");
  } else {
    out = v.toExponential(Math.max(0, sig - 1)).replace(/\.?0+e/, "e");
  }
  return out.replace(/^-/, "−");
}

/** The shortest decimal that reads back as the same number (float32-aware). */
export function fmtExact(v, float32 = false) {
  if (v === null || v === undefined || Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (!float32) return String(v);
  for (let p = 6; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** A fixed-width, signed label for tables: 4 decimals or exponent. */
export function fmtCell(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3).replace(/^-/, "−");
  return v.toFixed(4).replace(/^-/, "−");
}

/** Subscript digits for equation labels: 12 -> "₁₂". */
export function sub(n) {
  return String(n).replace(/[0-9]/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]).replace("-", "₋");
}

export function plural(n, word, words = word + "s") {
  return `${n.toLocaleString("en")} ${n === 1 ? word : words}`;
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
