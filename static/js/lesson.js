// Lessons (issue 14; the format is docs/lessons.md): a panel above the views with the step's text
// in the page's language, Prev / Next, the question and its feedback; each step loads its network
// (a preset or a cfg), shows its views, goes to its time step and selects the units it names.
// A teacher opens her own lesson from a file, a same-origin URL or pasted JSON; the server checks
// it (POST /api/v1/lessons/check) and every problem is shown with its step and field.
//
// URL: ?lesson=ID&step=k (k from 0) or ?lesson_url=/path/lesson.json; /embed takes the same.

import * as api from "./api.js";
import { $, $$, h } from "./dom.js";
import { lang, tr } from "./i18n.js";
import { richText } from "./lessonmath.js";
import { parse, state, syncUrl, VIEWS } from "./state.js";

const text = (o) => (o ? (o[lang] ?? o.en) : "");
/** A short lesson text (a prompt, a choice, feedback) as inline nodes: its paragraphs run together. */
const inline = (s) => richText(s).flatMap((p) => [...p.childNodes]);
const MAX_FILE = 2_000_000; // bytes of a lesson file read from disk or a URL

/** Which step shows which network: the index of its distinct network for every step. Pure. */
export function networkIndex(lesson) {
  const keys = [];
  const perStep = [];
  for (const step of lesson.steps) {
    if (step.network) {
      const key = JSON.stringify(step.network);
      if (!keys.includes(key)) keys.push(key);
      perStep.push(keys.indexOf(key));
    } else perStep.push(perStep.length ? perStep[perStep.length - 1] : 0);
  }
  return { networks: keys.map((k) => JSON.parse(k)), perStep };
}

/** The views a step shows: its own, else the previous step's, else every view. Pure. */
export function stepViews(lesson, k) {
  for (let i = k; i >= 0; i -= 1) if (lesson.steps[i].views) return lesson.steps[i].views;
  return VIEWS.filter((v) => v !== "export");
}

/** The lesson's failure as lines: FastAPI's detail (each naming the step and field) or a message. */
function errorLines(e) {
  if (e && Array.isArray(e.detail)) return e.detail.map((d) => d.msg);
  return [e && e.message ? e.message : String(e)];
}

