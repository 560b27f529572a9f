// The page's mode, set by the server on <html>: the full visualizer at /, the embed at /embed
// (data-embed), or the standalone file (data-standalone). Each adds what only it needs, and
// every mode gets the language switch in the footer.

import { $, h } from "./dom.js";
import { bindFrame } from "./frame.js";
import { lang, LANGS, tr, urlInLang } from "./i18n.js";
import { setupOffline } from "./offline.js";
import { bindShare } from "./share.js";

function languageSwitch() {
  const footer = $(".footer");
  if (!footer) return;
  const links = LANGS.filter((l) => l !== lang).map((l) => h("a", { href: urlInLang(l), lang: l, hreflang: l, class: "lang-link" }, tr(`lang.${l}`)));
  // the address changes as the view does: take it at the moment of the click
  for (const a of links) a.addEventListener("click", () => (a.href = urlInLang(a.lang)));
  footer.append(" · ", ...links);
}

export function setupMode(app) {
  const mode = document.documentElement.dataset;
  if (mode.embed) bindFrame(app);
  else if (mode.standalone) setupOffline(app);
  else bindShare(app, { toast: app.toast });
  languageSwitch();
}
