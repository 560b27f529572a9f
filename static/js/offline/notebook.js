// The notebook page's setup, inlined by app/standalone.py as a classic script before the loader
// (rnnscope.show: the standalone page in an iframe srcdoc in a notebook's output).
//
// plotly.js: the standalone page carries its bundles packed (gzip + base64) in inert
// application/octet-stream script blocks (ids rnnscope-plotly-cartesian and -gl3d), which
// static/js/plotly-loader.js unpacks. A notebook page carries them itself (plotly="inline"), or
// they sit once per notebook beside the first rnnscope output, in the notebook's document; a
// srcdoc iframe has its parent's origin, so this copies those blocks into the page before the app
// starts (and keeps their text on the parent window, window.rnnscopePlotlyBlocks, for pages
// displayed after that output is gone). Where neither is reachable (a cross-origin, sandboxed
// output frame) the page says how to carry them. Height: the iframe follows the page's height.
(function () {
  "use strict";
  var KINDS = ["cartesian", "gl3d"];
  var KEY = "rnnscopePlotlyBlocks";

  function parentWindow() {
    try {
      var p = window.parent;
      return p && p !== window && p.document ? p : null; // reading .document throws cross-origin
    } catch (e) {
      return null;
    }
  }

  var p = parentWindow();
  var found = 0;
  KINDS.forEach(function (kind) {
    var id = "rnnscope-plotly-" + kind;
    if (document.getElementById(id)) {
      found++;
      return;
    }
    if (!p) return;
    var cache = p[KEY] || (p[KEY] = {});
    var el = p.document.getElementById(id);
    var text = el ? el.textContent : cache[kind];
    if (!text) return;
    cache[kind] = text;
    var block = document.createElement("script");
    block.type = "application/octet-stream";
    block.id = id;
    block.textContent = text;
    document.head.appendChild(block);
    found++;
  });
  if (!found) {
    document.documentElement.dataset.plotly = "missing";
    document.addEventListener("DOMContentLoaded", function () {
      var note = document.getElementById("rnnscope-plotly-missing");
      if (note) note.hidden = false;
    });
  }

  var frame = null;
  try {
    frame = window.frameElement;
  } catch (e) {
    frame = null;
  }
  if (frame && typeof ResizeObserver === "function") {
    var last = 0;
    var fit = function () {
      var height = Math.ceil(document.documentElement.scrollHeight);
      if (Math.abs(height - last) > 2) {
        last = height;
        frame.style.height = height + "px";
      }
    };
    document.addEventListener("DOMContentLoaded", function () {
      new ResizeObserver(fit).observe(document.body);
      fit();
    });
  }
})();
