/* The handbook's search, in Material's search dialog (overrides/partials/search.html), answered by Pagefind.

   Nothing is downloaded until the reader opens the search: then Pagefind's script and WebAssembly load, and each
   query fetches only the index chunks its words fall in and the text of the results shown. The index is built with
   the site (hooks/search.py). From file:// (the offline copy), where browsers refuse modules, workers and fetch,
   Pagefind runs as a plain script and its files arrive as scripts (pagefind/offline/), loaded on demand. */
(() => {
  "use strict";

  const dialog = document.querySelector(".md-search");
  if (!dialog) return;
  const toggle = document.getElementById("__search");
  const input = dialog.querySelector(".md-search__input");
  const result = dialog.querySelector(".md-search-result");
  const meta = result.querySelector(".md-search-result__meta");
  const list = result.querySelector(".md-search-result__list");
  const scrollwrap = dialog.querySelector(".md-search__scrollwrap");
  const config = JSON.parse(document.getElementById("__config").textContent);
  const site = new URL(config.base.replace(/\/?$/, "/"), location.href);
  const bundle = new URL("pagefind/", site);
  const offline = location.protocol === "file:";
  const translations = config.translations;
  // Ranking: the weights inside each page are set by hooks/search.py; here, a match in the title counts five times
  // and one in the description twice (Pagefind's metadata weights).
  const options = {
    baseUrl: "/",
    excerptLength: 28,
    ranking: { metaWeights: { title: 5.0, description: 2.0 } },
  };
  // Results rendered at once, and more as the reader scrolls, as Material does: each one shown downloads its page's
  // text (for the excerpt), so a search downloads only what the reader can see.
  const FIRST = 5;
  const MORE = 5;
  // A search waits for a pause in typing: Pagefind would load the index chunks of every prefix typed ("a", "ad",
  // "ada"...), which its own debounced search also does.
  const PAUSE = 150;

  let pagefind = null;
  let shown = { query: null, results: [], rendered: 0 };

  function setToggle(value) {
    if (toggle.checked !== value) {
      toggle.checked = value;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function text(key, count) {
    return (translations[key] || "").replace("#", count);
  }

  // Pagefind, loaded once, on first use.
  function load() {
    if (!pagefind) {
      pagefind = (offline ? loadOffline() : import(new URL("pagefind.js", bundle).href))
        .then(async (module) => {
          const instance = module.createInstance({ basePath: bundle.href, noWorker: offline, ...options });
          await instance.init();
          return instance;
        })
        .then((instance) => {
          if (!input.value.trim()) meta.textContent = text("search.result.placeholder");
          return instance;
        });
      pagefind.catch((error) => {
        pagefind = null; // tried again on the next keystroke
        console.error("Search could not load:", error);
      });
    }
    return pagefind;
  }

  // file://: a plain-script Pagefind, and its fetches answered by the scripts that wrap its files.
  function script(src) {
    return new Promise((resolve, reject) => {
      const element = document.createElement("script");
      element.src = src;
      element.onload = resolve;
      element.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(element);
    });
  }

  function loadOffline() {
    const files = new Map();
    const waiting = new Map();
    window.__pagefindOffline = (name, data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      files.set(name, bytes);
      (waiting.get(name) || []).forEach((resolve) => resolve(bytes));
      waiting.delete(name);
    };
    const fetchOnline = window.fetch;
    window.fetch = (resource, init) => {
      const url = new URL(resource instanceof Request ? resource.url : resource, location.href).href;
      if (!url.startsWith(bundle.href)) return fetchOnline(resource, init);
      const name = url.slice(bundle.href.length).split("?")[0];
      if (files.has(name)) return Promise.resolve(new Response(files.get(name)));
      const bytes = new Promise((resolve) => waiting.set(name, [...(waiting.get(name) || []), resolve]));
      return script(new URL(`offline/${name}.js`, bundle).href).then(() => bytes).then((data) => new Response(data));
    };
    return script(new URL("pagefind.offline.js", bundle).href).then(() => window.__pagefind);
  }

  // Results, in Material's markup and so in its look.
  function escape(value) {
    const element = document.createElement("span");
    element.textContent = value;
    return element.innerHTML;
  }

  function href(url) {
    return new URL(url.replace(/^\//, ""), site).href;
  }

  // Pagefind's excerpts are the page's text as it reads (a "<" in it is a "<") with <mark> around the words found.
  function marked(excerpt) {
    return escape(excerpt || "").replace(/&lt;(\/?)mark&gt;/g, "<$1mark>");
  }

  function article(title, excerpt, heading, missing) {
    const icon = heading === "h1" ? '<div class="md-search-result__icon md-icon"></div>' : "";
    const teaser = excerpt ? `<p>${marked(excerpt)}</p>` : "";
    const label = escape(text("search.result.term.missing"));
    const terms = missing ? `<p class="md-search-result__terms">${label}: <del>${escape(missing)}</del></p>` : "";
    return (
      `<article class="md-search-result__article md-typeset">` +
      `${icon}<${heading}>${escape(title)}</${heading}>${teaser}${terms}</article>`
    );
  }

  function link(url, content) {
    return `<a href="${escape(href(url))}" class="md-search-result__link" tabindex="-1">${content}</a>`;
  }

  function item(data, missing) {
    const sections = (data.sub_results || [])
      .filter((section) => section.url !== data.url && section.title && section.anchor?.element !== "h1")
      .slice(0, 2);
    const links = [
      link(data.url, article(data.meta.title || data.url, data.excerpt, "h1", missing)),
      ...sections.map((section) => link(section.url, article(section.title, section.excerpt, "h2"))),
    ];
    const element = document.createElement("li");
    element.className = "md-search-result__item";
    element.innerHTML = links.join("");
    return element;
  }

  async function renderMore(count) {
    const { query, results } = shown;
    const batch = results.slice(shown.rendered, shown.rendered + count);
    shown.rendered += batch.length;
    const items = await Promise.all(batch.map(({ entry }) => entry.data()));
    if (shown.query !== query) return;
    list.append(...items.map((data, index) => item(data, batch[index].missing)));
    result.setAttribute("data-query", query);
    fill();
  }

  // More results while the list does not fill the dialog or the reader has scrolled to its end.
  function fill() {
    const end = scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 48;
    if (end && toggle.checked && shown.rendered < shown.results.length) renderMore(MORE);
  }

  // Pagefind returns the pages that have every word of the query. Words that say nothing about the topic ("vs",
  // "how to") are left out, and when few pages have every word, the pages missing one of them follow, with the
  // missing word shown struck through, as Material does: "licence plates" is found when typed "license plates".
  const STOP = new Set([
    ..."a an and are as at be by do does for from how i in is it my of on or the to".split(" "),
    ..."vs versus what when why with".split(" "),
  ]);
  const RELAX_BELOW = 5;

  async function find(instance, query) {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const kept = words.filter((word) => !STOP.has(word));
    const terms = kept.length ? kept : words;
    const full = await instance.search(terms.join(" "));
    const results = full.results.map((entry) => ({ entry, missing: null }));
    if (terms.length < 2 || results.length >= RELAX_BELOW) return results;
    const seen = new Set(results.map(({ entry }) => entry.id));
    const partial = [];
    for (const [index, missing] of terms.entries()) {
      const rest = terms.filter((_, other) => other !== index).join(" ");
      for (const entry of (await instance.search(rest)).results) {
        if (!seen.has(entry.id)) {
          seen.add(entry.id);
          partial.push({ entry, missing });
        }
      }
    }
    partial.sort((a, b) => b.entry.score - a.entry.score);
    return [...results, ...partial];
  }

  let timer = null;
  function searchSoon() {
    clearTimeout(timer);
    timer = setTimeout(search, PAUSE);
  }

  async function search() {
    const query = input.value.trim();
    const instance = await load();
    if (query !== input.value.trim()) return; // typed on meanwhile: that search answers
    if (!query) {
      shown = { query: "", results: [], rendered: 0 };
      list.replaceChildren();
      meta.textContent = text("search.result.placeholder");
      result.setAttribute("data-query", "");
      return;
    }
    const found = await find(instance, query);
    if (query !== input.value.trim()) return;
    shown = { query, results: found, rendered: 0 };
    list.replaceChildren();
    const count = found.length;
    const counted = count === 0 ? "search.result.none" : count === 1 ? "search.result.one" : "search.result.other";
    meta.textContent = text(counted, count);
    if (count === 0) {
      result.setAttribute("data-query", query);
      return;
    }
    result.removeAttribute("data-query");
    await renderMore(FIRST);
  }

  input.addEventListener("input", searchSoon);
  input.addEventListener("focus", () => {
    // After the event: a click on the header's search label focuses the field, then toggles the dialog itself.
    setTimeout(() => setToggle(true));
    load();
  });
  dialog.querySelector("form").addEventListener("reset", () =>
    setTimeout(() => {
      search();
      input.focus();
    }),
  );
  dialog.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
  document.querySelector("header [for=__search]")?.addEventListener("click", () => input.focus());
  scrollwrap.addEventListener("scroll", fill);
  dialog.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) setToggle(false);
  });
  toggle.addEventListener("change", () => {
    list.hidden = !toggle.checked;
    list.setAttribute("role", toggle.checked ? "list" : "presentation");
  });

  // Keyboard, as in Material: / s f open the search; in it, arrows move through the results, Enter opens the first,
  // Escape and Tab close it.
  window.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    const active = document.activeElement;
    if (!toggle.checked) {
      const typing = active && (active.isContentEditable || /^(input|select|textarea)$/i.test(active.tagName));
      if (!typing && ["/", "s", "f"].includes(event.key)) {
        event.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    const links = [input, ...list.querySelectorAll(".md-search-result__link")];
    switch (event.key) {
      case "Enter":
        if (active === input) {
          event.preventDefault();
          list.querySelector(".md-search-result__link")?.click();
        }
        break;
      case "Escape":
      case "Tab":
        setToggle(false);
        input.blur();
        break;
      case "ArrowUp":
      case "ArrowDown": {
        event.preventDefault();
        const step = event.key === "ArrowUp" ? -1 : 1;
        const index = (Math.max(0, links.indexOf(active)) + step + links.length) % links.length;
        links[index].focus();
        break;
      }
      default:
        if (active !== input && event.key.length === 1) input.focus();
    }
  });

  // A search opened by a link, ?q=..., as Material's search allows.
  const shared = new URL(location.href).searchParams.get("q");
  if (shared) {
    input.value = shared;
    input.focus();
    search();
  }
})();
