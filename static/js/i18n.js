// The interface's language: English or Simplified Chinese, one table of strings per language
// (i18n/en.js, i18n/zh.js, the same keys). Chosen by `lang=zh|en` in the URL, else by the
// browser's languages, else English.
//
// Scripts ask for their strings with tr(key, params) (not t(): t is the time step everywhere
// here). The page template is written in English: translatePage() swaps each of its texts (and
// aria-label, title, placeholder) that the English table holds for the same key's text in the
// chosen language, so the template stays plain HTML.

import { pageSearch } from "./address.js";
import en from "./i18n/en.js";
import zh from "./i18n/zh.js";

export const TABLES = Object.freeze({ en, zh });
export const LANGS = Object.freeze(Object.keys(TABLES));

/** The language for a query string and a list of browser languages (pure). */
export function pickLang(search = "", languages = []) {
  const asked = new URLSearchParams(search).get("lang");
  if (asked && LANGS.includes(asked)) return asked;
  for (const l of languages || []) {
    const base = String(l).toLowerCase().split("-")[0];
    if (LANGS.includes(base)) return base;
  }
  return "en";
}

export const lang = pickLang(
  pageSearch(),
  typeof navigator === "undefined" ? [] : navigator.languages || [navigator.language],
);
const table = TABLES[lang];

const warned = new Set();

/**
 * The string for `key` in the page's language with {name} placeholders filled from params.
 * A [singular, plural] entry is chosen by params.n. Falls back to English, then to the key.
 */
export function tr(key, params = {}) {
  let v = table[key] ?? en[key];
  if (v === undefined) {
    if (!warned.has(key)) {
      warned.add(key);
      console.warn(`rnnscope: no string for ${key}`);
    }
    return key;
  }
  if (Array.isArray(v)) v = v[params.n === 1 ? 0 : 1] ?? v[0];
  return v.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/**
 * tr() for a sentence with elements in it: each {name} whose param is a Node (or an array of
 * nodes and strings) stays that node; returns an array for replaceChildren / h().
 */
export function trNodes(key, params = {}) {
  const plain = {};
  for (const [k, v] of Object.entries(params)) if (v === null || typeof v !== "object") plain[k] = v;
  return tr(key, plain)
    .split(/(\{\w+\})/)
    .filter((part) => part !== "")
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      return m && m[1] in params ? params[m[1]] : part;
    });
}

/** A preset's title and description in the page's language (the server's English otherwise). */
export function localizePreset(p) {
  const title = table[`preset.${p.id}.title`];
  const description = table[`preset.${p.id}.description`];
  return { ...p, title: title ?? p.title, description: description ?? p.description };
}

/** plotly.js's own strings (the mode bar's tooltips) for Plotly.register; null in English. */
export function plotlyLocale() {
  if (lang === "en") return null;
  const dictionary = {};
  for (const [k, v] of Object.entries(table)) if (k.startsWith("plotly:")) dictionary[k.slice(7)] = v;
  return { moduleType: "locale", name: lang === "zh" ? "zh-CN" : lang, dictionary };
}

const ATTRS = ["aria-label", "title", "placeholder"];
const SKIP = new Set(["SCRIPT", "STYLE", "TEXTAREA", "CODE", "PRE"]);

/** English text -> key, for the template's texts. */
function reverseTable() {
  const rev = new Map();
  for (const [k, v] of Object.entries(en)) if (typeof v === "string" && !rev.has(v)) rev.set(v, k);
  return rev;
}

/** Put the page's static texts into the chosen language; sets <html lang>. */
export function translatePage(root = document) {
  const doc = root.ownerDocument || root;
  doc.documentElement.lang = lang === "zh" ? "zh-Hans" : "en";
  if (lang === "en") return;
  const rev = reverseTable();
  const swap = (text) => {
    const key = rev.get(text.trim());
    return key && table[key] !== undefined ? text.replace(text.trim(), table[key]) : null;
  };
  const walker = doc.createTreeWalker(root === doc ? doc.documentElement : root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        return SKIP.has(node.tagName) || node.getAttribute("translate") === "no" ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (!node.nodeValue.trim()) continue;
      const out = swap(node.nodeValue);
      if (out !== null) node.nodeValue = out;
      continue;
    }
    for (const a of ATTRS) {
      const v = node.getAttribute(a);
      if (!v) continue;
      const out = swap(v);
      if (out !== null) node.setAttribute(a, out);
    }
  }
  const desc = doc.querySelector('meta[name="description"]');
  if (desc && rev.has(desc.content)) desc.content = table[rev.get(desc.content)];
}

/** A link to the same page in another language. */
export function urlInLang(code, href = location.href) {
  const u = new URL(href);
  u.searchParams.set("lang", code);
  return u.pathname + u.search + u.hash;
}
