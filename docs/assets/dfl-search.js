/* Hosted-site search: Pagefind's chunked index behind Material's search box, in both scripts.
   Active only when the page is served over http(s) and the build produced a Pagefind index (see main.html). */
(function () {
  "use strict";
  var root = document.documentElement;
  if (location.protocol === "file:" || !document.querySelector('meta[name="dfl-search"][content="pagefind"]')) return;

  var hant = root.lang === "zh-Hant";
  var input = document.querySelector(".md-search__input");
  var list = document.querySelector(".md-search-result__list");
  var meta = document.querySelector(".md-search-result__meta");
  if (!input || !list || !meta) return;

  var words = hant
    ? { none: "沒有找到符合條件的結果", one: "找到 1 個符合條件的結果", many: " 個符合條件的結果", type: "鍵入以開始搜尋" }
    : { none: "没有找到符合条件的结果", one: "找到 1 个符合条件的结果", many: " 个符合条件的结果", type: "键入以开始搜索" };
  var script = document.querySelector('script[src*="dfl-search.js"]');
  var site = new URL("../", script.src); // this script lives in <site>/assets/
  var pagefind = null;
  var charmap = null;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", site).href).then(function (module) {
        module.options({ baseUrl: site.pathname, excerptLength: 40 });
        return module.init().then(function () { return module; });
      });
      charmap = fetch(new URL("pagefind/dfl-charmap.json", site)).then(function (r) { return r.json(); });
    }
    return Promise.all([pagefind, charmap]);
  }

  // The query in both scripts, character by character (the map holds every character of the corpus that differs).
  function variants(query, map) {
    var hans = "", hantText = "";
    for (var i = 0; i < query.length; i++) {
      var c = query[i];
      hans += (map.hans[c] || c);
      hantText += (map.hant[c] || c);
    }
    return [query, hans, hantText].filter(function (v, i, all) { return all.indexOf(v) === i; });
  }

  function escape(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function item(url, title, excerpt, nested) {
    return '<a href="' + escape(url) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article' + (nested ? "" : " md-search-result__article--document") + ' md-typeset">' +
      (nested ? "<h2>" : "<h1>") + escape(title) + (nested ? "</h2>" : "</h1>") +
      "<p>" + excerpt + "</p></article></a>";
  }

  var latest = 0;
  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.innerHTML = ""; meta.textContent = words.type; return; }
    load().then(function (loaded) {
      var module = loaded[0], map = loaded[1];
      return Promise.all(variants(query, map).map(function (q) { return module.search(q); }));
    }).then(function (searches) {
      var seen = {}, results = [];
      searches.forEach(function (s) { s.results.forEach(function (r) { if (!seen[r.id]) { seen[r.id] = 1; results.push(r); } }); });
      results.sort(function (a, b) { return b.score - a.score; });
      return Promise.all(results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (ticket !== latest) return;
      var html = pages.map(function (page) {
        // The passages that match best, not the first in page order: a result should open the provision itself.
        var subs = (page.sub_results || []).filter(function (s) { return s.url !== page.url; })
          .map(function (s) {
            var weight = (s.weighted_locations || []).reduce(function (sum, l) { return sum + l.weight * (l.balanced_score || 1); }, 0);
            return { sub: s, weight: weight };
          })
          .sort(function (a, b) { return b.weight - a.weight; })
          .slice(0, 6)
          .map(function (x) { return x.sub; });
        return '<li class="md-search-result__item">' + item(page.url, page.meta.title || page.url, page.excerpt, false) +
          subs.map(function (s) { return item(s.url, s.title, s.excerpt, true); }).join("") + "</li>";
      }).join("");
      list.innerHTML = html;
      meta.textContent = pages.length === 0 ? words.none : pages.length === 1 ? words.one : "找到 " + pages.length + words.many;
    });
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  input.addEventListener("keyup", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  input.addEventListener("focus", function () { load(); meta.textContent = input.value ? meta.textContent : words.type; });
})();
