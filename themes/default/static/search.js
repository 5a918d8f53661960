/* The search page: Vietnamese-aware, faceted search over the static files in search-index/.
 *
 * Reads what site_builder/search_index.py writes (format in docs/search.md); words are cut and
 * folded exactly as site_builder/search_text.py does. No server, no inline code (strict CSP);
 * without JavaScript the page shows the browse pages instead. State lives in the URL:
 * ?q=...&sort=relevance|date&page=N&<facet>=<value>...
 */
(function () {
  "use strict";

  // The script starts fetching the index as soon as it runs (async), before the page is laid out;
  // what it needs to know comes on its own tag. The page is wired up once the document is parsed.
  var script = document.currentScript, app = null;
  if (!script || !script.dataset.index) return;
  var PAGE = 10;           // results per "show more"
  var FACET_SHOWN = 8;     // facet values shown before "show all"
  var DEBOUNCE = 180;

  // ------------------------------------------------------------------ text (mirrors search_text.py)

  var WORD = /[\p{L}\p{N}]+/gu;
  var CODE = /[\p{L}\p{N}]+(?:[\/-][\p{L}\p{N}]+)+/gu;

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{M}/gu, "")
      .normalize("NFC").toLowerCase();
  }
  function foldWord(word) { return /^[\x00-\x7f]*$/.test(word) ? word : fold(word); }
  function words(text) { return text.normalize("NFC").toLowerCase().match(WORD) || []; }
  function codes(text) {
    return (text.normalize("NFC").match(CODE) || [])
      .filter(function (c) { return /\p{Nd}/u.test(c) && /\p{L}/u.test(c); }).map(fold);
  }
  function bucket(key, count) {
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h % count;
  }

  // ------------------------------------------------------------------ messages and formatting

  var lang = script.dataset.lang;
  var base = script.dataset.base;
  function msg(name, values) {
    var text = app.dataset["msg" + name.charAt(0).toUpperCase() + name.slice(1)] || name;
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values && key in values ? values[key] : ""; });
  }
  var numbers = new Intl.NumberFormat(lang);
  var longDate = new Intl.DateTimeFormat(lang, {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});
  function formatDate(days) {
    var d = new Date(days * 86400000);
    if (lang === "vi") return d.getUTCDate() + " tháng " + (d.getUTCMonth() + 1) + " năm " + d.getUTCFullYear();
    return longDate.format(d);
  }
  function isoDate(days) { return new Date(days * 86400000).toISOString().slice(0, 10); }

  // ------------------------------------------------------------------ loading the index

  var cache = new Map();
  function load(path, kind) {
    if (!cache.has(path)) {
      var promise = fetch(base + path).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return kind === "json" ? response.json() : response.arrayBuffer().then(inflate);
      });
      promise.catch(function () { cache.delete(path); });
      cache.set(path, promise);
    }
    return cache.get(path);
  }
  function inflate(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;   // the host already un-gzipped it
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  function Reader(bytes, pos) { this.b = bytes; this.p = pos || 0; }
  Reader.prototype.n = function () {
    var b = this.b, byte = b[this.p++];
    if (byte < 0x80) return byte;
    var value = byte & 0x7f, scale = 0x80;
    do { byte = b[this.p++]; value += (byte & 0x7f) * scale; scale *= 0x80; } while (byte & 0x80);
    return value;
  };
  Reader.prototype.key = function () {
    var length = this.n(), text = decoder.decode(this.b.subarray(this.p, this.p + length));
    this.p += length;
    return text;
  };
  Reader.prototype.skipSet = function () {
    var count = this.n();
    for (var i = 0; i < count; i++) { while (this.b[this.p++] & 0x80) { /* skip */ } }
  };
  Reader.prototype.set = function () {
    var count = this.n(), docs = new Int32Array(count), doc = 0;
    for (var i = 0; i < count; i++) { doc = i ? doc + this.n() : this.n(); docs[i] = doc; }
    return docs;
  };
  var decoder = new TextDecoder();

  /** A chunk of words: sorted keys, and where each entry starts (sets are decoded on demand). */
  function parseEntries(bytes, sets) {
    var r = new Reader(bytes), count = r.n(), keys = new Array(count), at = new Int32Array(count);
    for (var i = 0; i < count; i++) {
      keys[i] = r.key(); at[i] = r.p;
      for (var s = 0; s < sets; s++) r.skipSet();
    }
    return {keys: keys, at: at, bytes: bytes, sets: sets};
  }
  function entrySets(chunk, index) {
    if (!chunk.decoded) chunk.decoded = new Map();
    if (!chunk.decoded.has(index)) {
      var r = new Reader(chunk.bytes, chunk.at[index]), out = [];
      for (var s = 0; s < chunk.sets; s++) out.push(r.set());
      chunk.decoded.set(index, out);
    }
    return chunk.decoded.get(index);
  }
  function lowerBound(list, key) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  }

  var manifestPromise = null, facetsPromise = null;
  function loadManifest() {
    if (!manifestPromise) {
      manifestPromise = load(script.dataset.index.slice(base.length), "json");
      manifestPromise.catch(function () { manifestPromise = null; });
    }
    return manifestPromise;
  }
  /** The facet tables: group 0 (dates, kinds ...) always, the others (units, localities,
   *  directives) only when their filters are shown or used. A group is its combinations of values
   *  and each record's combination number: ``groups[g] = {facets, combos, cell}``, where
   *  ``combos[c][i]`` are the values of facet ``facets[i]`` in combination ``c``. */
  var table = {n: 0, dates: null, groups: [], groupOf: {}}, groupPromises = {};
  function loadGroups(manifest, wanted) {
    return Promise.all(wanted.map(function (g) {
      if (!groupPromises[g]) {
        var group = manifest.groups[g];
        groupPromises[g] = Promise.all([load(group.table), load(group.labels, "json")]).then(function (loaded) {
          group.facets.forEach(function (f, i) { manifest.facets[f].values = loaded[1][i]; });
          parseGroup(loaded[0], manifest, g);
        });
        groupPromises[g].catch(function () { delete groupPromises[g]; });
      }
      return groupPromises[g];
    })).then(function () { return table; });
  }
  function wantedGroups(manifest, filters, open) {
    var wanted = [0];
    manifest.groups.forEach(function (group, g) {
      if (g && (open || group.facets.some(function (f) { return filters[manifest.facets[f].name]; }))) wanted.push(g);
    });
    return wanted;
  }
  /** One group file (format in search_index._facet_tables). */
  function parseGroup(bytes, manifest, g) {
    var n = manifest.docs, r = new Reader(bytes), d, k;
    if (g === 0) {
      r.n();
      var dates = new Int32Array(n), day = 0;
      for (d = 0; d < n; d++) { day = d ? day + r.n() : r.n(); dates[d] = day; }
      table.n = n; table.dates = dates;
    }
    var facets = [], count = r.n();
    for (k = 0; k < count; k++) facets.push(r.n());
    var combos = new Array(r.n());
    for (var c = 0; c < combos.length; c++) {
      combos[c] = facets.map(function () {
        var size = r.n(), values = new Int32Array(size);
        for (var j = 0; j < size; j++) values[j] = r.n();
        return values;
      });
    }
    var width = bytes[r.p++], cell = new Int32Array(n), at = r.p;
    for (var plane = 0; plane < width; plane++, at += n) {
      for (d = 0; d < n; d++) cell[d] |= bytes[at + d] << (8 * plane);
    }
    table.groups[g] = {facets: facets, combos: combos, cell: cell};
    facets.forEach(function (f, i) { table.groupOf[f] = [g, i]; });
  }

  function termChunk(manifest, key) {
    var i = lowerBound(manifest.terms, key);
    if (manifest.terms[i] !== key) i = Math.max(0, i - 1);
    return {number: i, load: function () {
      return load(manifest.dir + "t/" + i + ".bin").then(function (b) { return memo(b, 2); });
    }};
  }
  var parsed = new WeakMap();
  function memo(bytes, sets) {
    if (!parsed.has(bytes)) parsed.set(bytes, parseEntries(bytes, sets));
    return parsed.get(bytes);
  }
  /** The records of one exact-match key of the exact-spelling (x) or phrase (p) files. */
  function lookupBucket(manifest, family, key) {
    var count = manifest[family === "x" ? "exact" : "phrases"];
    return load(manifest.dir + family + "/" + bucket(key, count) + ".bin").then(function (bytes) {
      var chunk = memo(bytes, 1), i = lowerBound(chunk.keys, key);
      return chunk.keys[i] === key ? entrySets(chunk, i)[0] : null;
    });
  }
  /** {key -> [docs, strong docs]} for ``key`` and, when ``prefix``, the words it begins. */
  function lookupTerm(manifest, key, prefix) {
    if (!manifest.terms.length) return Promise.resolve([]);   // a site without records
    var where = termChunk(manifest, key);
    return where.load().then(function (chunk) {
      var found = [], i = lowerBound(chunk.keys, key);
      if (chunk.keys[i] === key) found.push({key: key, sets: entrySets(chunk, i), exact: true});
      if (!prefix) return found;
      var more = function (c, j) {
        for (; j < c.keys.length && found.length < 60; j++) {
          if (c.keys[j].lastIndexOf(key, 0) !== 0) return found;
          if (c.keys[j] !== key) found.push({key: c.keys[j], sets: entrySets(c, j), exact: false});
        }
        var next = where.number + 1;
        if (j === c.keys.length && found.length < 60 && next < manifest.terms.length &&
            manifest.terms[next].lastIndexOf(key, 0) === 0) {
          where = {number: next};
          return load(manifest.dir + "t/" + next + ".bin").then(function (b) { return more(memo(b, 2), 0); });
        }
        return found;
      };
      return more(chunk, i);
    });
  }

  // ------------------------------------------------------------------ queries

  /** What a query asks for: required terms (after synonyms), pairs, exact spellings, numbers. */
  function parseQuery(raw, manifest, typing) {
    var spoken = words(raw), folded = spoken.map(foldWord);
    var typingLast = typing && raw.length > 0 && !/\s$/.test(raw);
    var groups = manifest.synonyms, terms = [], highlight = {words: new Set(), phrases: []};
    for (var i = 0; i < folded.length;) {
      var best = null;
      for (var g = 0; g < groups.length; g++) {
        for (var p = 0; p < groups[g][1].length; p++) {
          var phrase = groups[g][1][p];
          if (phrase.length > (best ? best.length : 0) && i + phrase.length <= folded.length &&
              phrase.every(function (w, k) { return folded[i + k] === w; })) {
            best = {key: groups[g][0], length: phrase.length, group: groups[g][1]};
          }
        }
      }
      if (best) {
        terms.push({key: best.key, prefix: false, spelled: null});
        best.group.forEach(function (ph) {   // every member of the group is highlighted, phrases as a whole
          if (ph.length === 1) highlight.words.add(ph[0]); else highlight.phrases.push(ph);
        });
        i += best.length;
      } else {
        terms.push({key: folded[i], prefix: typingLast && i === folded.length - 1,
                    spelled: spoken[i] !== folded[i] ? spoken[i] : null});
        highlight.words.add(folded[i]);
        i += 1;
      }
    }
    var seen = new Set();
    terms = terms.filter(function (t) { if (seen.has(t.key)) return false; seen.add(t.key); return true; });
    var pairs = [];
    for (var j = 0; j + 1 < folded.length; j++) pairs.push(folded[j] + " " + folded[j + 1]);
    return {raw: raw.trim(), terms: terms, pairs: pairs, codes: codes(raw), highlight: highlight};
  }

  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

  /** Score every record against the query: {docs (matching, unsorted), score, partial}. */
  function match(query, manifest, n) {
    var lookups = query.terms.map(function (t) { return lookupTerm(manifest, t.key, t.prefix); });
    var spelled = query.terms.map(function (t) { return t.spelled ? lookupBucket(manifest, "x", t.spelled) : null; });
    var pairs = query.pairs.map(function (p) { return lookupBucket(manifest, "p", p); });
    var numbers = query.codes.map(function (c) { return lookupTerm(manifest, c, false); });
    return Promise.all([Promise.all(lookups), Promise.all(spelled), Promise.all(pairs), Promise.all(numbers)])
      .then(function (all) {
        var found = all[0], score = new Float32Array(n), hits = new Uint8Array(n), mark = new Int32Array(n);
        var spelled = new Uint8Array(n), numbered = new Uint8Array(n);   // ranking tiers before the score
        var required = 0;
        found.forEach(function (variants, t) {
          if (!variants.length) {
            if (!query.terms[t].prefix) required += 1;   // a word still being typed that starts nothing: ignored
            return;
          }
          required += 1;
          var strongMark = new Int32Array(0), best = 0;
          variants.forEach(function (v) {
            var docs = v.sets[0], strong = v.sets[1], weight = idf(n, docs.length) * (v.exact ? 1 : 0.6);
            best = Math.max(best, weight);
            if (strongMark.length === 0) strongMark = new Int32Array(n);
            for (var s = 0; s < strong.length; s++) strongMark[strong[s]] = t + 1;
            for (var d = 0; d < docs.length; d++) {
              var doc = docs[d];
              if (mark[doc] === t + 1) continue;
              mark[doc] = t + 1; hits[doc] += 1;
              score[doc] += strongMark[doc] === t + 1 ? weight * 2.5 : weight;
            }
          });
          var exact = all[1][t];   // the word as typed, accents included: those records come first
          if (exact) for (var e = 0; e < exact.length; e++) if (mark[exact[e]] === t + 1) spelled[exact[e]] += 1;
        });
        all[2].forEach(function (docs) {
          if (docs) for (var p = 0; p < docs.length; p++) score[docs[p]] += 1.5;
        });
        all[3].forEach(function (variants) {   // a document number: its own record first, then those citing it
          variants.forEach(function (v) {
            for (var d = 0; d < v.sets[0].length; d++) numbered[v.sets[0][d]] = Math.max(numbered[v.sets[0][d]], 1);
            for (var s = 0; s < v.sets[1].length; s++) numbered[v.sets[1][s]] = 2;
          });
        });
        var docs = [], partial = false;
        if (required) {
          for (var doc = 0; doc < n; doc++) if (hits[doc] === required) docs.push(doc);
          if (!docs.length && required > 1) {
            partial = true;
            for (doc = 0; doc < n; doc++) if (hits[doc]) { docs.push(doc); score[doc] += 10 * hits[doc]; }
          }
        }
        return {docs: docs, score: score, spelled: spelled, numbered: numbered, partial: partial, required: required};
      });
  }

  // ------------------------------------------------------------------ state <-> URL

  var OWN = {q: 1, sort: 1, page: 1};
  function readState(search) {
    var params = new URLSearchParams(search), filters = {};
    params.forEach(function (value, name) {   // every other parameter is a filter: ?year=2024&year=2023
      if (!OWN[name] && value) (filters[name] = filters[name] || []).push(value);
    });
    var sort = params.get("sort");
    return {q: params.get("q") || "", sort: sort === "date" || sort === "relevance" ? sort : "",
            page: Math.max(1, parseInt(params.get("page"), 10) || 1), filters: filters};
  }
  function stateUrl(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    Object.keys(state.filters).forEach(function (name) {
      state.filters[name].forEach(function (value) { params.append(name, value); });
    });
    if (state.sort) params.set("sort", state.sort);
    if (state.page > 1) params.set("page", String(state.page));
    var text = params.toString();
    return location.pathname + (text ? "?" + text : "");
  }

  // ------------------------------------------------------------------ the page

  var form, input, sortSelect, body, status, list, moreButton, facetBox, activeBox, filtersBox, filterCount, docsBox;
  var startButton, state = readState(location.search), run = 0, timer = 0, expanded = new Set(), lastAnnounced = "";
  function bind() {
    form = app.querySelector("form");
    input = document.getElementById("search-q");
    sortSelect = document.getElementById("search-sort");
    body = document.getElementById("search-body");
    status = document.getElementById("search-status");
    list = document.getElementById("search-results");
    moreButton = document.getElementById("search-more");
    facetBox = document.getElementById("search-facets");
    activeBox = document.getElementById("search-active");
    filtersBox = document.getElementById("search-filters");
    filterCount = document.getElementById("search-filter-count");
    docsBox = document.getElementById("search-documents");
    startButton = document.getElementById("search-start");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** Which words of ``text`` the query matched: its words (folded), words that begin with a word
   *  still being typed (``prefixes``), and synonym phrases only where all their words follow. */
  function hits(text, highlight, prefixes) {
    var tokens = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) tokens.push({at: m.index, word: m[0], key: foldWord(m[0].toLowerCase())});
    var hit = new Uint8Array(tokens.length);
    tokens.forEach(function (token, j) {
      if (highlight.words.has(token.key) ||
          prefixes.some(function (p) { return token.key.lastIndexOf(p, 0) === 0; })) hit[j] = 1;
      highlight.phrases.forEach(function (phrase) {
        if (phrase.every(function (w, k) { return tokens[j + k] && tokens[j + k].key === w; })) {
          for (var k = 0; k < phrase.length; k++) hit[j + k] = 1;
        }
      });
    });
    return tokens.filter(function (token, j) { return hit[j]; });
  }
  /** ``text`` as nodes, with the matched words wrapped in <mark>. */
  function marked(text, highlight, prefixes) {
    var fragment = document.createDocumentFragment(), last = 0;
    hits(text, highlight, prefixes).forEach(function (token) {
      fragment.appendChild(document.createTextNode(text.slice(last, token.at)));
      fragment.appendChild(el("mark", null, token.word));
      last = token.at + token.word.length;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }
  /** About 240 characters of ``text`` around its first matched word. */
  function snippet(text, highlight, prefixes) {
    var found = hits(text, highlight, prefixes), first = found.length ? found[0].at : -1;
    var start = first > 80 ? text.lastIndexOf(" ", first - 60) + 1 : 0, end = Math.min(text.length, start + 240);
    if (end < text.length) end = Math.max(text.lastIndexOf(" ", end), start + 120);
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function renderResult(doc, data, table, manifest, query) {
    var prefixes = query.terms.filter(function (t) { return t.prefix && t.key.length > 1; })
      .map(function (t) { return t.key; });
    var item = el("li", "search-result");
    var meta = el("p", "card-meta");
    var kind = keyOf(manifest, "kind", valueOf(table, manifest, "kind", doc)[0]);
    var card = el("article", "card card-" + kind);
    var badge = el("span", "badge badge-" + kind, manifest.kinds[kind]);
    meta.appendChild(badge);
    meta.appendChild(document.createTextNode(" "));
    var time = el("time", null, formatDate(table.dates[doc]));
    time.setAttribute("datetime", isoDate(table.dates[doc]));
    meta.appendChild(time);
    if (data.l) meta.appendChild(document.createTextNode(" · " + data.l));
    if (data.n) meta.appendChild(document.createTextNode(" · " + data.n));
    card.appendChild(meta);
    var heading = el("h3", "card-title"), link = el("a");
    link.href = base + data.u;
    if (data.f) link.lang = "vi";
    link.appendChild(marked(data.t, query.highlight, prefixes));
    heading.appendChild(link);
    card.appendChild(heading);
    if (data.x) {
      var text = el("p", "card-summary");
      if (data.f) text.lang = "vi";
      text.appendChild(marked(snippet(data.x, query.highlight, prefixes), query.highlight, prefixes));
      card.appendChild(text);
    }
    item.appendChild(card);
    return item;
  }

  function facetIndex(manifest, name) {
    for (var f = 0; f < manifest.facets.length; f++) if (manifest.facets[f].name === name) return f;
    return -1;
  }
  function valueOf(table, manifest, name, doc) {
    var where = table.groupOf[facetIndex(manifest, name)];
    if (!where) return [];
    var group = table.groups[where[0]];
    return Array.prototype.slice.call(group.combos[group.cell[doc]][where[1]]);
  }
  function keyOf(manifest, name, value) {
    return manifest.facets[facetIndex(manifest, name)].values[value][0];
  }

  /** Apply filters to ``docs``: the results, and per facet the counts with every other filter
   *  applied. Works per combination: which facets a combination fails is decided once, and a
   *  record adds one to its combination's tally; the tallies become value counts at the end. */
  function filterAndCount(docs, table, manifest) {
    var facets = manifest.facets, groups = [], byGroup = [], results = [];
    table.groups.forEach(function (group, g) {
      if (!group) return;
      var fails = new Int32Array(group.combos.length);
      group.facets.forEach(function (f, i) {
        var wanted = state.filters[facets[f].name];
        if (!wanted) return;
        var keys = new Set(wanted), picked = new Uint8Array(facets[f].values.length);
        facets[f].values.forEach(function (pair, v) { if (keys.has(pair[0])) picked[v] = 1; });
        group.combos.forEach(function (combo, c) {
          for (var k = 0; k < combo[i].length; k++) if (picked[combo[i][k]]) return;
          fails[c] |= 1 << f;
        });
      });
      byGroup[g] = {group: group, fails: fails, passing: new Int32Array(group.combos.length),
                    failingOnly: new Int32Array(group.combos.length * group.facets.length)};
      groups.push(byGroup[g]);
    });
    for (var i = 0; i < docs.length; i++) {
      var doc = docs[i], mask = 0, j;
      for (j = 0; j < groups.length; j++) mask |= groups[j].fails[groups[j].group.cell[doc]];
      if (mask === 0) {
        results.push(doc);
        for (j = 0; j < groups.length; j++) groups[j].passing[groups[j].group.cell[doc]] += 1;
      } else if ((mask & (mask - 1)) === 0) {     // fails exactly one facet: counted for that facet only
        var f = 31 - Math.clz32(mask), where = table.groupOf[f], tally = byGroup[where[0]];
        tally.failingOnly[tally.group.cell[doc] * tally.group.facets.length + where[1]] += 1;
      }
    }
    var counts = facets.map(function (facet, f) { return new Int32Array(table.groupOf[f] ? facet.values.length : 0); });
    groups.forEach(function (tally) {
      var group = tally.group, width = group.facets.length;
      group.combos.forEach(function (combo, c) {
        group.facets.forEach(function (f, i) {
          var add = tally.passing[c] + tally.failingOnly[c * width + i];
          if (add) for (var k = 0; k < combo[i].length; k++) counts[f][combo[i][k]] += add;
        });
      });
    });
    return {results: results, counts: counts};
  }

  function renderFacets(manifest, counts) {
    var focused = document.activeElement && facetBox.contains(document.activeElement) ? document.activeElement.id : "";
    facetBox.textContent = "";
    activeBox.textContent = "";
    var active = 0;
    manifest.facets.forEach(function (facet, f) {
      if (!counts[f].length) return;        // its group is not loaded: the filters are hidden
      var wanted = new Set(state.filters[facet.name] || []);
      var shown = facet.values.map(function (pair, v) { return {v: v, key: pair[0], label: pair[1], count: counts[f][v]}; })
        .filter(function (item) { return item.count > 0 || wanted.has(item.key); });
      if (facet.name === "year") shown.sort(function (a, b) { return b.key.localeCompare(a.key); });
      else shown.sort(function (a, b) { return b.count - a.count || a.label.localeCompare(b.label, lang); });
      shown.forEach(function (item) {
        if (!wanted.has(item.key)) return;
        active += 1;
        var remove = el("button", "search-chip", facet.label + ": " + item.label + " ×");
        remove.type = "button";
        remove.setAttribute("aria-label", msg("remove", {label: facet.label + ": " + item.label}));
        remove.dataset.facet = facet.name; remove.dataset.value = item.key;
        activeBox.appendChild(remove);
      });
      if (!shown.length) return;
      var set = el("fieldset", "search-facet"), legend = el("legend", null, facet.label);
      set.appendChild(legend);
      var ul = el("ul", "search-facet-values"), open = expanded.has(facet.name);
      ul.id = "facet-" + facet.name;
      shown.forEach(function (item, position) {
        if (!open && position >= FACET_SHOWN && !wanted.has(item.key)) return;
        var li = el("li"), box = el("input"), label = el("label");
        box.type = "checkbox"; box.name = facet.name; box.value = item.key;
        box.id = "f-" + facet.name + "-" + item.v; box.checked = wanted.has(item.key);
        label.htmlFor = box.id;
        label.appendChild(document.createTextNode(item.label + " "));
        label.appendChild(el("span", "count", "(" + numbers.format(item.count) + ")"));
        li.appendChild(box); li.appendChild(label); ul.appendChild(li);
      });
      set.appendChild(ul);
      if (shown.length > FACET_SHOWN) {
        var toggle = el("button", "search-facet-more",
                        open ? msg("showFewer") : msg("showAll", {count: numbers.format(shown.length)}));
        toggle.type = "button"; toggle.id = "more-" + facet.name;
        toggle.dataset.facet = facet.name;
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.setAttribute("aria-controls", ul.id);
        set.appendChild(toggle);
      }
      facetBox.appendChild(set);
    });
    if (active) {
      var clear = el("button", "search-clear", msg("clear"));
      clear.type = "button"; clear.id = "search-clear";
      activeBox.appendChild(clear);
    }
    filterCount.textContent = active ? "(" + numbers.format(active) + ")" : "";
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  function renderDocuments(manifest, query) {
    docsBox.textContent = "";
    var wanted = new Set(query.codes.concat([query.terms.map(function (t) { return t.key; }).join(" ")]));
    manifest.documents.forEach(function (d) {
      if (!wanted.has(d[0])) return;
      var p = el("p", "search-document"), a = el("a", null, d[1]);
      a.href = base + d[3];
      p.appendChild(document.createTextNode(msg("document") + ": "));
      p.appendChild(a);
      p.appendChild(document.createTextNode(" · " + d[2]));
      docsBox.appendChild(p);
    });
  }

  function announce(text) {
    if (text === lastAnnounced) return;
    lastAnnounced = text;
    status.textContent = text;
  }

  /** Run the current state: match, filter, count, sort, show ``state.page`` pages of results.
   *  ``typing``: the query comes from keystrokes, so its last word may be unfinished (a prefix). */
  function search(focusFrom, typing) {
    var mine = ++run;
    app.setAttribute("aria-busy", "true");
    app.dataset.state = "loading";
    var later = [];   // facet groups shown but not needed for the results: counted once they arrive
    return loadManifest().then(function (manifest) {
      var query = parseQuery(state.q, manifest, typing), browsing = !query.terms.length && !query.codes.length;
      var needed = wantedGroups(manifest, state.filters, false);
      later = wantedGroups(manifest, state.filters, filtersBox.open).filter(function (g) { return needed.indexOf(g) < 0; });
      return Promise.all([manifest, query, loadGroups(manifest, needed),
                          browsing ? null : earlyMatch(typing) || match(query, manifest, manifest.docs)]);
    }).then(function (loaded) {
      var manifest = loaded[0], query = loaded[1], table = loaded[2], m = loaded[3], browsing = !m;
      return (function () {
        if (mine !== run) return null;
        var docs = m ? m.docs : allDocs(table.n);
        var counted = filterAndCount(docs, table, manifest), results = counted.results;
        var sort = browsing ? "date" : state.sort || "relevance";
        if (sort === "date") results.sort(function (a, b) { return b - a; });
        else {
          results.sort(function (a, b) {
            return m.numbered[b] - m.numbered[a] || m.spelled[b] - m.spelled[a] || m.score[b] - m.score[a] || b - a;
          });
        }
        var shown = results.slice(0, state.page * PAGE);
        return Promise.all(shown.map(function (doc) { return load(manifest.dir + "d/" + doc + ".json", "json"); }))
          .then(function (data) {
            if (mine !== run) return;
            sortSelect.value = sort;
            sortSelect.disabled = browsing;
            renderFacets(manifest, counted.counts);
            renderDocuments(manifest, query);
            var before = list.children.length;
            list.textContent = "";
            shown.forEach(function (doc, i) { list.appendChild(renderResult(doc, data[i], table, manifest, query)); });
            var count = numbers.format(results.length);
            var text = browsing ? msg("browse", {count: count})
              : results.length ? msg("results", {count: count, query: query.raw}) : msg("none", {query: query.raw});
            if (m && m.partial && results.length) text += " " + msg("partial");
            announce(text);
            moreButton.hidden = shown.length >= results.length;
            moreButton.textContent = msg("more", {shown: numbers.format(shown.length), count: count});
            body.hidden = false;
            app.removeAttribute("aria-busy");
            app.dataset.state = "done";
            app.dataset.results = String(results.length);
            if (window.performance && performance.mark) performance.mark("search:results");
            app.dataset.facets = "partial";
            loadGroups(manifest, later).then(function () {
              if (mine !== run) return;
              if (later.length) renderFacets(manifest, filterAndCount(docs, table, manifest).counts);
              app.dataset.facets = "complete";
            }, function () { app.dataset.facets = "complete"; });
            if (focusFrom !== undefined && list.children[focusFrom]) list.children[focusFrom].querySelector("a").focus();
            else if (focusFrom !== undefined && before) moreButton.focus();
          });
      })();
    }).catch(function (error) {
      if (mine !== run) return;
      app.removeAttribute("aria-busy");
      app.dataset.state = "error";
      app.dataset.facets = "complete";
      announce(msg("error"));
      document.getElementById("search-browse").hidden = false;
      if (window.console) console.error(error);
    });
  }
  var everything = null;
  function allDocs(n) {
    if (!everything || everything.length !== n) { everything = new Array(n); for (var i = 0; i < n; i++) everything[i] = i; }
    return everything.slice();
  }

  function commit(push) {
    var url = stateUrl(state);
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }
  function fromForm() {
    state.q = input.value;
    state.page = 1;
  }

  // ------------------------------------------------------------------ events

  function start() {
    document.getElementById("search-nojs").hidden = true;
    sortSelect.parentNode.hidden = false;
    input.value = state.q;
    if (state.q || Object.keys(state.filters).length) search();

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { fromForm(); commit(false); search(undefined, true); }, DEBOUNCE);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      fromForm(); commit(true); search();
    });
    sortSelect.addEventListener("change", function () {
      state.sort = sortSelect.value; state.page = 1; commit(true); search();
    });
    facetBox.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox") return;
      var values = (state.filters[box.name] || []).filter(function (v) { return v !== box.value; });
      if (box.checked) values.push(box.value);
      if (values.length) state.filters[box.name] = values; else delete state.filters[box.name];
      state.page = 1; commit(true); search();
    });
    facetBox.addEventListener("click", function (event) {
      var toggle = event.target.closest("button.search-facet-more");
      if (!toggle) return;
      var name = toggle.dataset.facet;
      if (expanded.has(name)) expanded.delete(name); else expanded.add(name);
      search();
    });
    activeBox.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.id === "search-clear") state.filters = {};
      else {
        var values = (state.filters[button.dataset.facet] || []).filter(function (v) { return v !== button.dataset.value; });
        if (values.length) state.filters[button.dataset.facet] = values; else delete state.filters[button.dataset.facet];
      }
      state.page = 1; commit(true);
      search().then(function () { (activeBox.querySelector("button") || input).focus(); });
    });
    moreButton.addEventListener("click", function () {
      var from = state.page * PAGE;
      state.page += 1; commit(false); search(from);
    });
    if (startButton) startButton.addEventListener("click", function () {   // every record, newest first
      input.value = ""; state.q = ""; state.page = 1; commit(true); search();
    });
    input.addEventListener("focus", function () {   // fetch the index while the citizen types
      loadManifest().then(function (m) { return loadGroups(m, [0]); }).catch(function () { /* shown when searching */ });
    }, {once: true});
    window.addEventListener("popstate", function () {
      state = readState(location.search);
      input.value = state.q;
      search();
    });
    filtersBox.addEventListener("toggle", function () {   // opening the filters reads the facets they show
      if (filtersBox.open && app.dataset.state === "done") search();
    });
    if (window.matchMedia && window.matchMedia("(min-width: 60em)").matches) filtersBox.open = true;
  }

  /** A search in the address: fetch and match while the page is still being parsed and laid out. */
  var prefetched = null;
  function prefetch(early) {
    var wide = !!(window.matchMedia && window.matchMedia("(min-width: 60em)").matches);
    var promise = loadManifest().then(function (manifest) {
      loadGroups(manifest, wantedGroups(manifest, early.filters, wide)).catch(function () { /* retried later */ });
      var query = parseQuery(early.q, manifest, false);
      return query.terms.length || query.codes.length ? match(query, manifest, manifest.docs) : null;
    });
    promise.catch(function () { /* the search itself reports it */ });
    prefetched = {q: early.q, promise: promise};
  }
  function earlyMatch(typing) {
    var early = prefetched;
    prefetched = null;
    return early && !typing && early.q === state.q ? early.promise : null;
  }

  var supported = "fetch" in window && "DecompressionStream" in window && "TextEncoder" in window &&
    "URLSearchParams" in window && !!history.replaceState;
  if (supported && (state.q || Object.keys(state.filters).length)) prefetch(state);
  function init() {
    app = document.getElementById("search-app");
    if (!app) return;
    bind();
    if (supported) start();
    else document.getElementById("search-unsupported").hidden = false;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
}());
