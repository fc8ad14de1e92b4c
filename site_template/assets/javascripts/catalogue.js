/* Catalogue "Angebote finden": facets with counts, start/level filters, distance search
 * ("Umkreissuche"), full-text search, active-filter chips and the filter drawer on small screens.
 *
 * Works on the server-rendered result cards: each card carries its facet tokens (data-f), its
 * future start dates (data-starts), its German entry level (data-level, index in CEFR order),
 * data-rolling, and the centroids of its places (data-geo "lat,lon;…") or data-online. The
 * filter state lives in the query string, so a copied link reproduces the view. Full-text search
 * uses Pagefind and the distance search a postcode table; each is loaded only when first used.
 * Only the shown cards (at most PAGE_SIZE more per click) are moved or written to, so work on
 * interaction does not grow with the size of the catalogue beyond plain arithmetic.
 * No third-party code, plain ES2017 for old office browsers.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = document.querySelector(".iq-catalogue");
  var form = document.getElementById("iq-filters");
  if (!root || !form) { return; }
  document.documentElement.classList.add("iq-js");

  function urlOf(attr) { return script && script.getAttribute(attr) ? new URL(script.getAttribute(attr), document.baseURI).href : null; }
  var postcodesUrl = urlOf("data-postcodes");
  var today = root.getAttribute("data-today");
  var status = document.getElementById("iq-status");
  var search = document.getElementById("iq-q");
  var level = document.getElementById("iq-niveau");
  var start = document.getElementById("iq-beginn");
  var plz = document.getElementById("iq-plz");
  var radius = document.getElementById("iq-umkreis");
  var plzError = document.getElementById("iq-plz-error");
  var sort = document.getElementById("iq-sort");
  // While a search is active the default order is its relevance; "Beginn" is then a choice of its own.
  var sortDefault = sort.querySelector('option[value=""]');
  var sortByStart = sort.querySelector('option[value="beginn"]');
  var list = document.getElementById("iq-results");
  var chips = document.getElementById("iq-chips");
  var empty = document.getElementById("iq-empty");
  var toggle = root.querySelector(".iq-filter-toggle");
  var closeDrawer = form.querySelector(".iq-drawer-close");
  var levels = root.getAttribute("data-levels").split(" ");
  var defaultRadius = radius.querySelector("option[selected]") ? radius.querySelector("option[selected]").value : radius.value;

  var cards = Array.prototype.map.call(document.querySelectorAll(".iq-card"), function (el, index) {
    var tokens = {};
    el.getAttribute("data-f").split(" ").forEach(function (t) { if (t) { tokens[t] = true; } });
    var starts = el.getAttribute("data-starts");
    return {
      el: el,
      index: index,  // server order: soonest start first
      id: el.getAttribute("data-id"),
      tokens: tokens,
      starts: starts ? starts.split(" ") : [],
      level: parseInt(el.getAttribute("data-level"), 10),
      rolling: el.hasAttribute("data-rolling"),
      online: el.hasAttribute("data-online"),
      geo: el.getAttribute("data-geo") || "",
      points: null,   // parsed from geo on first distance search
      distance: null  // km to the client's postcode; null: online or no postcode
    };
  });

  var facets = Array.prototype.map.call(form.querySelectorAll("fieldset.iq-facet"), function (fs) {
    var inputs = Array.prototype.slice.call(fs.querySelectorAll("input[type=checkbox]"));
    return {
      param: fs.getAttribute("data-param"),
      combine: fs.getAttribute("data-combine"),
      legend: fs.querySelector("legend").textContent,
      details: fs.closest("details"),
      chosen: form.querySelector('[data-chosen-for="' + fs.getAttribute("data-param") + '"]'),
      inputs: inputs,
      labels: inputs.map(function (i) { return form.querySelector('label[for="' + i.id + '"] .iq-label').textContent; }),
      counts: inputs.map(function (i) { return form.querySelector('[data-count-for="' + fs.getAttribute("data-param") + ":" + i.value + '"]'); })
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
  list.insertAdjacentElement("afterend", more);

  var textIds = null;      // null: no search term; otherwise {offerId: true}
  var textOrder = null;    // {offerId: position} when a search ranks its hits; used for the default order
  var searchError = "";
  var searchSeq = 0;
  var postcodes = null;    // promise of {plz: [lat, lon]}
  var origin = null;       // [lat, lon] of the client's postcode, or null
  var originPlz = "";
  var shownOrder = [];     // cards currently shown, in order

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // Same rule as generator.dates.add_months: clamp to the month's last day.
  function addMonths(iso, months) {
    var y = parseInt(iso.slice(0, 4), 10), m = parseInt(iso.slice(5, 7), 10), d = parseInt(iso.slice(8, 10), 10);
    var m0 = m - 1 + months;
    var y2 = y + Math.floor(m0 / 12), m2 = (m0 % 12) + 1;
    var last = new Date(Date.UTC(y2, m2, 0)).getUTCDate();
    return y2 + "-" + pad(m2) + "-" + pad(Math.min(d, last));
  }

  // Same formula as generator.postcodes.distance_km (haversine, earth radius 6371 km).
  function distanceKm(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371 * Math.asin(Math.sqrt(h));
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
    var until = addMonths(today, parseInt(choice, 10));
    return card.starts.some(function (d) { return d >= today && d <= until; });
  }

  function passesDistance(card, state) {
    if (!origin || card.online) { return true; }
    return card.distance !== null && card.distance <= state.radius;
  }

  function passesOthers(card, state, skip) {
    if (textIds && !textIds[card.id]) { return false; }
    if (state.level >= 0 && card.level > state.level) { return false; }
    if (!passesStart(card, state.start)) { return false; }
    if (!passesDistance(card, state)) { return false; }
    for (var i = 0; i < facets.length; i++) {
      if (facets[i] !== skip && !passesFacet(card, facets[i], state.wanted[i])) { return false; }
    }
    return true;
  }

  function currentState() {
    return {
      wanted: facets.map(wantedOf),
      level: level.value ? levels.indexOf(level.value) : -1,
      start: start.value,
      radius: parseInt(radius.value, 10),
      sort: sort.value
    };
  }

  // The order of the matches: by distance when asked for (online offers after the places, by
  // start), by the search's ranking when it gives one, else the server's start order.
  function compare(state) {
    if (state.sort === "entfernung" && origin) {
      return function (a, b) {
        if (a.online !== b.online) { return a.online ? 1 : -1; }
        if (!a.online && a.distance !== b.distance) { return a.distance - b.distance; }
        return a.index - b.index;
      };
    }
    if (textOrder && state.sort !== "beginn") {
      return function (a, b) { return (textOrder[a.id] || 0) - (textOrder[b.id] || 0) || a.index - b.index; };
    }
    return function (a, b) { return a.index - b.index; };
  }

  function distanceText(card) {
    if (!origin) { return ""; }
    if (card.online) { return "online"; }
    return card.distance === null ? "" : "ca. " + Math.round(card.distance) + " km entfernt";
  }

  function activeFilters(state) {
    var out = [];
    if (search.value.trim()) { out.push({ label: "Suche: „" + search.value.trim() + "“", clear: function () { search.value = ""; } }); }
    if (originPlz) { out.push({ label: radius.value + " km um " + originPlz, clear: function () { plz.value = ""; } }); }
    if (level.value) { out.push({ label: "Deutsch bis " + level.value, clear: function () { level.value = ""; } }); }
    if (start.value) { out.push({ label: "Beginn: " + start.options[start.selectedIndex].text, clear: function () { start.value = ""; } }); }
    facets.forEach(function (facet, fi) {
      facet.inputs.forEach(function (input, ii) {
        if (input.checked) { out.push({ label: facet.labels[ii], group: facet.legend, clear: function () { input.checked = false; } }); }
      });
    });
    return out;
  }

  function renderChips(active) {
    chips.textContent = "";
    active.forEach(function (f, i) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "iq-chip";
      b.setAttribute("data-chip", String(i));
      b.setAttribute("aria-label", "Filter entfernen: " + (f.group ? f.group + ": " : "") + f.label);
      b.textContent = f.label;
      var x = document.createElement("span");
      x.setAttribute("aria-hidden", "true");
      x.className = "iq-chip__x";
      x.textContent = "×";
      b.appendChild(x);
      b.addEventListener("click", function () {
        f.clear();
        changed(true).then(function () {
          var next = chips.querySelector('[data-chip="' + Math.min(i, chips.children.length - 1) + '"]');
          (next || status).focus();
        });
      });
      li.appendChild(b);
      chips.appendChild(li);
    });
    chips.hidden = active.length === 0;
    toggle.textContent = "Filter (" + active.length + ")";
  }

  function updateSortChoices() {
    var searching = !!search.value.trim();
    sortDefault.textContent = searching ? "Relevanz" : "Beginn";
    if (!sortByStart) { return; }
    sortByStart.disabled = !searching;
    sortByStart.hidden = !searching;
    if (!searching && sort.value === "beginn") { sort.value = ""; }
  }

  function apply() {
    updateSortChoices();
    var state = currentState();
    var matching = cards.filter(function (card) { return passesOthers(card, state, null); });
    matching.sort(compare(state));
    var shown = matching.slice(0, limit);
    var isShown = {};
    shown.forEach(function (c) { isShown[c.id] = true; });
    // Hide what was shown and no longer is; show the new page. Cards outside both stay hidden.
    shownOrder.forEach(function (c) { if (!isShown[c.id]) { c.el.hidden = true; } });
    if (!shownOrder.length) { cards.forEach(function (c) { if (!isShown[c.id] && !c.el.hidden) { c.el.hidden = true; } }); }
    var frag = document.createDocumentFragment();
    shown.forEach(function (c) {
      var d = c.el.querySelector(".iq-card__distance");
      var text = distanceText(c);
      if (d.textContent !== text) { d.textContent = text; }
      c.el.hidden = false;
      frag.appendChild(c.el);
    });
    list.insertBefore(frag, list.firstChild);
    shownOrder = shown;

    var rest = matching.length - shown.length;
    more.hidden = rest <= 0;
    more.textContent = "Weitere " + Math.min(rest, PAGE_SIZE) + " von " + rest + " Angeboten anzeigen";

    facets.forEach(function (facet, fi) {
      var base = cards.filter(function (card) { return passesOthers(card, state, facet); });
      facet.inputs.forEach(function (input, ii) {
        var wanted = state.wanted[fi].indexOf(input.value) >= 0 ? state.wanted[fi] : state.wanted[fi].concat([input.value]);
        var n = base.filter(function (card) {
          return facet.combine === "all" ? passesFacet(card, facet, wanted) : card.tokens[facet.param + ":" + input.value];
        }).length;
        var text = "(" + n + ")";
        if (facet.counts[ii] && facet.counts[ii].textContent !== text) { facet.counts[ii].textContent = text; }
      });
      var chosen = state.wanted[fi].length;
      facet.chosen.textContent = chosen ? "(" + chosen + " gewählt)" : "";
    });
    var text = matching.length === cards.length ? matching.length + " Angebote" : matching.length + " von " + cards.length + " Angeboten";
    if (matching.length > limit) { text += " (die ersten " + limit + " werden gezeigt)"; }
    if (searchError) { text += " – " + searchError; }
    status.textContent = text;
    closeDrawer.textContent = matching.length === 1 ? "1 Ergebnis anzeigen" : matching.length + " Ergebnisse anzeigen";
    empty.hidden = matching.length !== 0;
    root.classList.toggle("iq-empty", matching.length === 0);
    renderChips(activeFilters(state));
  }

  function writeUrl() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) { return; }
      if (el.type === "checkbox") { if (el.checked) { params.append(el.name, el.value); } }
      else if (el === radius) { if (plz.value.trim() && radius.value !== defaultRadius) { params.append(el.name, el.value); } }
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
    plz.value = (params.get("plz") || "").replace(/\D/g, "").slice(0, 5);
    var km = params.get("umkreis");
    if (km && radius.querySelector('option[value="' + km + '"]')) { radius.value = km; }
    if (params.get("sortierung") === "beginn" && sortByStart) { sortByStart.disabled = false; sortByStart.hidden = false; sort.value = "beginn"; }
    if (params.get("sortierung") === "entfernung") { sort.querySelector('option[value="entfernung"]').disabled = false; sort.value = "entfernung"; }
    facets.forEach(function (facet) {
      var values = params.getAll(facet.param);
      facet.inputs.forEach(function (input) { input.checked = values.indexOf(input.value) >= 0; });
      if (values.length && facet.details) { facet.details.open = true; }
    });
  }

  function loadPostcodes() {
    if (!postcodes) {
      postcodes = fetch(postcodesUrl).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.text();
      }).then(function (text) {
        var table = {};
        text.split("\n").forEach(function (line) {
          var parts = line.split(",");
          if (parts.length === 3 && /^\d{5}$/.test(parts[0])) { table[parts[0]] = [parseFloat(parts[1]), parseFloat(parts[2])]; }
        });
        return table;
      });
      postcodes.catch(function () { postcodes = null; });
    }
    return postcodes;
  }

  function setPlzError(message) {
    plzError.textContent = message;
    plzError.hidden = !message;
    if (message) { plz.setAttribute("aria-invalid", "true"); plz.setAttribute("aria-describedby", "iq-plz-hint iq-plz-error"); }
    else { plz.removeAttribute("aria-invalid"); plz.setAttribute("aria-describedby", "iq-plz-hint"); }
  }

  // Resolve the typed postcode to its centroid and every card's distance to it.
  function updateOrigin() {
    var value = plz.value.trim();
    var byDistance = sort.querySelector('option[value="entfernung"]');
    function done(point, code, message) {
      origin = point; originPlz = point ? code : "";
      byDistance.disabled = !point;
      if (!point && sort.value === "entfernung") { sort.value = ""; }
      setPlzError(message || "");
      cards.forEach(function (card) {
        if (!point || card.online) { card.distance = null; return; }
        if (!card.points) {
          card.points = card.geo ? card.geo.split(";").map(function (p) { return p.split(",").map(parseFloat); }) : [];
        }
        card.distance = card.points.length ? Math.min.apply(null, card.points.map(function (p) { return distanceKm(point, p); })) : null;
      });
    }
    if (!value) { done(null); return Promise.resolve(); }
    if (!/^\d{5}$/.test(value)) { done(null, "", "Bitte eine fünfstellige Postleitzahl eingeben, zum Beispiel 04109."); return Promise.resolve(); }
    if (value === originPlz && origin) { return Promise.resolve(); }
    return loadPostcodes().then(function (table) {
      if (plz.value.trim() !== value) { return; }
      if (table[value]) { done(table[value], value); }
      else { done(null, "", "Die Postleitzahl " + value + " ist nicht bekannt. Bitte prüfen Sie die Eingabe."); }
    }).catch(function () {
      done(null, "", "Die Umkreissuche ist gerade nicht verfügbar (die Postleitzahlen konnten nicht geladen werden).");
    });
  }

  function runSearch() {
    var term = search.value.trim();
    var seq = ++searchSeq;
    if (!term) {
      textIds = null; textOrder = null; searchError = "";
      window.IQSearch.show(null);
      apply();
      return Promise.resolve();
    }
    root.setAttribute("aria-busy", "true");
    // search.js: stop words, synonyms, typo correction and the ranking (textOrder).
    return window.IQSearch.search(term).then(function (outcome) {
      if (seq !== searchSeq) { return; }
      textIds = outcome.ids; textOrder = outcome.order; searchError = "";
      window.IQSearch.show(outcome);
      apply();
    }).catch(function () {
      if (seq !== searchSeq) { return; }
      textIds = null; textOrder = null;
      window.IQSearch.show(null);
      searchError = "die Volltextsuche ist gerade nicht verfügbar";
      apply();
    }).then(function () {
      if (seq === searchSeq) { root.removeAttribute("aria-busy"); }
    });
  }

  // Any change of the filters: first page again, URL, then the view (search/postcode first if needed).
  function changed(textChanged) {
    limit = PAGE_SIZE;
    return updateOrigin().then(function () {
      writeUrl();
      return textChanged ? runSearch() : apply();
    });
  }

  more.addEventListener("click", function () {
    var before = shownOrder.length;
    limit += PAGE_SIZE;
    apply();
    // Move focus to the first newly shown result, so keyboard and screen reader users continue there.
    var next = shownOrder[before];
    if (next) { next.el.querySelector("a").focus(); }
  });

  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { changed(true); }, 250);
  });
  plz.addEventListener("input", function () {
    var value = plz.value.trim();
    if (value.length === 5 || value.length === 0) { changed(false); }
  });
  form.addEventListener("change", function (event) {
    if (event.target === search || event.target === plz) { return; }
    changed(false);
  });
  sort.addEventListener("change", function () { changed(false); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    changed(true).then(function () { setDrawer(false); status.focus(); });
  });
  status.setAttribute("tabindex", "-1");

  // Small screens: the form is a drawer behind "Filter (n)", the results come first.
  function setDrawer(open) {
    var wasOpen = root.classList.contains("iq-drawer-open");
    root.classList.toggle("iq-drawer-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { document.getElementById("iq-filters-heading").setAttribute("tabindex", "-1"); document.getElementById("iq-filters-heading").focus(); }
    else if (wasOpen) { toggle.focus(); }
  }
  toggle.addEventListener("click", function () { setDrawer(!root.classList.contains("iq-drawer-open")); });
  closeDrawer.addEventListener("click", function () { setDrawer(false); });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && root.classList.contains("iq-drawer-open")) { setDrawer(false); }
  });

  readUrl();
  updateOrigin().then(function () {
    apply();
    if (search.value.trim()) { runSearch(); }
  });
  apply();
}());
