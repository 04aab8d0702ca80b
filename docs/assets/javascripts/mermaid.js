// Serves Mermaid from this site, and only to pages with diagrams, when a reader comes near one.
// Material for MkDocs renders ```mermaid fences with the global `mermaid` when one exists, and fetches it from a
// CDN otherwise. This stand-in is that global: it is tiny, and it loads the real library (assets/vendor/mermaid,
// copied from npm by `make vendor`) the first time Material asks it to draw a diagram that is within a screen of
// the viewport. Mermaid is large and slow to start: a reader who never scrolls to a diagram never pays for it.
(function () {
  "use strict";
  var SOURCE = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  var settings = {};
  var loading = null;

  function loadMermaid() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = SOURCE;
        script.onload = function () {
          window.mermaid.initialize(settings);
          resolve(window.mermaid);
        };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // Resolves when any diagram still waiting to be drawn is within one screen of the viewport.
  function diagramNearby() {
    return new Promise(function (resolve) {
      var waiting = document.querySelectorAll("pre.mermaid");
      if (waiting.length === 0 || !("IntersectionObserver" in window)) return resolve();
      var observer = new IntersectionObserver(
        function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) {
            observer.disconnect();
            resolve();
          }
        },
        { rootMargin: "100% 0px" }
      );
      waiting.forEach(function (element) { observer.observe(element); });
    });
  }

  window.mermaid = {
    initialize: function (options) { settings = options; },
    render: function (id, text) {
      return diagramNearby()
        .then(loadMermaid)
        .then(function (mermaid) { return mermaid.render(id, text); });
    },
  };
})();