export function setupLessons(app) {
  const mode = document.documentElement.dataset;
  const saved = typeof api.savedData === "function" ? api.savedData() : null;
  const offline = !!mode.standalone;
  const params = parse(location.search);
  const wanted = offline ? saved && saved.lesson && { id: saved.lesson.id } : params.lesson ? { id: params.lesson } : params.lesson_url ? { url: params.lesson_url } : null;
  const views = $("#views");
  if (!views || (!wanted && (mode.embed || offline))) return { start: null, ready: () => {} };

  let lesson = null;
  let index = null;
  let cur = 0;
  let loadedNet = -1;
  let busy = Promise.resolve();

  const panel = h("section", { id: "lesson", class: "lesson", "aria-label": tr("lesson.panel"), hidden: true });
  const opener = mode.embed || offline ? null : buildOpener();
  const errorBox = h("div", { id: "lesson-error", class: "lesson-error", role: "alert", hidden: true });
  const wrap = h("div", { class: "lesson-wrap", id: "lesson-wrap" }, errorBox, panel, opener);
  views.prepend(wrap);

  function showError(title, lines) {
    errorBox.replaceChildren(h("strong", {}, title), h("ul", {}, lines.map((l) => h("li", {}, l))));
    errorBox.hidden = false;
  }

  function buildOpener() {
    const list = h("ul", { class: "lesson-list", id: "lesson-list" });
    const file = h("input", { type: "file", id: "lesson-file", accept: ".json,application/json" });
    const source = h("textarea", { id: "lesson-source", rows: "2", spellcheck: "false", placeholder: tr("lesson.source-placeholder") });
    const load = h("button", { type: "button", class: "btn", id: "lesson-load" }, tr("lesson.load"));
    const box = h(
      "details",
      { class: "lesson-open", id: "lesson-open" },
      h("summary", {}, tr("lesson.open")),
      list,
      h("label", { class: "lesson-file-label" }, tr("lesson.open-file"), " ", file),
      h("label", { for: "lesson-source" }, tr("lesson.open-source")),
      source,
      load,
      h("p", { class: "hint" }, tr("lesson.write-your-own")),
    );
    box.addEventListener("toggle", async () => {
      if (!box.open || list.childElementCount) return;
      try {
        for (const l of await api.listLessons()) {
          const a = h("a", { href: `?lesson=${encodeURIComponent(l.id)}${lang !== "en" ? `&lang=${lang}` : ""}` }, text(l.title));
          list.append(h("li", {}, a, " ", h("span", { class: "hint" }, text(l.summary))));
        }
      } catch (e) {
        list.append(h("li", {}, errorLines(e).join("; ")));
      }
    });
    file.addEventListener("change", async () => {
      const f = file.files && file.files[0];
      if (!f) return;
      file.value = ""; // the same file, edited, can be opened again
      if (f.size > MAX_FILE) return showError(tr("lesson.error", { name: f.name }), [tr("lesson.too-large", { max: MAX_FILE })]);
      await openOwn(await f.text(), f.name);
    });
    load.addEventListener("click", async () => {
      const s = source.value.trim();
      if (!s) return;
      if (s.startsWith("{")) await openOwn(s, tr("lesson.pasted"));
      else await openUrl(s);
    });
    return box;
  }

  async function openUrl(raw) {
    let url;
    try {
      url = new URL(raw, location.href);
    } catch {
      return showError(tr("lesson.error", { name: raw }), [tr("lesson.bad-url")]);
    }
    if (url.origin !== location.origin) return showError(tr("lesson.error", { name: raw }), [tr("lesson.cross-origin", { origin: location.origin })]);
    try {
      const res = await fetch(url.href, { credentials: "same-origin" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.text();
      if (body.length > MAX_FILE) throw new Error(tr("lesson.too-large", { max: MAX_FILE }));
      return openOwn(body, url.pathname, { url: url.pathname + url.search });
    } catch (e) {
      return showError(tr("lesson.error", { name: raw }), [e.message]);
    }
  }

  /** A teacher's lesson as text: parsed, checked by the server, then shown from its first step. */
  async function openOwn(raw, name, { url = null, boot = false } = {}) {
    let data;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      showError(tr("lesson.error", { name }), [tr("lesson.bad-json", { msg: e.message })]);
      return false;
    }
    try {
      lesson = await api.checkLesson(data);
    } catch (e) {
      showError(tr("lesson.error", { name }), errorLines(e));
      return false;
    }
    errorBox.hidden = true;
    state.lesson = null;
    state.lesson_url = url;
    return begin(0, boot);
  }

  async function begin(k, boot) {
    index = networkIndex(lesson);
    loadedNet = -1;
    cur = Math.min(Math.max(0, k), lesson.steps.length - 1);
    render();
    if (boot) return loadNetwork(index.perStep[cur]);
    await goTo(cur);
    return true;
  }

  async function bodyOf(i) {
    if (offline) return structuredClone(saved.networks[i].request);
    const net = index.networks[i];
    const body = net.preset ? await api.getPreset(net.preset) : structuredClone(net.cfg);
    if (net.options) body.options = net.options;
    if (net.inputs !== undefined) body.inputs = net.inputs;
    return body;
  }

  /** Put network i into the form (the run follows). */
  async function loadNetwork(i) {
    const net = index.networks[i];
    if (offline) api.selectSaved(i);
    if (!offline && net.preset && !net.options && net.inputs === undefined) {
      if (!(await app.fillPreset(net.preset))) return false;
    } else app.form.fill(await bodyOf(i));
    loadedNet = i;
    return true;
  }

  function applyViews() {
    const show = new Set(stepViews(lesson, cur));
    for (const v of VIEWS) for (const el of $$(`[data-hide="${v}"]`)) el.classList.toggle("lesson-off", !show.has(v));
    window.dispatchEvent(new Event("resize")); // plots that were hidden take their size
  }

  async function applyView() {
    const step = lesson.steps[cur];
    const run = app.run;
    const hl = step.highlight || {};
    const patch = {};
    const unit = step.unit ?? (hl.units && hl.units.length ? hl.units[0] : null);
    if (unit !== null && run && unit < run.H) patch.unit = unit;
    if (hl.units && hl.units.length) patch.units = hl.units.join(",");
    if (hl.quantities && hl.quantities.length && run) {
      const q = hl.quantities.filter((x) => x !== "c" || run.cell === "lstm");
      if (q.length) patch.q = q;
    }
    if (Object.keys(patch).length) await app.setView(patch);
    if (patch.q) for (const el of $$("#heatmap-quantities input")) el.checked = patch.q.includes(el.value); // the chips say so too
    app.setStep(Math.min(step.t || 0, run ? run.T - 1 : 0));
  }

  async function goTo(k) {
    cur = Math.min(Math.max(0, k), lesson.steps.length - 1);
    render();
    applyViews();
    const i = index.perStep[cur];
    if (i !== loadedNet) {
      panel.dataset.loading = "1";
      if (await loadNetwork(i)) await app.runNow();
      delete panel.dataset.loading;
    }
    await applyView();
    remember();
    panel.dataset.step = String(cur);
  }

  function remember() {
    if (offline) return;
    state.lesson = state.lesson_url ? null : lesson.id;
    if (state.lesson_url || lesson.id === params.lesson || state.lesson) state.step = cur;
    syncUrl();
  }

  function watchList(step) {
    const hl = step.highlight || {};
    const items = [];
    const units = [...new Set([...(step.unit !== undefined ? [step.unit] : []), ...(hl.units || [])])];
    if (units.length) items.push(tr(units.length > 1 ? "lesson.watch-units" : "lesson.watch-unit", { units: units.join(", ") }));
    if (hl.quantities && hl.quantities.length) items.push(tr("lesson.watch-quantities", { q: hl.quantities.join(", ") }));
    return items.length ? h("p", { class: "lesson-watch", id: "lesson-watch" }, items.join(" · ")) : null;
  }

  function questionBlock(q) {
    const feedback = h("p", { class: "lesson-feedback", id: "lesson-feedback", role: "status", "aria-live": "polite" });
    const check = h("button", { type: "button", class: "btn btn-primary", id: "lesson-check" }, tr("lesson.check"));
    let read;
    let field;
    if (q.kind === "choice") {
      const name = `lesson-q-${cur}`;
      field = h(
        "div",
        { class: "lesson-choices", role: "radiogroup" },
        q.choices.map((c, i) => h("label", { class: "lesson-choice" }, h("input", { type: "radio", name, value: String(i) }), " ", inline(text(c)))),
      );
      read = () => {
        const el = field.querySelector("input:checked");
        return el ? Number(el.value) : null;
      };
    } else {
      field = h("input", { type: "text", inputmode: "decimal", id: "lesson-answer", class: "lesson-answer", autocomplete: "off", "aria-label": tr("lesson.your-answer") });
      read = () => {
        const v = field.value.trim().replace(",", ".");
        return v === "" || !Number.isFinite(Number(v)) ? null : Number(v);
      };
      field.addEventListener("keydown", (e) => {
        if (e.key === "Enter") check.click();
      });
    }
    check.addEventListener("click", () => {
      const v = read();
      if (v === null) {
        feedback.textContent = tr(q.kind === "choice" ? "lesson.pick-one" : "lesson.enter-number");
        feedback.className = "lesson-feedback";
        return;
      }
      const right = q.kind === "choice" ? v === q.answer : Math.abs(v - q.answer) <= q.tolerance;
      feedback.replaceChildren(h("strong", {}, tr(right ? "lesson.right" : "lesson.wrong")), " ", ...inline(text(right ? q.feedback.right : q.feedback.wrong)));
      feedback.className = `lesson-feedback ${right ? "is-right" : "is-wrong"}`;
      panel.dataset.answered = right ? "right" : "wrong";
    });
    return h("fieldset", { class: "lesson-question", id: "lesson-question" }, h("legend", {}, ...inline(text(q.prompt))), field, h("div", { class: "lesson-check-row" }, check), feedback);
  }

  function render() {
    const step = lesson.steps[cur];
    const n = lesson.steps.length;
    const prev = h("button", { type: "button", class: "btn", id: "lesson-prev", disabled: cur === 0 }, tr("lesson.prev"));
    const next = h("button", { type: "button", class: "btn btn-primary", id: "lesson-next", disabled: cur === n - 1 }, tr("lesson.next"));
    prev.addEventListener("click", () => step_(cur - 1));
    next.addEventListener("click", () => step_(cur + 1));
    const dots = h(
      "ol",
      { class: "lesson-dots", "aria-label": tr("lesson.steps") },
      lesson.steps.map((s, i) => {
        const b = h("button", { type: "button", "aria-label": tr("lesson.step", { k: i + 1, n }), "aria-current": i === cur ? "step" : false }, String(i + 1));
        b.addEventListener("click", () => step_(i));
        return h("li", {}, b);
      }),
    );
    delete panel.dataset.answered;
    const parts = [
      h("header", { class: "lesson-head" }, h("span", { class: "lesson-kicker" }, tr("lesson.kicker")), " ", h("strong", { class: "lesson-title" }, text(lesson.title)), h("span", { class: "lesson-count", id: "lesson-count" }, tr("lesson.step", { k: cur + 1, n }))),
      step.title ? h("h2", { class: "lesson-step-title", id: "lesson-step-title" }, text(step.title)) : null,
      h("div", { class: "lesson-text", id: "lesson-text", lang }, richText(text(step.text))),
      watchList(step),
      step.question ? questionBlock(step.question) : null,
      h("nav", { class: "lesson-nav", "aria-label": tr("lesson.steps") }, prev, dots, next),
    ];
    panel.replaceChildren(...parts.filter(Boolean));
    panel.hidden = false;
    document.documentElement.dataset.lesson = lesson.id;
  }

  function step_(k) {
    busy = busy.then(() => goTo(k)).catch((e) => console.error(e));
    return busy;
  }

  /** For app.boot: load the lesson of the URL and put its step's network into the form. */
  async function start() {
    if (offline) {
      lesson = saved.lesson;
      return begin(params.step || 0, true);
    }
    if (wanted.id) {
      try {
        lesson = await api.getLesson(wanted.id);
      } catch (e) {
        showError(tr("lesson.error", { name: wanted.id }), errorLines(e));
        return false;
      }
      return begin(params.step || 0, true);
    }
    let url;
    try {
      url = new URL(wanted.url, location.href);
    } catch {
      url = null;
    }
    if (!url || url.origin !== location.origin) {
      showError(tr("lesson.error", { name: wanted.url }), [tr("lesson.cross-origin", { origin: location.origin })]);
      return false;
    }
    try {
      const res = await fetch(url.href, { credentials: "same-origin" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const ok = await openOwn(await res.text(), url.pathname, { url: wanted.url, boot: true });
      if (ok) {
        cur = Math.min(params.step || 0, lesson.steps.length - 1);
        render();
        return loadNetwork(index.perStep[cur]);
      }
      return false;
    } catch (e) {
      showError(tr("lesson.error", { name: wanted.url }), [e.message]);
      return false;
    }
  }

  /** After the first run: the step's views, time step and units. */
  async function ready() {
    if (!lesson) return;
    applyViews();
    await applyView();
    remember();
    panel.dataset.step = String(cur);
  }

  window.rnnscopeLesson = Object.freeze({
    goTo: (k) => step_(k),
    get step() {
      return cur;
    },
    get lesson() {
      return lesson;
    },
  });
  return { start: wanted ? start : null, ready };
}
