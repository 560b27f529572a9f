// The standalone page (a file saved by "Download page" or `rnnscope export`): the network it was
// saved with, read-only, and no control that needs the server.

import * as api from "./api.js"; // api-offline.js in the standalone page
import { $, $$, h } from "./dom.js";
import { EV, on } from "./events.js";
import { tr } from "./i18n.js";

const SERVER_ONLY = ["#copy-link", "#embed-open", "#download-page", ".preset-picker"];

function readOnlyForm() {
  for (const el of $$("#config-form textarea")) el.readOnly = true;
  for (const el of $$("#config-form input, #config-form select, #config-form button")) el.disabled = true;
  for (const el of $$("#config-form .file-btn")) el.classList.add("is-disabled");
}

export function setupOffline(app) {
  for (const sel of SERVER_ONLY) for (const el of $$(sel)) el.hidden = true;
  app.toggleEditor(); // folded away: the page is for watching; "Show editor" shows the weights
  const form = $("#config-form");
  if (form) form.prepend(h("p", { class: "note offline-note", id: "offline-note" }, tr("offline.note")));
  const data = typeof api.savedData === "function" ? api.savedData() : null;
  const footer = $(".footer");
  if (footer && data) {
    const date = (data.created || "").slice(0, 10);
    footer.replaceChildren(tr("offline.footer", { version: data.version, date }));
  }
  // the network's title where the preset picker was
  const title = h("span", { class: "offline-title" });
  const actions = $(".topbar-actions");
  if (actions) actions.prepend(title);
  on(EV.RUN_LOADED, () => {
    readOnlyForm();
    title.textContent = document.title.replace(/ · rnnscope$/, "");
  });
}
