// The main page's "Embed" dialog (an iframe snippet and a script snippet for the current view,
// with copy buttons) and "Download page" (a standalone HTML file the server builds from the
// current network). Text goes into the page only as textContent and textarea values; attribute
// values inside the snippets are HTML-escaped.

import * as api from "./api.js";
import { $, $$, h } from "./dom.js";
import { download } from "./exporter.js";
import { bytes } from "./format.js";
import { lang, tr } from "./i18n.js";
import { suggestedHeight } from "./embedheight.js";
import { EMBED_VIEWS, serialize, state, VIEWS } from "./state.js";

const DEFAULT_HEIGHT = 640;
const LONG_LINK = 2000; // characters of an embed link beyond which some sites cut it

/** Escape text for an HTML attribute value in double quotes. */
export function escapeAttr(s) {
  return String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The embed's query string: the current view plus the dialog's choices. Pure. */
export function embedQuery(st, { views, editor, autoplay }) {
  const hide = st.hide.filter((k) => k !== "editor" && !VIEWS.includes(k));
  if (!editor) hide.push("editor");
  const sameViews = views.length === EMBED_VIEWS.length && EMBED_VIEWS.every((v) => views.includes(v));
  return serialize({ ...st, views: sameViews ? null : views, hide, autoplay: autoplay ? 1 : 0, origin: null });
}

/** The iframe snippet. */
export function iframeSnippet(base, query, { height, title }) {
  const src = `${base}/embed${query ? "?" + query : ""}`;
  return `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" width="100%" height="${height}" style="border:0;max-width:100%" loading="lazy" allow="clipboard-write"></iframe>`;
}

/** The loader-script snippet: readable data-* attributes, the rest of the view in data-state. */
export function scriptSnippet(base, query, { height }) {
  const params = new URLSearchParams(query);
  const attrs = [];
  for (const [key, attr] of [["preset", "data-preset"], ["t", "data-t"], ["views", "data-views"], ["hide", "data-hide"], ["autoplay", "data-autoplay"], ["lang", "data-lang"]]) {
    if (!params.has(key)) continue;
    attrs.push(`${attr}="${escapeAttr(params.get(key))}"`);
    params.delete(key);
  }
  const rest = params.toString();
  if (rest) attrs.push(`data-state="${escapeAttr(rest)}"`);
  attrs.push(`data-height="${height}"`);
  return `<div class="rnnscope" ${attrs.join(" ")}></div>\n<script src="${escapeAttr(base)}/static/embed.js" async></script>`;
}

/** A view's name as the page shows it (the panel's heading, translated). */
function viewLabel(key) {
  if (key === "player") return tr("player");
  const el = document.querySelector(`[data-hide="${CSS.escape(key)}"] h2`);
  return el ? el.textContent.trim() : key;
}

async function copyText(area, status) {
  area.focus();
  area.select();
  try {
    await navigator.clipboard.writeText(area.value);
    status.textContent = tr("share.copied");
  } catch {
    status.textContent = tr("share.copy-failed");
  }
}

export function bindShare(app, { toast = () => {} } = {}) {
  const openBtn = $("#embed-open");
  const downloadBtn = $("#download-page");
  let dialog = null;
  let refresh = () => {};

  function build() {
    const base = location.origin;
    const present = VIEWS.filter((v) => v === "player" || document.querySelector(`[data-hide="${v}"]`));
    const initial = state.views && state.views.length ? state.views : EMBED_VIEWS;
    const boxes = present.map((v) => {
      const id = `share-view-${v}`;
      const input = h("input", { type: "checkbox", id, value: v, checked: initial.includes(v) });
      return h("span", { class: "chip" }, input, h("label", { for: id }, viewLabel(v)));
    });
    const editor = h("input", { type: "checkbox", id: "share-editor" });
    const autoplay = h("input", { type: "checkbox", id: "share-autoplay" });
    const height = h("input", { type: "number", id: "share-height", min: "240", max: "4000", step: "20", value: String(DEFAULT_HEIGHT), inputmode: "numeric" });
    const iframeArea = h("textarea", { class: "code share-code", id: "share-iframe", rows: "3", readonly: true, spellcheck: "false" });
    const scriptArea = h("textarea", { class: "code share-code", id: "share-script", rows: "3", readonly: true, spellcheck: "false" });
    const iframeStatus = h("span", { class: "hint", role: "status" });
    const scriptStatus = h("span", { class: "hint", role: "status" });
    const longNote = h("p", { class: "note", hidden: true });
    const preview = h("a", { class: "btn btn-small", target: "_blank", rel: "noopener", href: "/embed" }, tr("share.preview"), h("span", { "aria-hidden": "true" }, " ↗"));
    const copyIframe = h("button", { type: "button", class: "btn btn-small", id: "share-copy-iframe", autofocus: true }, tr("share.copy"));
    const copyScript = h("button", { type: "button", class: "btn btn-small", id: "share-copy-script" }, tr("share.copy"));
    const dl = h("button", { type: "button", class: "btn btn-small", id: "share-download" }, tr("share.download"));
    const dlStatus = h("span", { class: "hint", role: "status" });
    const close = h("button", { type: "button", class: "icon-btn share-close", "aria-label": tr("share.close"), title: tr("share.close") }, "×");
    dialog = h(
      "dialog",
      { class: "share-dialog", id: "share-dialog", "aria-labelledby": "share-heading" },
      h("div", { class: "share-head" }, h("h2", { id: "share-heading" }, tr("share.heading")), close),
      h("p", { class: "share-intro" }, tr("share.intro")),
      h("fieldset", { class: "share-views" }, h("legend", {}, tr("share.views")), h("div", { class: "chips" }, boxes)),
      h(
        "fieldset",
        { class: "share-options" },
        h("legend", {}, tr("share.options")),
        h("span", { class: "field-check" }, editor, h("label", { for: "share-editor" }, tr("share.editor"))),
        h("span", { class: "field-check" }, autoplay, h("label", { for: "share-autoplay" }, tr("share.autoplay"))),
        h("span", { class: "share-height" }, h("label", { for: "share-height" }, tr("share.height")), height),
      ),
      h("section", { class: "share-block" }, h("div", { class: "share-block-head" }, h("label", { for: "share-iframe" }, tr("share.iframe")), preview, copyIframe), iframeArea, iframeStatus),
      h("section", { class: "share-block" }, h("div", { class: "share-block-head" }, h("label", { for: "share-script" }, tr("share.script")), copyScript), scriptArea, scriptStatus),
      h("section", { class: "share-block" }, h("div", { class: "share-block-head" }, h("span", {}, tr("share.standalone")), dl), dlStatus),
      longNote,
      h("p", { class: "hint" }, tr("share.oembed")),
    );
    document.body.append(dialog);

    refresh = () => {
      const views = $$("input[type=checkbox]", dialog.querySelector(".share-views")).filter((i) => i.checked).map((i) => i.value);
      const query = embedQuery(state, { views, editor: editor.checked, autoplay: autoplay.checked });
      // until the reader sets a height, it follows the views chosen (an iframe cannot size itself)
      if (!height.dataset.touched) height.value = String(suggestedHeight(views, { gradients: !!(app.run && app.run.gradients) }));
      const hgt = Math.max(240, Math.min(4000, Math.round(+height.value || DEFAULT_HEIGHT)));
      const sel = $("#preset-select");
      const name = sel && sel.value ? sel.selectedOptions[0].textContent : tr("title.custom");
      iframeArea.value = iframeSnippet(base, query, { height: hgt, title: `rnnscope: ${name}` });
      scriptArea.value = scriptSnippet(base, query, { height: hgt });
      preview.href = `/embed${query ? "?" + query : ""}`;
      iframeStatus.textContent = "";
      scriptStatus.textContent = "";
      const link = base.length + 7 + query.length;
      longNote.hidden = !(state.cfg && link > LONG_LINK);
      longNote.textContent = longNote.hidden ? "" : tr("share.long-link", { size: bytes(link) });
    };
    dialog.addEventListener("change", refresh);
    dialog.addEventListener("input", (e) => {
      if (e.target === height) {
        height.dataset.touched = "1";
        refresh();
      }
    });
    copyIframe.addEventListener("click", () => copyText(iframeArea, iframeStatus));
    copyScript.addEventListener("click", () => copyText(scriptArea, scriptStatus));
    dl.addEventListener("click", () => downloadPage(dl, (text) => (dlStatus.textContent = text)));
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("click", (e) => {
      if (e.target === dialog) dialog.close(); // a click on the backdrop
    });
  }

  function openDialog() {
    if (!dialog) build();
    refresh();
    dialog.showModal();
  }

  async function downloadPage(btn, say = toast) {
    const run = app.run;
    if (!run) return;
    btn.disabled = true;
    say(tr("share.building"));
    const preset = state.preset || "";
    const view = serialize({ ...state, preset: null, cfg: null, origin: null, autoplay: 0, lang: null });
    try {
      const { blob, filename } = await api.standalonePage(run.body, { preset, state: view, lang });
      download(blob, filename);
      say(tr("share.saved", { name: filename, size: bytes(blob.size) }));
    } catch (e) {
      say(tr("share.failed", { msg: e.message }));
    } finally {
      btn.disabled = false;
    }
  }

  openBtn.addEventListener("click", openDialog);
  downloadBtn.addEventListener("click", () => downloadPage(downloadBtn));
  return { openDialog, downloadPage };
}
