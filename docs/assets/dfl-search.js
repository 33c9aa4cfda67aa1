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
      charmap = fetch(new URL("pagefind/dfl-charmap.json", site)).then(function (r) { return r.json(); });
      // A large site is indexed in parts (build_tools/search.py): the others are merged into the first.
      pagefind = Promise.all([import(new URL("pagefind/pagefind.js", site).href), charmap]).then(function (loaded) {
        var module = loaded[0], parts = loaded[1].parts || [];
        module.options({ baseUrl: site.pathname, excerptLength: 40 });
        return Promise.all(parts.map(function (part) {
          return module.mergeIndex(new URL("pagefind/" + part, site).href, { baseUrl: site.pathname });
        })).then(function () { return module.init(); }).then(function () { return module; });
      });
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

  // Pagefind indexes each page with a thin space beside every Han character (build_tools/search.py): a query is
  // asked as an exact phrase of characters, so it finds the pages that contain it as written (5G基站 → "5g 基 站").
  // Words a reader separates with spaces are looked for each on its own, anywhere in the page.
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  function characters(word) {
    var out = "", previous = "";
    for (var i = 0; i < word.length; i++) {
      var c = word[i];
      out += (out && (HAN.test(c) || HAN.test(previous)) ? " " : "") + c;
      previous = c;
    }
    return out;
  }
  // Punctuation is no word Pagefind matches in a phrase: a passage copied with its 、 and ， is asked as its parts.
  var PUNCTUATION = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026]/g;
  function phraseWords(query) { return query.replace(PUNCTUATION, " ").split(/\s+/).filter(Boolean); }
  function phrase(query) {
    var words = phraseWords(query).map(characters);
    return words.length === 1 ? '"' + words[0] + '"' : words.join(" ");
  }
  // What Pagefind shows, as the text is written: its titles keep the thin spaces, its excerpts turn them into
  // spaces, which are dropped beside a Han character (marks and other tags skipped over).
  function unspaced(html) {
    var parts = (html || "").replace(/\u2009/g, "").split(/(<[^>]*>)/);
    var chars = [];
    parts.forEach(function (part, i) { if (i % 2 === 0) for (var j = 0; j < part.length; j++) chars.push({ part: i, at: j, c: part[j] }); });
    var dropped = {};
    chars.forEach(function (ch, k) {
      var before = chars[k - 1], after = chars[k + 1];
      if (ch.c === " " && before && after && (HAN.test(before.c) || HAN.test(after.c))) dropped[ch.part + ":" + ch.at] = true;
    });
    return parts.map(function (part, i) {
      if (i % 2 === 1) return part;
      var out = "";
      for (var j = 0; j < part.length; j++) if (!dropped[i + ":" + j]) out += part[j];
      return out;
    }).join("");
  }
  function plain(html) { return unspaced(html).replace(/<[^>]*>/g, ""); }

  // The excerpt with only the query's own words marked: Pagefind marks every character of the query it finds, so
  // 一网协同 would also light 一 and 同 in 一体化协同. A word is the whole query as written (in either script) or, for
  // a query of several words (决定 二（七）) or a copied phrase (…、…), each of them; a single character only when the
  // reader typed one alone.
  function remarked(html, words) {
    var box = document.createElement("div");
    box.innerHTML = unspaced(html);
    var text = box.textContent || "", out = "", at = 0;
    var sorted = words.filter(function (w, i, all) { return w && all.indexOf(w) === i; })
      .sort(function (a, b) { return b.length - a.length; });
    while (at < text.length) {
      var word = null;
      for (var k = 0; k < sorted.length && !word; k++) if (text.substr(at, sorted[k].length) === sorted[k]) word = sorted[k];
      if (word) { out += "<mark>" + escape(word) + "</mark>"; at += word.length; }
      else { out += escape(text[at]); at += 1; }
    }
    return out;
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
    var asked = [];
    load().then(function (loaded) {
      var module = loaded[0], map = loaded[1];
      asked = variants(query, map);
      // The pages come from the exact phrase; the passages to open from the same characters looked for anywhere
      // (an exact search gives one place per page), kept where they hold the query as written.
      return Promise.all(asked.map(function (q) {
        return Promise.all([module.search(phrase(q)), module.search(characters(q.replace(/\s+/g, "")))]);
      }));
    }).then(function (searches) {
      var seen = {}, results = [], loose = {};
      searches.forEach(function (pair) {
        pair[1].results.forEach(function (r) { if (!loose[r.id]) loose[r.id] = r; });
        pair[0].results.forEach(function (r) { if (!seen[r.id]) { seen[r.id] = 1; results.push(r); } });
      });
      // An exact phrase scores every page alike: the pages are ranked by the same characters' score anywhere in them
      // (Pagefind's weighting of where and how often they stand, and the pages' own weights).
      function rank(r) { return loose[r.id] ? loose[r.id].score : 0; }
      results.sort(function (a, b) { return b.score - a.score || rank(b) - rank(a); });
      // Pagefind gives the two searches of one page the same object, and the second data() replaces the first's
      // passages and excerpt: each is copied as it comes, the exact phrase's first.
      return Promise.all(results.slice(0, 20).map(function (r) {
        return r.data().then(function (page) {
          var found = { url: page.url, title: page.meta.title, excerpt: page.excerpt, sub_results: (page.sub_results || []).slice() };
          return (loose[r.id] ? loose[r.id].data() : Promise.resolve(null)).then(function (every) {
            return [found, every ? { sub_results: (every.sub_results || []).slice() } : null];
          });
        });
      }));
    }).then(function (pages) {
      if (ticket !== latest) return;
      var wanted = asked.map(function (q) { return q.replace(/\s+/g, ""); });
      var queryWords = [];
      var words0 = Math.max(1, asked[0].split(/\s+/).filter(Boolean).length);  // the words of one form of the query
      asked.forEach(function (q) { q.split(/\s+/).filter(Boolean).forEach(function (w) { queryWords.push(w); }); });
      function holds(text) { return wanted.some(function (q) { return text.indexOf(q) >= 0; }); }
      // How closely a page answers: 2 when a passage's title (its heading or label) holds the query as written, 1 when
      // a passage's text does, 0 when its characters are only spread over the page (a passage copied with its 、 and ，
      // is asked as its parts, which other pages hold apart).
      // A query of one phrase is asked as an exact phrase (phrase()): its passage on each page is where the page
      // first writes it. Several words, or a phrase copied with its punctuation, are asked word by word.
      var exact = phraseWords(asked[0]).length === 1;
      function answer(sub) { return holds(plain(sub.title)) ? 2 : holds(plain(sub.title) + plain(sub.excerpt)) ? 1 : 0; }
      var ranked = pages.map(function (pair, k) {
        var page = pair[0], everywhere = pair[1];
        var candidates = ((everywhere && everywhere.sub_results) || []).filter(function (s) { return answer(s) > 0; });
        // The exact phrase's passage holds the query as written, though the excerpt of the characters-anywhere search
        // may show another window of it (where the query's characters stand thickest).
        (exact ? page.sub_results || [] : []).forEach(function (s) {
          if (!candidates.some(function (c) { return c.url === s.url; })) candidates.push(s);
        });
        if (!candidates.length) candidates = page.sub_results || [];
        var subs = candidates.filter(function (s) { return s.url !== page.url; });
        var title = plain(page.title || "");
        return {
          page: page, subs: subs, k: k,
          // With several words, a page whose title holds one of them (the document a citation names) comes first.
          titled: words0 > 1 && queryWords.some(function (w) { return w.length > 1 && title.indexOf(w) >= 0; }) ? 1 : 0,
          answer: subs.reduce(function (best, s) { return Math.max(best, answer(s)); }, holds(title) ? 2 : 0)
        };
      }).sort(function (a, b) { return b.titled - a.titled || b.answer - a.answer || a.k - b.k; });
      // What may be marked: the query as written in each script, and its words (split as phrase() splits it).
      var markWords = wanted.slice();
      asked.forEach(function (q) {
        var parts = phraseWords(q);
        if (parts.length > 1) parts.forEach(function (w) { markWords.push(w); });
      });
      var html = ranked.map(function (found) {
        var page = found.page;
        // The passages that match best, not the first in page order: a result should open the provision itself. A
        // passage titled by the query, or by a word of it, comes first: a provision named by a term (提升政务业务“一网
        // 协同”), or a citation typed as a reader writes it (决定 二（二）) names its passage by its label, which titles
        // it in the index (build_tools/search.py).
        var subs = found.subs
          .map(function (s) {
            var weight = (s.weighted_locations || []).reduce(function (sum, l) { return sum + l.weight * (l.balanced_score || 1); }, 0);
            var title = plain(s.title);
            // A citation is the document, then the provision (决定 二（二）): a passage titled by a later word comes first.
            var named = holds(title) ? 1 : 0;
            if (queryWords.length > 1) queryWords.forEach(function (w, k) { if (title.indexOf(w) === 0) named = Math.max(named, 1 + (k % words0)); });
            // Then the place where the document first writes the query as written (the exact phrase's passage): a
            // text introduces a term where it first uses it (深入推进“一网通办”，建成…), and mentions it in passing after.
            var first = exact && !named && (page.sub_results || []).some(function (x) { return x.url === s.url; }) ? 1 : 0;
            return { sub: s, weight: weight, named: named, first: first };
          })
          .sort(function (a, b) { return b.named - a.named || b.first - a.first || b.weight - a.weight; })
          .slice(0, 6)
          .map(function (x) { return x.sub; });
        return '<li class="md-search-result__item">' + item(page.url, unspaced(page.title) || page.url, remarked(page.excerpt, markWords), false) +
          subs.map(function (s) { return item(s.url, unspaced(s.title), remarked(s.excerpt, markWords), true); }).join("") + "</li>";
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
