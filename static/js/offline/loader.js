// The standalone page's module loader, inlined by app/standalone.py as a classic script.
//
// A page opened from file:// cannot load module scripts from files, so the app's ES modules
// travel inside the page (#rnnscope-modules: a JSON map path -> source, gzip-compressed and
// base64-encoded like plotly.js's bundles, unpacked here with DecompressionStream). Each one
// becomes a blob: URL with its relative import specifiers rewritten to its dependencies' blob
// URLs (dependencies first; the build refuses import cycles), then main.js starts as a module
// script. No bundler, no eval, no network. The same specifier pattern is MODULE_SPEC in
// app/standalone.py.
(function () {
  "use strict";
  var SPEC = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.\.?\/[^"'\s]+)\2/g;
  var sources = null; // path -> source, once unpacked
  var data = JSON.parse(document.getElementById("rnnscope-data").textContent);
  var urls = Object.create(null);

  function resolve(from, spec) {
    return new URL(spec, "http://m/" + from).pathname.slice(1);
  }

  function urlOf(path, chain) {
    if (urls[path]) return urls[path];
    if (chain.indexOf(path) >= 0) throw new Error("rnnscope: import cycle " + chain.concat(path).join(" -> "));
    var src = sources[path];
    if (typeof src !== "string") throw new Error("rnnscope: no module " + path + " in this page");
    var code = src.replace(SPEC, function (m, pre, q, spec) {
      return pre + q + urlOf(resolve(path, spec), chain.concat(path)) + q;
    });
    var blob = new Blob([code + "\n//# sourceURL=rnnscope:///js/" + path + "\n"], { type: "text/javascript" });
    urls[path] = URL.createObjectURL(blob);
    return urls[path];
  }

  // The view it was saved with, for every key the address does not set; never another network.
  var here = new URLSearchParams(location.search);
  var saved = new URLSearchParams(data.query || "");
  here.delete("cfg");
  here.delete("preset");
  saved.forEach(function (v, k) {
    if (!here.has(k)) here.set(k, v);
  });
  var q = here.toString();
  if (q !== location.search.replace(/^\?/, "")) {
    try {
      history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
    } catch (e) {
      // a notebook's srcdoc or sandboxed iframe has no address to change (static/js/address.js)
      window.rnnscopeSearch = q ? "?" + q : "";
    }
  }

  function unpack(id) {
    var bin = atob(document.getElementById(id).textContent.trim());
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }

  unpack("rnnscope-modules")
    .then(function (text) {
      sources = JSON.parse(text);
      var main = document.createElement("script");
      main.type = "module";
      main.src = urlOf("main.js", []);
      document.head.appendChild(main);
    })
    .catch(function (e) {
      document.documentElement.dataset.state = "error";
      console.error("rnnscope: the page's modules could not be unpacked", e);
    });
})();
