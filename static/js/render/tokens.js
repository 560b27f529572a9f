// The input sequence as a strip of tokens (or input values) with the current step highlighted.
// A window around the current step is drawn, so 10,000 steps cost the same as 10.

import { h, replaceChildren, visibleToken } from "../dom.js";
import { tr } from "../i18n.js";
import { editableNum, keepFocus } from "../editable.js";
import { fmt } from "../format.js";

const WINDOW = 60;
const EDGE = 8; // steps kept visible beyond the current one on either side

export function createTokenStrip(el, { onPick } = {}) {
  let run = null;
  let b = 0;
  let from = -1;
  let to = -1;
  const nodes = new Map();

  el.addEventListener("click", (e) => {
    const tok = e.target.closest("[data-t]");
    if (tok && onPick) onPick(+tok.dataset.t);
  });

  function draw(r, batch) {
    run = r;
    b = batch;
    from = to = -1;
    nodes.clear();
    replaceChildren(el);
  }

  function label(t) {
    // numeric inputs of a small input size: each value can be edited where it is shown (issue 13)
    if (!run.tokens && !run.embedding && run.x && run.I <= 3 && Array.isArray(run.body.inputs)) {
      const row = run.x.row(b, t);
      return Array.from(row, (v, k) => [k ? "," : "", editableNum(v, fmt(v, 4), `x:${b}:${t}:${k}`, "tok-num")]);
    }
    const tok = run.tokenAt(b, t);
    if (tok === null) return "•";
    if (!run.tokens) return tok.replace(/, /g, ","); // input values, not text
    return visibleToken(tok) || "∅";
  }

  function step(t) {
    if (!run) return;
    const T = run.T;
    const half = Math.floor(WINDOW / 2);
    let a = Math.max(0, t - half);
    const z = Math.min(T, a + WINDOW);
    a = Math.max(0, z - WINDOW);
    // the window moves only when t comes within EDGE of its ends (issue 11): a step between
    // them changes two tokens' classes, not 60 tokens' nodes
    const inside = from >= 0 && t >= from && t < to && (t - from >= EDGE || from === 0) && (to - t > EDGE || to === T);
    if (!inside && (a !== from || z !== to)) {
      const overlap = from >= 0 && a < to && z > from;
      const items = [];
      if (a > 0) items.push(h("span", { class: "tok-more", "aria-hidden": "true" }, `… ${a}`));
      for (let k = a; k < z; k++) {
        // the tokens still in the window are kept (issue 11): a move adds and drops a few, it
        // does not rebuild 60
        const n = (overlap && nodes.get(k)) || h("span", { class: "tok", dataset: { t: String(k) }, title: `t = ${k}` }, h("span", { class: "tok-text" }, label(k)), h("span", { class: "tok-t" }, String(k)));
        items.push(n);
      }
      if (z < T) items.push(h("span", { class: "tok-more", "aria-hidden": "true" }, tr("tokens.more", { n: T - z })));
      nodes.clear();
      for (let k = a; k < z; k++) nodes.set(k, items[k - a + (a > 0 ? 1 : 0)]);
      from = a;
      to = z;
      keepFocus(el, () => moveTo(items));
    }
    for (const [k, n] of nodes) {
      n.classList.toggle("current", k === t);
      n.classList.toggle("past", k < t);
    }
  }

  /** Make el's children `items` in order, moving as few nodes as it can: the kept run of tokens
   *  stays where it is, the new ones go before or after it, the "…" ends are replaced. */
  function moveTo(items) {
    const want = new Set(items);
    for (const c of [...el.childNodes]) if (!want.has(c)) c.remove();
    let cur = el.firstChild;
    for (const n of items) {
      if (n === cur) cur = cur.nextSibling;
      else el.insertBefore(n, cur);
    }
  }

  return { draw, step };
}
