/* Catalogue "Angebote finden": facets with counts, start/level filters and full-text search.
 *
 * Works on the server-rendered result cards: each card carries its facet tokens (data-f), its
 * future start dates (data-starts), its German entry level (data-level, index in CEFR order)
 * and data-rolling. The filter state lives in the query string, so a copied link reproduces
 * the view. Full-text search uses Pagefind (loaded only when someone types a search term); the
 * ids of matching offers come from Pagefind's "angebot" filter counts, so no result fragments
 * have to be downloaded. No third-party code, plain ES2017 for old office browsers.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = document.querySelector(".iq-catalogue");
  var form = document.getElementById("iq-filters");
  if (!root || !form) { return; }
  document.documentElement.classList.add("iq-js");

  var pagefindUrl = script ? new URL(script.getAttribute("data-pagefind"), document.baseURI).href : null;
  var today = root.getAttribute("data-today");
  var status = document.getElementById("iq-status");
  var search = document.getElementById("iq-q");
  var level = document.getElementById("iq-niveau");
  var start = document.getElementById("iq-beginn");
  var levels = root.getAttribute("data-levels").split(" ");

  var cards = Array.prototype.map.call(document.querySelectorAll(".iq-card"), function (el) {
    var tokens = {};
    el.getAttribute("data-f").split(" ").forEach(function (t) { if (t) { tokens[t] = true; } });
    var starts = el.getAttribute("data-starts");
    return {
      el: el,
      id: el.getAttribute("data-id"),
      tokens: tokens,
      starts: starts ? starts.split(" ") : [],
      level: parseInt(el.getAttribute("data-level"), 10),
      rolling: el.hasAttribute("data-rolling")
    };
  });

  var facets = Array.prototype.map.call(form.querySelectorAll("fieldset.iq-facet"), function (fs) {
    return {
      param: fs.getAttribute("data-param"),
      combine: fs.getAttribute("data-combine"),
      inputs: Array.prototype.slice.call(fs.querySelectorAll("input[type=checkbox]"))
    };
  });

  // Show matches in pages of PAGE_SIZE: laying out hundreds of cards at once takes seconds
  // on an old office PC; the count in the status line is always the full number of matches.
  var PAGE_SIZE = 50;
  var limit = PAGE_SIZE;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "md-button iq-more";
  more.hidden = true;
  document.getElementById("iq-results").insertAdjacentElement("afterend", more);

  var textIds = null;      // null: no search term; otherwise {offerId: true}
  var searchError = "";
  var pagefind = null;
  var searchSeq = 0;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // Same rule as generator.site.formatting.add_months: clamp to the month's last day.
  function addMonths(iso, months) {
    var y = parseInt(iso.slice(0, 4), 10), m = parseInt(iso.slice(5, 7), 10), d = parseInt(iso.slice(8, 10), 10);
    var m0 = m - 1 + months;
    var y2 = y + Math.floor(m0 / 12), m2 = (m0 % 12) + 1;
    var last = new Date(Date.UTC(y2, m2, 0)).getUTCDate();
    return y2 + "-" + pad(m2) + "-" + pad(Math.min(d, last));
  }

  function wantedOf(facet) {
    var out = [];
    facet.inputs.forEach(function (i) { if (i.checked) { out.push(i.value); } });
    return out;
  }

  function passesFacet(card, facet, wanted) {
    if (!wanted.length) { return true; }
    var hits = wanted.filter(function (v) { return card.tokens[facet.param + ":" + v]; }).length;
    return facet.combine === "all" ? hits === wanted.length : hits > 0;
  }

  function passesStart(card, choice) {
    if (!choice) { return true; }
    if (choice === "jederzeit") { return card.rolling; }
    if (card.rolling) { return true; }
    var limit = addMonths(today, parseInt(choice, 10));
    return card.starts.some(function (d) { return d >= today && d <= limit; });
  }

  function passesOthers(card, state, skip) {
    if (textIds && !textIds[card.id]) { return false; }
    if (state.level >= 0 && card.level > state.level) { return false; }
    if (!passesStart(card, state.start)) { return false; }
    for (var i = 0; i < facets.length; i++) {
      if (facets[i] !== skip && !passesFacet(card, facets[i], state.wanted[i])) { return false; }
    }
    return true;
  }

  function currentState() {
    return {
      wanted: facets.map(wantedOf),
      level: level.value ? levels.indexOf(level.value) : -1,
      start: start.value
    };
  }

  function apply() {
    var state = currentState();
    var shown = 0;
    cards.forEach(function (card) {
      var ok = passesOthers(card, state, null);
      var visible = ok && shown < limit;
      if (card.el.hidden === visible) { card.el.hidden = !visible; }
      if (ok) { shown += 1; }
    });
    var rest = shown - Math.min(shown, limit);
    more.hidden = rest <= 0;
    more.textContent = "Weitere " + Math.min(rest, PAGE_SIZE) + " von " + rest + " Angeboten anzeigen";
    facets.forEach(function (facet, fi) {
      var base = cards.filter(function (card) { return passesOthers(card, state, facet); });
      facet.inputs.forEach(function (input) {
        var wanted = state.wanted[fi].indexOf(input.value) >= 0 ? state.wanted[fi] : state.wanted[fi].concat([input.value]);
        var n = base.filter(function (card) {
          return facet.combine === "all" ? passesFacet(card, facet, wanted) : card.tokens[facet.param + ":" + input.value];
        }).length;
        var span = form.querySelector('[data-count-for="' + facet.param + ":" + input.value + '"]');
        if (span) { span.textContent = "(" + n + ")"; }
      });
    });
    var text = shown === cards.length ? shown + " Angebote" : shown + " von " + cards.length + " Angeboten";
    if (shown > limit) { text += " (die ersten " + limit + " werden gezeigt)"; }
    if (searchError) { text += " – " + searchError; }
    status.textContent = text;
    root.classList.toggle("iq-empty", shown === 0);
  }

  function writeUrl() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) { return; }
      if (el.type === "checkbox") { if (el.checked) { params.append(el.name, el.value); } }
      else if (el.value.trim()) { params.append(el.name, el.value.trim()); }
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    search.value = params.get("q") || "";
    if (params.get("niveau") && levels.indexOf(params.get("niveau")) >= 0) { level.value = params.get("niveau"); }
    var startChoice = params.get("beginn");
    if (startChoice && start.querySelector('option[value="' + startChoice + '"]')) { start.value = startChoice; }
    facets.forEach(function (facet) {
      var values = params.getAll(facet.param);
      facet.inputs.forEach(function (input) { input.checked = values.indexOf(input.value) >= 0; });
    });
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(pagefindUrl).then(function (pf) {
        // filters() loads the filter index once; without it search() reports no filter counts.
        return Promise.resolve(pf.init ? pf.init() : null).then(function () { return pf.filters(); }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function runSearch() {
    var term = search.value.trim();
    var seq = ++searchSeq;
    if (!term) {
      textIds = null; searchError = "";
      apply();
      return Promise.resolve();
    }
    root.setAttribute("aria-busy", "true");
    return loadPagefind().then(function (pf) {
      return pf.search(term);
    }).then(function (result) {
      if (seq !== searchSeq) { return; }
      var ids = {};
      var counts = (result && result.filters && result.filters.angebot) || {};
      Object.keys(counts).forEach(function (id) { if (counts[id] > 0) { ids[id] = true; } });
      textIds = ids; searchError = "";
      apply();
    }).catch(function () {
      if (seq !== searchSeq) { return; }
      textIds = null;
      searchError = "die Volltextsuche ist gerade nicht verfügbar";
      apply();
    }).then(function () {
      if (seq === searchSeq) { root.removeAttribute("aria-busy"); }
    });
  }

  more.addEventListener("click", function () {
    var before = cards.filter(function (c) { return !c.el.hidden; }).length;
    limit += PAGE_SIZE;
    apply();
    // Move focus to the first newly shown result, so keyboard and screen reader users continue there.
    var next = cards.filter(function (c) { return !c.el.hidden; })[before];
    if (next) { next.el.querySelector("a").focus(); }
  });

  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { limit = PAGE_SIZE; writeUrl(); runSearch(); }, 250);
  });
  form.addEventListener("change", function (event) {
    if (event.target === search) { return; }
    limit = PAGE_SIZE;
    writeUrl();
    apply();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    writeUrl();
    runSearch().then(function () { status.focus(); });
  });
  status.setAttribute("tabindex", "-1");

  readUrl();
  apply();
  if (search.value.trim()) { runSearch(); }
}());
