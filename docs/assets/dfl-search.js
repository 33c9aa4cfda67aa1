/* The site's search, behind Material's search box, in both scripts, from one of two indexes:
   - served over http(s), Pagefind's chunked index, when the build made one (see main.html);
   - opened from file:// (the offline download), where Pagefind cannot run, the copy's passages
     (search/dfl-offline.js, written by build_tools/search.py) indexed in the browser with MiniSearch.
   Both give the same passages (a provision each), asked the same way (the query as written, in both scripts), ranked
   by the same rules. */
(function () {
  "use strict";
  var root = document.documentElement;
  var offline = location.protocol === "file:";
  if (!offline && !document.querySelector('meta[name="dfl-search"][content="pagefind"]')) return;

  var hant = root.lang === "zh-Hant";
  var input = document.querySelector(".md-search__input");
  var list = document.querySelector(".md-search-result__list");
  var meta = document.querySelector(".md-search-result__meta");
  if (!input || !list || !meta) return;

  var words = hant
    ? { none: "沒有找到符合條件的結果", one: "找到 1 個符合條件的結果", many: " 個符合條件的結果", type: "鍵入以開始搜尋", init: "正在初始化搜尋引擎" }
    : { none: "没有找到符合条件的结果", one: "找到 1 个符合条件的结果", many: " 个符合条件的结果", type: "键入以开始搜索", init: "正在初始化搜索引擎" };
  var script = document.querySelector('script[src*="dfl-search.js"]');
  var site = new URL("../", script.src); // this script lives in <site>/assets/
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

  // --- Pagefind (served sites) -------------------------------------------------------------------------------------
  // Each backend gives, for the query's forms (asked), the pages that hold it, best first: {url, title, excerpt,
  // first: the passages of the exact phrase (where the page writes it first), every: the passages where its characters
  // stand, or null}; a passage is {url, title, excerpt, weight, level: its heading's, 1 to 6}.
  function pagefindBackend() {
    var pagefind = null, charmap = null;
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
      return Promise.all([pagefind, charmap]).then(function (loaded) { return loaded[1]; });
    }
    function passage(s) {
      var weight = (s.weighted_locations || []).reduce(function (sum, l) { return sum + l.weight * (l.balanced_score || 1); }, 0);
      var element = (s.anchor && s.anchor.element) || "";
      return { url: s.url, title: s.title, excerpt: s.excerpt, weight: weight, level: /^h[1-6]$/.test(element) ? +element[1] : 7 };
    }
    function pages(asked) {
      return pagefind.then(function (module) {
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
            var found = { url: page.url, title: page.meta.title, excerpt: page.excerpt, first: (page.sub_results || []).map(passage), every: null };
            found.text = plain(page.content || "");
            return (loose[r.id] ? loose[r.id].data() : Promise.resolve(null)).then(function (every) {
              if (every) found.every = (every.sub_results || []).map(passage);
              return found;
            });
          });
        }));
      }).then(function (found) {
        // A query of one phrase: the pages that write it most, for their length, first (BM25's weighting of a term's
        // count, here the phrase's as written), then Pagefind's order. Its characters' score favours pages thick with
        // them apart (数字, 建设), not the page about the phrase.
        if (phraseWords(asked[0]).length !== 1) return found;
        var forms = asked.map(function (q) { return q.replace(/\s+/g, ""); });
        var average = found.reduce(function (sum, f) { return sum + f.text.length; }, 0) / (found.length || 1) || 1;
        var score = found.map(function (f, k) {
          var count = forms.reduce(function (sum, q) { return sum + (q ? f.text.split(q).length - 1 : 0); }, 0);
          return { f: f, k: k, bm25: (count * 2.2) / (count + 1.2 * (0.25 + 0.75 * f.text.length / average)) };
        });
        return score.sort(function (a, b) { return b.bm25 - a.bm25 || a.k - b.k; }).map(function (x) { return x.f; });
      });
    }
    return { load: load, pages: pages };
  }

  // --- MiniSearch over the copy's passages (file://) ---------------------------------------------------------------
  // A copy opened from file:// cannot fetch: its index is a script (search/dfl-offline.js), as is MiniSearch. Han text
  // is indexed by its pairs of characters (bigrams, as CJK search engines index it), each run's last character alone,
  // and a query is asked by its pairs, all of which a passage must hold: the same cut at index and query time, which no
  // dictionary can promise. A query of one character is asked as the start of a pair (every character of a text
  // starts a pair or ends its run). The passages that hold the query as written are kept (a phrase, as on the hosted
  // site).
  var RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z\u00c0-\u024f]+/g;
  // The pairs of a text's Han runs; each run's last character too when indexing, a run of one always (words of
  // letters and digits whole).
  function pairs(text, indexing) {
    var out = [];
    (text.match(RUNS) || []).forEach(function (run) {
      if (!HAN.test(run[0])) { out.push(run); return; }
      for (var i = 0; i + 1 < run.length; i++) out.push(run.substr(i, 2));
      if (indexing || run.length === 1) out.push(run[run.length - 1]);
    });
    return out;
  }
  function offlineBackend() {
    var ready = null;
    function script(src) {
      return new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = src;
        element.onload = resolve;
        element.onerror = function () { reject(new Error("cannot load " + src)); };
        document.head.appendChild(element);
      });
    }
    function load() {
      if (!ready) {
        ready = Promise.all([script(new URL("assets/vendor/minisearch/minisearch.js", site).href), script(new URL("search/dfl-offline.js", site).href)])
          .then(function () {
            var data = window.dflOfflineSearch;
            var engine = new window.MiniSearch({
              fields: ["title", "text"],
              tokenize: function (text) { return pairs(text, true); },
              processTerm: function (term) { return term.toLowerCase(); },
              searchOptions: {
                tokenize: function (text) { return pairs(text, false); }, combineWith: "AND", boost: { title: 2 },
                prefix: function (term) { return term.length === 1 && HAN.test(term); }
              }
            });
            var documents = data.passages.map(function (p, id) { return { id: id, title: p[2], text: p[3] }; });
            return engine.addAllAsync(documents, { chunkSize: 1000 }).then(function () { return { engine: engine, data: data }; });
          });
      }
      return ready.then(function (loaded) { return loaded.data.charmap; });
    }
    // The excerpt: the passage's text around the first place it holds the query (or its start), escaped.
    function excerpt(text, words) {
      var at = -1;
      words.forEach(function (w) { var k = text.indexOf(w); if (k >= 0 && (at < 0 || k < at)) at = k; });
      var start = Math.max(0, at - 15);
      return (start > 0 ? "…" : "") + escape(text.substr(start, 60)) + (start + 60 < text.length ? "…" : "");
    }
    function pages(asked) {
      return ready.then(function (loaded) {
        var engine = loaded.engine, data = loaded.data;
        var found = {};  // page → {score, passages: {id: score}, words: {}}
        asked.forEach(function (q) {
          var parts = phraseWords(q);
          parts.forEach(function (word, k) {
            var lower = word.toLowerCase();
            engine.search(word).forEach(function (hit) {
              var p = data.passages[hit.id];
              if ((p[2] + "\n" + p[3]).toLowerCase().indexOf(lower) < 0) return;  // its pairs, not the word as written
              var page = found[p[0]] || (found[p[0]] = { score: 0, passages: {}, words: {} });
              page.words[q + "\u0000" + k] = true;
              page.passages[hit.id] = (page.passages[hit.id] || 0) + hit.score;
              page.score += hit.score;
            });
          });
        });
        // A page holds the query when it holds each of its words, in one of its forms
        var wordsOf = asked.map(phraseWords);
        return Object.keys(found).map(Number).filter(function (page) {
          return asked.some(function (q, k) {
            return wordsOf[k].every(function (w, j) { return found[page].words[q + "\u0000" + j]; });
          });
        }).map(function (page) {
          var entry = data.pages[page], hits = found[page];
          var ids = Object.keys(hits.passages).map(Number).sort(function (a, b) { return a - b; });
          var every = ids.map(function (id) {
            var p = data.passages[id];
            var words = [];
            wordsOf.forEach(function (ws) { ws.forEach(function (w) { words.push(w); }); });
            return { url: new URL(entry[0] + (p[1] ? "#" + p[1] : ""), site).href, title: p[2] || entry[1], excerpt: excerpt(p[3], words), weight: hits.passages[id], level: p[4] || 7 };
          });
          return {
            score: hits.score * entry[2],
            url: new URL(entry[0], site).href, title: entry[1], excerpt: every.length ? every[0].excerpt : "",
            // As Pagefind answers: a query of one phrase has one place on a page, where the page first writes it
            // (passages are in page order); a query of several words, each passage that holds one of them.
            first: wordsOf[0].length === 1 ? every.slice(0, 1) : every, every: every
          };
        }).sort(function (a, b) { return b.score - a.score; }).slice(0, 20);
      });
    }
    return { load: load, pages: pages };
  }

  var backend = offline ? offlineBackend() : pagefindBackend();

  var latest = 0;
  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.innerHTML = ""; meta.textContent = words.type; return; }
    var asked = [];
    var waiting = setTimeout(function () { if (ticket === latest) meta.textContent = words.init; }, 300);  // a copy indexes first
    backend.load().then(function (map) {
      clearTimeout(waiting);
      asked = variants(query, map);
      return backend.pages(asked);
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
      var ranked = pages.map(function (page, k) {
        var candidates = (page.every || []).filter(function (s) { return answer(s) > 0; });
        // The exact phrase's passage holds the query as written, though the excerpt of the characters-anywhere search
        // may show another window of it (where the query's characters stand thickest).
        (exact ? page.first : []).forEach(function (s) {
          if (!candidates.some(function (c) { return c.url === s.url; })) candidates.push(s);
        });
        if (!candidates.length) candidates = page.first;
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
            var title = plain(s.title);
            // A citation is the document, then the provision (决定 二（二）): a passage titled by a later word comes first.
            var named = holds(title) ? 1 : 0;
            if (queryWords.length > 1) queryWords.forEach(function (w, k) { if (title.indexOf(w) === 0) named = Math.max(named, 1 + (k % words0)); });
            // Then the place where the document first writes the query as written (the exact phrase's passage): a
            // text introduces a term where it first uses it (深入推进“一网通办”，建成…), and mentions it in passing after.
            var first = exact && !named && page.first.some(function (x) { return x.url === s.url; }) ? 1 : 0;
            return { sub: s, weight: s.weight, named: named, first: first };
          })
          // Of passages named alike, the higher heading first: a section titled by a term is where the text treats it,
          // the items under it that also name it are its parts (Pagefind weighs words by their heading's level too).
          .sort(function (a, b) { return b.named - a.named || (a.named ? a.sub.level - b.sub.level : 0) || b.first - a.first || b.weight - a.weight; })
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
  input.addEventListener("focus", function () { backend.load(); meta.textContent = input.value ? meta.textContent : words.type; });
})();
