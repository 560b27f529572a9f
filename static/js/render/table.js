// The current step's values as a table: the accessible alternative to the plots.
// Built once per selection; a step change rewrites the cell texts of one page of units.

import { h, replaceChildren, visibleToken } from "../dom.js";
import { fmtCell } from "../format.js";
import { tr } from "../i18n.js";
import { listQuantities, quantityLabel, quantityId } from "../quantities.js";
import { scaleFor } from "../scales.js";

export const PAGE = 32;

/** Column headings: "h", "c", "f", "pre f", "in f", "rec f" (rnn: "a", "W_ih·x+b", "W_hh·h+b"). */
function shortName(cell, field, g) {
  if (field === "h" || field === "c") return field;
  if (cell === "rnn") return { pre_activation: "a", input_term: "W_ih·x+b", recurrent_term: "W_hh·h+b", gates: "h" }[field];
  return { gates: g, pre_activation: tr("table.pre", { g }), input_term: tr("table.in", { g }), recurrent_term: tr("table.rec", { g }) }[field];
}

export function createTable(wrap, pager, { onPage } = {}) {
  // each cell's exact value is its _v (and _f32 for a float32 run), its tooltip written when the
  // pointer or the focus gets there (editable.js bindExactTitles), not at every step
  let cols = [];
  let cells = []; // [row][col] -> td
  let run = null;
  let view = null;
  let caption = null;
  let first = 0;
  let K = 0;

  function draw(r, v, page) {
    run = r;
    view = v;
    cols = [];
    cells = [];
    if (!run) return replaceChildren(wrap);
    for (const { field, g } of listQuantities(run)) {
      const tens = run.series(v.layer, v.dir, field, g);
      if (!tens) continue;
      cols.push({ field, g, tens, sc: scaleFor(run, field, g), label: quantityLabel(run.cell, field, g), id: quantityId(field, g) });
    }
    K = Math.max(run.H, run.P);
    const pages = Math.ceil(K / PAGE);
    const p = Math.min(page || 0, pages - 1);
    first = p * PAGE;
    const last = Math.min(K, first + PAGE);
    caption = h("caption", {});
    const head = h(
      "tr",
      {},
      h("th", { scope: "col" }, tr("table.unit")),
      cols.map((c) => h("th", { scope: "col", title: c.label }, shortName(run.cell, c.field, c.g))),
    );
    const body = h("tbody");
    for (let k = first; k < last; k++) {
      const tds = cols.map(() => h("td", { class: "num", props: { _f32: run.float32 } }, ""));
      body.append(h("tr", {}, h("th", { scope: "row" }, String(k)), tds));
      cells.push(tds);
    }
    replaceChildren(wrap, h("table", { class: "values" }, caption, h("thead", {}, head), body));
    replaceChildren(pager);
    if (pages > 1) {
      const sel = h("select", { "aria-label": tr("table.pages"), id: "table-page" });
      for (let i = 0; i < pages; i++) {
        const o = h("option", { value: String(i) }, tr("table.page", { a: i * PAGE, b: Math.min(K, (i + 1) * PAGE) - 1 }));
        if (i === p) o.selected = true;
        sel.append(o);
      }
      sel.addEventListener("change", () => onPage && onPage(+sel.value));
      pager.append(sel);
    }
    // say what the table does not show at once: other pages of units, columns off to the side
    const hint = h("span", { class: "hint table-hint" }, pages > 1 ? tr("table.more", { a: first, b: last - 1, k: K }) : "");
    pager.append(hint);
    requestAnimationFrame(() => {
      if (wrap.scrollWidth > wrap.clientWidth + 1) hint.textContent = [hint.textContent, tr("table.scroll", { n: cols.length + 1 })].filter(Boolean).join(" · ");
    });
  }

  function step(t) {
    if (!run) return;
    const tok = run.tokenAt(view.b, t);
    caption.textContent =
      tr("table.caption", { layer: view.layer, dir: run.D === 2 ? " " + tr(view.dir ? "dir.backward" : "dir.forward") : "", b: view.b, t }) +
      (tok !== null && tok !== "" ? tr("table.input", { x: run.tokens ? visibleToken(tok) : tok }) : ""); // numbers keep their spaces
    cols.forEach((c, j) => {
      const row = c.tens.row(view.b, t);
      for (let i = 0; i < cells.length; i++) {
        const k = first + i;
        const td = cells[i][j];
        if (k >= row.length) {
          td.firstChild.nodeValue = "";
          td.className = "num";
          td._v = undefined; // no value: no tooltip
          td.removeAttribute("title");
          continue;
        }
        const v = row[k];
        if (Object.is(td._v, v)) continue;
        td._v = v;
        td.firstChild.nodeValue = fmtCell(v);
        // one of 17 colour classes per scale (classes, not inline styles: cheaper, and CSP-clean)
        const u = c.sc.u(v);
        const bin = Number.isFinite(u) ? Math.round(Math.min(1, Math.max(0, u)) * 16) : -1;
        td.className = bin < 0 ? "num nan" : `num ${c.sc.kind === "unit" ? "s" : "d"}${bin}`;
      }
    });
  }

  return { draw, step };
}
