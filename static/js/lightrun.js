// Says in the page what the auto options (finalOptions in app.js) left out of a big run, and how
// to ask for it: "Precision and size" → Record. A run whose form names its fields or precision
// gets no note. Listens for RUN_LOADED; the note joins the run's warnings (issue 11).

import { $, h } from "./dom.js";
import { EV, on } from "./events.js";
import { bytes } from "./format.js";
import { tr } from "./i18n.js";

const FIELDS = ["h", "c", "gates", "pre_activation", "input_term", "recurrent_term"];

/** The trace fields an auto choice left out of run, [] when nothing was (or the form chose). */
export function leftOut(run) {
  const asked = (run.body && run.body.options) || {};
  const sent = (run.meta && run.meta.sent && run.meta.sent.options) || {};
  if (asked.trace || !Array.isArray(sent.trace)) return [];
  const all = FIELDS.filter((f) => (f !== "c" || run.cell === "lstm") && (f !== "gates" || run.cell !== "rnn"));
  return all.filter((f) => !sent.trace.includes(f));
}

/** The note for run, or null. */
export function lightRunNote(run) {
  const left = leftOut(run);
  if (!left.length) return null;
  const name = (f) => (f === "h" || f === "c" ? f : tr(`group.${f}`));
  const asked = (run.body && run.body.options) || {};
  const kept = run.meta.sent.options.trace.filter((f) => FIELDS.includes(f)).map(name).join(", ");
  return tr("lightrun.left-out", {
    kept: kept + (!asked.dtype && run.float32 ? " (float32)" : ""),
    left: left.map(name).join(", "),
    size: bytes(run.meta.bytes || 0),
  });
}

export function bindLightRun() {
  on(EV.RUN_LOADED, ({ run }) => {
    const text = lightRunNote(run);
    const box = $("#warnings");
    if (!text || !box) return;
    let list = box.querySelector("ul");
    if (!list) list = box.appendChild(h("ul", {}));
    list.prepend(h("li", { class: "light-run" }, text));
    box.hidden = false;
  });
}
