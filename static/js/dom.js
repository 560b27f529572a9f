// Small DOM helpers. Text is always set with textContent: nothing here parses HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Create an element: h("p", {class: "x", title: "…"}, "text", child, …). Strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** The same for SVG elements. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else if (k === "props") Object.assign(el, v); // element properties, as morph.js's vh takes them
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on")) throw new Error("bind events in the controller, not through attributes");
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Replace an element's children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Make a character visible: space, tab and newline become ␣ ⇥ ↵. */
export function visibleToken(tok) {
  if (tok === undefined || tok === null) return "";
  return String(tok).replace(/ /g, "␣").replace(/\t/g, "⇥").replace(/\r?\n/g, "↵");
}

/**
 * Text for Plotly labels. Plotly reads a few HTML-like tags in its strings (<b>, <br>, …) and
 * decodes entities, so user text is entity-escaped to be shown literally, never interpreted.
 */
export function plotlyText(str) {
  return String(str).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
