// The page's address, also where it cannot have one of its own: a notebook shows the standalone
// page in an iframe `srcdoc` (about:srcdoc, often sandboxed), where location.search is empty and
// history.replaceState throws a SecurityError. There the view keys live in window.rnnscopeSearch
// (set by static/js/offline/loader.js) and every later write goes there instead.

/** The page's query string ("?t=3&…" or ""). */
export function pageSearch() {
  if (typeof window !== "undefined" && typeof window.rnnscopeSearch === "string") return window.rnnscopeSearch;
  return typeof location === "undefined" ? "" : location.search;
}

/** history.replaceState(url), or, where the page may not change its address, remember its query. */
export function replaceAddress(url) {
  try {
    if (typeof window.rnnscopeSearch === "string") throw new Error("no address of its own");
    history.replaceState(null, "", url);
  } catch {
    const q = String(url).indexOf("?");
    window.rnnscopeSearch = q < 0 ? "" : String(url).slice(q).replace(/#.*$/, "");
  }
}
