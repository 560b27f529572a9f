// "Changed, not yet run": as soon as the form says something other than the run on screen,
// the page says so (a note by the Run button and in the player, data-stale on <html> for the
// styles), and stops saying it when the run arrives or the edit is undone.

import { $, h } from "./dom.js";
import { EV, on } from "./events.js";
import { tr } from "./i18n.js";

export function bindStale(app) {
  const form = app.form.fields.form;
  const root = document.documentElement;
  const note = h("span", { class: "stale-note", id: "stale-note", role: "status" });
  $(".form-actions").append(note);
  const runBtn = h("button", { type: "button", class: "btn btn-small btn-primary stale-run" }, tr("stale.run"));
  const chip = h("p", { class: "stale-chip", id: "stale-chip", hidden: true }, h("span", {}, tr("stale.note")), " ", runBtn);
  $("#player").append(chip);
  runBtn.addEventListener("click", () => app.runNow({ fromUser: true }));

  let shownBody = null; // the request of the run on screen, as the form read it
  function set(stale) {
    root.dataset.stale = stale ? "1" : "0";
    note.textContent = stale ? tr("stale.note") : "";
    chip.hidden = !stale;
  }
  function check() {
    if (shownBody === null) return;
    let now;
    try {
      now = JSON.stringify(app.form.read());
    } catch {
      set(true); // a field that does not read is an edit too
      return;
    }
    set(now !== shownBody);
  }
  const shownRun = ({ run }) => {
    shownBody = JSON.stringify(run.body);
    check(); // a live run (issue 13) may already be behind the form
  };
  on(EV.RUN_LOADED, shownRun);
  on(EV.RUN_LIVE, shownRun);
  form.addEventListener("input", check);
  form.addEventListener("change", check);
  /** An edit not yet in the form (a large network while a number is dragged, edit.js): stale. */
  const mark = () => set(true);
  return { check, mark };
}
