// Keyed updates for panels drawn by building their content (issue 11). A renderer describes its
// content with `vh(tag, attrs, ...children)` (the signature of dom.js's h, but a plain object, not
// an element: ~10x cheaper to build) and `morph(el, ...children)` makes el's content equal to it,
// keeping every existing node whose place in the tree still holds a node of the same kind (same
// tag, or text): a step of the worked step then writes the few texts and attributes that changed
// instead of rebuilding ~200 elements, and the browser restyles, lays out and repaints only those.
// The result is the DOM a fresh build gives (same tags, attributes, texts, in the same order);
// only node identities are kept. Children may also be real DOM nodes (patched the same way); a
// node given where it already is is left untouched.
//
// Element properties that are not attributes (e.g. `_fill`, the lazy content of a <details>) go in
// attrs.props: they are set on the element, kept or new, so a listener that reads them from the
// element runs the newest build's function.

export class VNode {
  constructor(tag, attrs, kids) {
    this.tag = tag;
    this.attrs = attrs; // [name, value, name, value, …], values strings
    this.kids = kids; // strings, VNodes, Nodes
    this.props = null;
  }
}

/** A description of an element, for morph(): vh("span", {class: "n", title}, "0.5"). */
export function vh(tag, attrs = {}, ...children) {
  const flat = [];
  let props = null;
  for (const k in attrs) {
    const v = attrs[k];
    if (v === undefined || v === null || v === false) continue;
    if (k === "props") props = v;
    else if (k === "dataset") for (const d in v) flat.push("data-" + d.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()), String(v[d]));
    else if (k === "text") children = [String(v)];
    else if (k.startsWith("on")) throw new Error("bind events in the controller, not through attributes");
    else flat.push(k, v === true ? "" : String(v));
  }
  const kids = [];
  collect(children, kids);
  const n = new VNode(tag, flat, kids);
  n.props = props;
  return n;
}

function collect(children, out) {
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) collect(c, out);
    else if (c instanceof VNode || c instanceof Node) out.push(c);
    else out.push(String(c));
  }
}

/** A real node for a description (strings become text nodes; real nodes are returned as they are). */
export function create(n) {
  if (typeof n === "string") return document.createTextNode(n);
  if (!(n instanceof VNode)) return n;
  const el = document.createElement(n.tag);
  const a = n.attrs;
  for (let i = 0; i < a.length; i += 2) el.setAttribute(a[i], a[i + 1]);
  if (n.props) Object.assign(el, n.props);
  for (const k of n.kids) el.appendChild(create(k));
  return el;
}

/** Make el's children equal to `children` (VNodes, nodes, strings, arrays, null as h() takes them). */
export function morph(el, ...children) {
  const next = [];
  collect(children, next);
  morphChildren(el, next);
}

function morphChildren(parent, next) {
  let old = parent.firstChild;
  for (let i = 0; i < next.length; i++) {
    const n = next[i];
    if (old === null) {
      parent.appendChild(create(n));
      continue;
    }
    const after = old.nextSibling;
    if (n === old) {
      old = after; // the very node in its place: left as it is
      continue;
    }
    if (sameKind(old, n)) patch(old, n);
    else parent.replaceChild(create(n), old);
    old = after;
  }
  while (old !== null) {
    const after = old.nextSibling;
    parent.removeChild(old);
    old = after;
  }
}

function sameKind(old, n) {
  if (typeof n === "string") return old.nodeType === 3;
  if (n instanceof VNode) return old.nodeType === 1 && old.localName === n.tag && old.namespaceURI === "http://www.w3.org/1999/xhtml";
  if (old.nodeType !== n.nodeType) return false;
  if (n.nodeType === 3) return true;
  return n.nodeType === 1 && old.localName === n.localName && old.namespaceURI === n.namespaceURI;
}

function patch(old, n) {
  if (typeof n === "string") {
    if (old.nodeValue !== n) old.nodeValue = n;
    return;
  }
  if (n instanceof VNode) {
    const a = n.attrs;
    for (let i = 0; i < a.length; i += 2) if (old.getAttribute(a[i]) !== a[i + 1]) old.setAttribute(a[i], a[i + 1]);
    const oa = old.attributes;
    if (oa.length !== a.length >> 1) {
      // every new attribute is set: any other one is the old build's
      for (let i = oa.length - 1; i >= 0; i--) {
        const name = oa[i].name;
        let keep = false;
        for (let j = 0; j < a.length; j += 2) if (a[j] === name) keep = true;
        if (!keep) old.removeAttribute(name);
      }
    }
    if (n.props) Object.assign(old, n.props);
    morphChildren(old, n.kids);
    return;
  }
  if (n.nodeType === 3) {
    if (old.nodeValue !== n.nodeValue) old.nodeValue = n.nodeValue;
    return;
  }
  const na = n.attributes;
  for (let i = 0; i < na.length; i++) if (old.getAttribute(na[i].name) !== na[i].value) old.setAttribute(na[i].name, na[i].value);
  const oa = old.attributes;
  for (let i = oa.length - 1; i >= 0; i--) if (!n.hasAttribute(oa[i].name)) old.removeAttribute(oa[i].name);
  const kids = [];
  for (let c = n.firstChild; c; c = c.nextSibling) kids.push(c);
  morphChildren(old, kids);
}

/** Set an element's text, changing its one text node when it has one (a new node is laid out anew;
 *  an unchanged text is not written at all). */
export function setText(el, text) {
  const f = el.firstChild;
  if (f !== null && f.nodeType === 3 && f.nextSibling === null) {
    if (f.nodeValue !== text) f.nodeValue = text;
  } else if (text !== "" || f !== null) el.textContent = text;
}
