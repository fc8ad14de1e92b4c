/* Full-text search of the catalogue: what the adviser typed → offers ranked by relevance.
 *
 * Pagefind finds words; this file makes the answer mean what was typed:
 * - stop words, abbreviations and weekday names ("und", "z. B.", "Do") are dropped from the
 *   query, so they never make a hit on their own;
 * - every other word is searched on its own, together with its synonyms (data/synonyms.yaml,
 *   shipped as assets/data/suche.json) and its umlaut spelling ("Pruefung" → "Prüfung");
 *   an offer must match every word (through any of its variants);
 * - Pagefind replaces a word it does not know by its longest known prefix ("Zahnmedizin" →
 *   the "z" of "z. B."); such hits are recognised and dropped (checked against the card titles,
 *   else against the words Pagefind matched in the best hit's fragment);
 * - hits are ranked by Pagefind's score (headings, occupations and keywords weigh more than
 *   the description, see offer_body.html.jinja), a word in the offer's title counts double;
 * - a word without hits is corrected to the nearest known term (one or two typos), or the
 *   nearest terms are offered: "Meinten Sie …?" (assets/data/suchbegriffe.json, loaded only then).
 * catalogue.js calls IQSearch.use(index) once its data file is loaded, then IQSearch.search(term)
 * and IQSearch.show(outcome); hits are rows of that data file. Plain ES2017, no
 * third-party code; Pagefind runs without its web worker (one download less; the search of a
 * few thousand offers takes milliseconds).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  function urlOf(attr) { return script && script.getAttribute(attr) ? new URL(script.getAttribute(attr), document.baseURI).href : null; }
  var pagefindUrl = urlOf("data-pagefind");
  var dataUrl = urlOf("data-suche");
  var termsUrl = urlOf("data-begriffe");

  var SYNONYM_WEIGHT = 0.8;   // a synonym's hit counts a little less than the word typed
  var TITLE_BONUS = 2;        // the word is in the offer's title
  var MENTION_SHARE = 0.2;  // hits below this share of the best hit's score only mention the word
  var ENDINGS = ["e", "n", "s", "en", "es", "er", "ern", "em", "in", "innen", "nen"];  // German inflection
  var ENDING = 3;             // letters an inflection may add or drop (Pflegekraft/Pflegekräfte)

  var pagefind = null, data = null, terms = null;
  var wide = null;            // the term for which the adviser asked to see the mere mentions too

  // Both forms are asked for every title word of every hit: remembered per word (titles repeat words).
  var folded = Object.create(null), plained = Object.create(null);

  // Lower case, umlauts and ß spelled out, other accents dropped: "Prüfung" and "Pruefung" meet.
  function fold(word) {
    var out = folded[word];
    if (out === undefined) {
      out = folded[word] = word.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss")
        .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return out;
  }

  // Umlauts as plain vowels: Pagefind also matches "Prufung" to "Prüfung".
  function plain(word) {
    var out = plained[word];
    if (out === undefined) {
      out = plained[word] = word.toLowerCase().replace(/ß/g, "ss").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return out;
  }

  function words(text) { return text.match(/[\p{L}\p{N}]+/gu) || []; }

  // Set by catalogue.js (IQSearch.use): the row of the n-th offer id in code-point order, and the
  // address of the titles (assets/data/titel.json, one per row), loaded with the first search.
  var catalogue = null, titles = null, titleWords = {};

  function loadTitles() {
    if (!titles) {
      titles = fetch(catalogue.titles).then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
      titles.catch(function () { titles = null; });
    }
    return titles;
  }

  function loadData() {
    if (!data) {
      data = fetch(dataUrl).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      }).then(function (raw) {
        var synonyms = {};
        raw.groups.forEach(function (group) {
          group.forEach(function (term) {
            var key = fold(term);
            synonyms[key] = (synonyms[key] || []).concat(group.filter(function (t) { return t !== term; }));
          });
        });
        var stop = {};
        raw.stop_words.forEach(function (w) { stop[fold(w)] = true; });
        // n-th Pagefind page id = n-th offer id in code-point order (generator/site/search_data.py),
        // whose row in the catalogue's data file catalogue.js tells.
        var pages = {};
        pageIds(raw).forEach(function (page, i) { if (i < catalogue.rowOfRank.length) { pages[page] = catalogue.rowOfRank[i]; } });
        return { synonyms: synonyms, stop: stop, pages: pages };
      });
      data.catch(function () { data = null; });
    }
    return data;
  }

  // Pagefind's page ids, unpacked from five base-64 letters each (search_data.pack_pages).
  function pageIds(raw) {
    if (raw.pages) { return raw.pages.split(" "); }
    var out = [], packed = raw.pages_packed || "", abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (var i = 0; i + 5 <= packed.length; i += 5) {
      var n = 0;
      for (var j = 0; j < 5; j++) { n = n * 64 + abc.indexOf(packed[i + j]); }
      out.push(raw.page_prefix + ("000000" + n.toString(16)).slice(-7));
    }
    return out;
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(pagefindUrl).then(function (mod) {
        var pf = mod.createInstance ? mod.createInstance({ noWorker: true }) : mod;
        return Promise.resolve(pf.init ? pf.init() : null).then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function loadTerms() {
    if (!terms) {
      terms = fetch(termsUrl).then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
      terms.catch(function () { terms = null; });
    }
    return terms;
  }

  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) { n += 1; }
    return n;
  }

  // Is `found` (a word Pagefind matched) the word typed, an extension of it, or an inflection
  // of it? "pflegekraft" for "pflegekraefte", "begriffe" for "begriffen": yes; "z" for
  // "zahnmedizin", "ueber" for "uebersetzung", "hoch" for "hochbau": no – that is Pagefind
  // falling back to a known prefix of an unknown word.
  function sameWord(typed, found) {
    if (!found) { return false; }
    if (found.indexOf(typed) === 0) { return true; }
    if (typed.indexOf(found) === 0) { return ENDINGS.indexOf(typed.slice(found.length)) >= 0; }
    var common = commonPrefix(typed, found);
    return common >= Math.max(4, Math.min(typed.length, found.length) - ENDING) &&
      typed.length - common <= ENDING && found.length - common <= ENDING;
  }

  function similar(typed, found) {
    return sameWord(fold(typed), fold(found)) || sameWord(plain(typed), plain(found));
  }

  var loadedTitles = [];
  function inTitle(row, word) {
    if (!titleWords[row]) { titleWords[row] = words(loadedTitles[row] || ""); }
    return titleWords[row].some(function (w) { return similar(word, w); });
  }

  // The hits of one word form: {row: score}, without Pagefind's prefix fallback.
  function searchWord(pf, d, word) {
    return pf.search(word).then(function (result) {
      var hits = result.results;
      if (!hits.length) { return {}; }
      var scores = {};
      hits.forEach(function (h) { var id = d.pages[h.id]; if (id !== undefined) { scores[id] = Math.max(scores[id] || 0, h.score); } });
      var ids = Object.keys(scores);
      if (ids.some(function (id) { return inTitle(id, word); })) { return scores; }
      // All hits of a word come from the same index words, so the best hit's fragment decides.
      return hits[0].data().then(function (fragment) {
        var text = fragment.content.split(/\s+/);
        var genuine = hits[0].words.some(function (i) { return similar(word, words(text[i] || "").join("")); });
        return genuine ? scores : {};
      });
    });
  }

  function umlautSpelling(word) {
    var out = word.replace(/ae/g, "ä").replace(/oe/g, "ö").replace(/ue/g, "ü").replace(/Ae/g, "Ä").replace(/Oe/g, "Ö").replace(/Ue/g, "Ü");
    return out === word ? null : out;
  }

  function synonymsOf(d, word) {
    var key = fold(word);
    if (d.synonyms[key]) { return d.synonyms[key]; }
    // Inflected forms: "Krankenschwestern", "Erziehers".
    for (var k in d.synonyms) {
      if (key.indexOf(k) === 0 && key.length - k.length <= 2 && k.length >= 4) { return d.synonyms[k]; }
    }
    return [];
  }

  // {row: score} for one typed word: the word, its umlaut spelling and its synonyms.
  function searchToken(pf, d, token) {
    var forms = [{ word: token, weight: 1 }];
    var umlaut = umlautSpelling(token);
    if (umlaut) { forms.push({ word: umlaut, weight: 1 }); }
    synonymsOf(d, umlaut || token).forEach(function (s) { forms.push({ word: s, weight: SYNONYM_WEIGHT }); });
    return Promise.all(forms.map(function (f) { return searchWord(pf, d, f.word); })).then(function (all) {
      var scores = {}, used = [];
      all.forEach(function (hits, i) {
        var found = false;
        Object.keys(hits).forEach(function (id) {
          var s = hits[id] * forms[i].weight * (inTitle(id, forms[i].word) ? TITLE_BONUS : 1);
          scores[id] = Math.max(scores[id] || 0, s);
          found = true;
        });
        if (found && forms[i].weight < 1) { used.push(forms[i].word); }
      });
      return { scores: scores, synonyms: used };
    });
  }

  // Optimal string alignment distance (Levenshtein plus swapped neighbours: "Pfelge").
  function distance(a, b) {
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (j = 0; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1); }
      }
    }
    return d[a.length][b.length];
  }

  function allowedTypos(word) { return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0; }

  // Known terms nearest to the word, best first (a term the word begins counts as near too).
  function nearest(list, word, limit) {
    var key = fold(word);
    return list.map(function (t) {
      var f = fold(t);
      var cut = f.slice(0, key.length + 1);
      return { term: t, d: Math.min(distance(key, f), distance(key, cut) + 0.5) };
    }).filter(function (x) { return x.d > 0 && x.d <= Math.max(2, allowedTypos(key)) + 0.5; })
      .sort(function (a, b) { return a.d - b.d || a.term.length - b.term.length; })
      .slice(0, limit);
  }

  function mainHits(scores) {
    var best = Math.max.apply(null, Object.keys(scores).map(function (id) { return scores[id]; }).concat([0]));
    var out = {};
    Object.keys(scores).forEach(function (id) { if (scores[id] >= best * MENTION_SHARE) { out[id] = scores[id]; } });
    return out;
  }

  function intersect(results) {
    var ids = {};
    Object.keys(results[0]).forEach(function (id) {
      if (results.every(function (r) { return r[id] !== undefined; })) {
        ids[id] = results.reduce(function (sum, r) { return sum + r[id]; }, 0);
      }
    });
    return ids;
  }

  /* The outcome of a search: ids {row: true}, order {row: rank}, and what the adviser
   * should be told: ignored words, corrections, synonyms used, suggestions. */
  function search(term) {
    return Promise.all([loadPagefind(), loadData(), loadTitles()]).then(function (loaded) {
      var pf = loaded[0], d = loaded[1];
      loadedTitles = loaded[2];
      var typed = words(term);
      var tokens = typed.filter(function (w) { return w.length > 1 && !d.stop[fold(w)]; });
      var ignored = typed.filter(function (w) { return tokens.indexOf(w) < 0; });
      var outcome = { term: term, ids: {}, order: {}, ignored: ignored, corrected: [], synonyms: [], suggestions: [], none: false, mentions: 0 };
      if (!tokens.length) { outcome.none = true; return outcome; }
      return Promise.all(tokens.map(function (t) { return searchToken(pf, d, t); })).then(function (found) {
        var missing = [];
        found.forEach(function (f, i) { if (!Object.keys(f.scores).length) { missing.push(i); } });
        if (!missing.length) { return found; }
        return loadTerms().then(function (list) {
          return Promise.all(missing.map(function (i) {
            var best = nearest(list, tokens[i], 3);
            outcome.suggestions = outcome.suggestions.concat(best.map(function (b) { return b.term; }));
            var fix = best.filter(function (b) { return b.d <= allowedTypos(fold(tokens[i])); })[0];
            if (!fix) { return null; }
            return searchToken(pf, d, fix.term).then(function (f) {
              if (Object.keys(f.scores).length) {
                outcome.corrected.push({ from: tokens[i], to: fix.term });
                found[i] = f;
              }
            });
          })).then(function () { return found; });
        });
      }).then(function (found) {
        found.forEach(function (f) { outcome.synonyms = outcome.synonyms.concat(f.synonyms); });
        var all = intersect(found.map(function (f) { return f.scores; }));
        // Offers that only mention a word in passing ("z. B. Pflege, Technik …") are held back
        // when others are about it (per word, so "Kenntnisprüfung Pflege" needs both in earnest);
        // the note offers to show them too.
        var scores = term === wide ? all : intersect(found.map(function (f) { return mainHits(f.scores); }));
        var ranked = Object.keys(scores).sort(function (a, b) { return scores[b] - scores[a]; });
        outcome.mentions = Object.keys(all).length - ranked.length;
        outcome.scores = scores;
        ranked.forEach(function (id, i) { outcome.ids[id] = true; outcome.order[id] = i + 1; });
        outcome.none = ranked.length === 0;
        outcome.suggestions = outcome.none ? unique(outcome.suggestions) : [];
        return outcome;
      });
    });
  }

  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  function quote(text) { return "„" + text + "“"; }

  // The line under the search field: what was ignored, corrected, added; "Meinten Sie …?".
  var note = null;
  function show(outcome) {
    if (!note) {
      note = document.createElement("div");
      note.id = "iq-search-note";
      note.className = "iq-search-note";
      note.setAttribute("aria-live", "polite");
      var anchor = document.getElementById("iq-chips") || document.getElementById("iq-status");
      if (!anchor) { return; }
      anchor.insertAdjacentElement("afterend", note);
    }
    note.textContent = "";
    note.hidden = !outcome;
    if (!outcome) { return; }
    var lines = [];
    if (outcome.ignored.length) {
      lines.push(outcome.ignored.map(quote).join(", ") + (outcome.ignored.length > 1 ? " sind" : " ist") +
        " zu allgemein und " + (outcome.ignored.length > 1 ? "werden" : "wird") + " bei der Suche nicht berücksichtigt.");
    }
    outcome.corrected.forEach(function (c) {
      lines.push("Keine Treffer für " + quote(c.from) + ". Gezeigt werden die Treffer für " + quote(c.to) + ".");
    });
    if (outcome.synonyms.length && !outcome.none) {
      lines.push("Auch gefunden mit: " + unique(outcome.synonyms).slice(0, 6).join(", ") + ".");
    }
    lines.forEach(function (text) {
      var p = document.createElement("p");
      p.textContent = text;
      note.appendChild(p);
    });
    if (outcome.mentions) {
      var m = document.createElement("p");
      m.appendChild(document.createTextNode(outcome.mentions + (outcome.mentions > 1 ? " weitere Angebote erwähnen " : " weiteres Angebot erwähnt ") +
        "den Suchbegriff nur am Rande. "));
      var all = link(outcome.mentions > 1 ? "Auch diese zeigen" : "Auch dieses zeigen", outcome.term, function () { wide = outcome.term; });
      all.className += " iq-show-mentions";
      m.appendChild(all);
      note.appendChild(m);
    }
    if (outcome.none) {
      var p = document.createElement("p");
      p.className = "iq-did-you-mean";
      if (outcome.suggestions.length) {
        p.appendChild(document.createTextNode("Keine Treffer für " + quote(outcome.term) + ". Meinten Sie "));
        outcome.suggestions.forEach(function (s, i) {
          if (i) { p.appendChild(document.createTextNode(i === outcome.suggestions.length - 1 ? " oder " : ", ")); }
          p.appendChild(link(s, s, null));
        });
        p.appendChild(document.createTextNode("?"));
      } else {
        p.textContent = "Keine Treffer für " + quote(outcome.term) + ". Versuchen Sie ein Fachwort oder einen Beruf, zum Beispiel „Pflege“, „Elektriker“ oder „Kita“.";
      }
      note.appendChild(p);
    }
    note.hidden = !note.childNodes.length;
  }

  // A link (it looks and works like one, also without this script's click handler) that
  // searches for `term` with the other filters kept.
  function link(text, term, before) {
    var a = document.createElement("a");
    var params = new URLSearchParams(location.search);
    params.set("q", term);
    a.href = "?" + params.toString();
    a.className = "iq-suggestion";
    a.textContent = text;
    a.addEventListener("click", function (event) {
      event.preventDefault();
      if (before) { before(); }
      pick(term);
    });
    return a;
  }

  function pick(term) {
    var input = document.getElementById("iq-q");
    if (!input) { return; }
    input.value = term;
    if (input.form && input.form.requestSubmit) { input.form.requestSubmit(); }
    else { input.dispatchEvent(new Event("input", { bubbles: true })); }
    input.focus();
  }

  function use(index) {
    if (catalogue && catalogue.titles === index.titles) { return; }
    catalogue = index; data = null; titles = null; titleWords = {};
  }

  window.IQSearch = { search: search, show: show, use: use, fold: fold, distance: distance };
}());
