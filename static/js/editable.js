// Editable numbers, as the renderers draw them: a number that names the parameter it shows
// (data-p, see edit.js) is a spinbutton: focusable, with its value for screen readers. The
// renderers only draw; edit.js binds the pointer and the keys (one listener per container).
//
// Parameter references (strings, so they travel in data-p and in the history):
//   w:l:d:kind:g:r:c   a recurrent weight: kind W_x | W_h (c = column) or b_x | b_h (c = 0)
//   ro:W:r:c, ro:b:r:0 the readout's weight and bias
//   x:b:t:k            input k at step t of sequence b
//   h0:s:b:k, c0:s:b:k the initial state of layer·direction s

import { h } from "./dom.js";
import { fmtExact } from "./format.js";

/** What is being edited: the reference of the last edited number (highlighted with what it feeds). */
export const editState = { active: null, enabled: false, cell: "rnn" };

/** A readable name of a reference: W_hh[0,1], b_if[2], x_3[0], h_init[1] … */
export function refLabel(ref, cell) {
  const p = ref.split(":");
  if (p[0] === "w") {
    const [, l, d, kind, g, r, c] = p;
    const rnn = cell === "rnn";
    const name = { W_x: rnn ? "W_ih" : `W_i${g}`, W_h: rnn ? "W_hh" : `W_h${g}`, b_x: rnn ? "b_ih" : `b_i${g}`, b_h: rnn ? "b_hh" : `b_h${g}` }[kind];
    const where = +l > 0 || +d > 0 ? ` (${l}${+d ? "←" : ""})` : "";
    return kind.startsWith("W") ? `${name}[${r},${c}]${where}` : `${name}[${r}]${where}`;
  }
  if (p[0] === "ro") return p[1] === "W" ? `W_y[${p[2]},${p[3]}]` : `b_y[${p[2]}]`;
  if (p[0] === "x") return `x_${p[2]}[${p[3]}]`;
  if (p[0] === "h0" || p[0] === "c0") return `${p[0][0]}_init[${p[3]}]`;
  return ref;
}

/**
 * The exact value of a number (its `_v`, set by editableNum, the worked step and the values
 * table; `_f32`: a float32 run's, shown as float32) as its tooltip, written when the pointer or
 * the focus gets there. A step rewrites a number's text and `_v` only: a `title` written every
 * step restyled each number (the UA's abbr[title] rule makes the attribute one that style
 * depends on). Issue 11, → key at H=128, an A/B of the two bundles over
 * eight fresh loads: handler 7.60 -> 7.25 ms, the painted frame within noise.
 */
export function bindExactTitles(root) {
  const show = (e) => {
    if (e.buttons) return; // a drag (an edit in progress, edit.js): no tooltip to show
    const n = e.target;
    if (n && n._v !== undefined) {
      const text = fmtExact(n._v, n._f32 === true);
      if (n.title !== text) n.title = text;
    }
  };
  // pointermove too: a step that morphs a number under a resting pointer drops its old title
  for (const type of ["pointerover", "pointermove", "focusin"]) root.addEventListener(type, show, { passive: true });
}

/** A number the user can change: the same span as the renderer's own, plus data-p and a role.
 *  Its exact value is `_v`, shown on hover (bindExactTitles).
 *  make: the element builder (dom.js's h, or morph.js's vh for a renderer that morphs). */
export function editableNum(v, text, ref, cls = "n", make = h) {
  const h = make;
  if (!editState.enabled || !ref) return h("span", { class: cls, props: { _v: v } }, text);
  return h(
    "span",
    {
      class: `${cls} n-edit`,
      props: { _v: v },
      tabindex: "0",
      role: "spinbutton",
      "aria-valuenow": String(v),
      "aria-valuetext": text,
      "aria-label": refLabel(ref, editState.cell),
      dataset: { p: ref },
    },
    text,
  );
}

/**
 * Redraw a container without losing the focused number: fn() replaces the content; the element
 * for the same reference (the same occurrence of it) gets the focus back, and the highlight of
 * the active edit is put on again.
 */
export function keepFocus(el, fn) {
  const a = document.activeElement;
  let ref = null;
  let nth = 0;
  if (a && el.contains(a) && a.dataset && a.dataset.p) {
    ref = a.dataset.p;
    nth = [...el.querySelectorAll(`[data-p="${CSS.escape(ref)}"]`)].indexOf(a);
  }
  const out = fn();
  if (ref) {
    const all = el.querySelectorAll(`[data-p="${CSS.escape(ref)}"]`);
    const next = all[Math.max(0, Math.min(nth, all.length - 1))];
    if (next) next.focus({ preventScroll: true });
  }
  highlight(el);
  return out;
}

/** Mark the active number, the term it is in and the equation lines it feeds. */
export function highlight(el) {
  for (const n of el.querySelectorAll(".edit-active, .edit-term, .edit-fed")) n.classList.remove("edit-active", "edit-term", "edit-fed");
  const ref = editState.active;
  if (!ref) return;
  for (const n of el.querySelectorAll(`[data-p="${CSS.escape(ref)}"]`)) {
    n.classList.add("edit-active");
    const term = n.closest(".term");
    if (term) term.classList.add("edit-term");
    // the equation the number is in, and its continuation lines (the sums and values it feeds)
    let eq = n.closest(".eq");
    if (!eq) continue;
    while (eq && eq.classList.contains("eq-cont") && eq.previousElementSibling && eq.previousElementSibling.classList.contains("eq")) eq = eq.previousElementSibling;
    for (let e = eq; e && e.classList.contains("eq"); e = e.nextElementSibling) {
      if (e !== eq && !e.classList.contains("eq-cont")) break;
      e.classList.add("edit-fed");
    }
  }
}
