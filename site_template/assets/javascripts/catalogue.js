/* Catalogue "Angebote finden": facets with counts, start/level filters, distance search
 * ("Umkreissuche"), full-text search, active-filter chips and the filter drawer on small screens.
 *
 * The page carries only the first cards (the no-JS view). The filters work on the data file
 * (assets/data/katalog.json, generator/site/catalogue.py): one row per listed offer in the
 * default order, each column a table of distinct values plus one short code per row (facet
 * values, German entry level, first start, rolling start, and the row's position among the offer
 * ids for the search); the places' centroids (katalog-orte.json) come with the first postcode. Filtering and counting is arithmetic on
 * those codes; per-value work (distances, start windows, facet tests) is done once per distinct
 * value, not per offer. Only the cards about to be shown are fetched (karten/<version>/<row>.json)
 * and put into the list, PAGE_SIZE at a time: the DOM and the layout never grow with the catalogue.
 * The filter state lives in the query string, so a copied link reproduces the view. Full-text
 * search uses Pagefind (search.js) and the distance search a postcode table; each is loaded only
 * when first used. No third-party code, plain ES2017 for old office browsers.
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
  var version = root.getAttribute("data-version") || "";
  var dataUrl = urlOf("data-katalog") + "?v=" + version;
  var titlesUrl = urlOf("data-titel") + "?v=" + version;
  var placesUrl = urlOf("data-orte") + "?v=" + version;
  var cardsUrl = new URL("karten/" + version + "/", dataUrl).href;
  var total = parseInt(root.getAttribute("data-total"), 10) || 0;
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
      counts: inputs.map(function (i) { return form.querySelector('[data-count-for="' + fs.getAttribute("data-param") + ":" + i.value + '"]'); }),
      column: null,  // codes per row, from the data file
      options: null  // per distinct value: indexes of this facet's checkboxes it has
    };
  });

  // Matches are shown PAGE_SIZE at a time; the count in the status line is always the full number.
  var PAGE_SIZE = 20;
  var limit = PAGE_SIZE;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "md-button iq-more";
  more.hidden = true;
  list.insertAdjacentElement("afterend", more);

  var data = null;         // promise of the decoded data file
  var rows = null;         // the decoded data file, once loaded
  var elements = {};       // row → card element (the server's first cards, then those fetched)
  var cardData = {};       // row → promise of the card file
  var shards = {};         // shard number → promise of {offerId: row}
  var textRows = null;     // null: no search term; otherwise {row: true}
  var textOrder = null;    // {row: position} when a search ranks its hits; used for the default order
  var searchError = "";
  var searchSeq = 0;
  var applySeq = 0;
  var postcodes = null;    // promise of {plz: [lat, lon]}
  var origin = null;       // [lat, lon] of the client's postcode, or null
  var originPlz = "";
  var distances = null;    // per distinct place value: km to the origin (null: online or unknown)
  var matching = [];       // rows matching the current filters, in the order shown
  var shownRows = [];      // rows whose cards are in the list

  // The server rendered the first rows' cards, in row order.
  Array.prototype.forEach.call(list.querySelectorAll(".iq-card"), function (el, row) { elements[row] = el; });

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

  // ---------- the data file (catalogue.encode_ints / encode_column) ----------

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var k = 0; k < B64.length; k++) { DIGIT[B64.charCodeAt(k)] = k; }

  function decodeInts(enc) {
    var w = enc.w, text = enc.c, out = new Int32Array(text.length / w);
    for (var i = 0, p = 0; i < out.length; i++) {
      var n = 0;
      for (var j = 0; j < w; j++, p++) { n = n * 64 + DIGIT[text.charCodeAt(p)]; }
      out[i] = n;
    }
    return out;
  }

  function column(enc) { return { values: enc.v, codes: decodeInts(enc) }; }

  function loadData() {
    if (!data) {
      data = fetch(dataUrl).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.json();
      }).then(function (raw) {
        var out = {
          n: raw.n,
          labels: raw.labels,
          shards: raw.shards,
          level: column(raw.level),
          start: column(raw.start),
          rolling: column(raw.rolling),
          geo: null,  // the places' column, loaded with the first postcode (loadPlaces)
          rowOfRank: new Int32Array(raw.n)
        };
        decodeInts(raw.rank).forEach(function (rank, row) { out.rowOfRank[rank] = row; });
        facets.forEach(function (facet) {
          var col = column(raw.facets[facet.param]);
          facet.column = col.codes;
          var values = facet.inputs.map(function (i) { return i.value; });
          facet.options = col.values.map(function (combo) {
            return combo.map(function (v) { return values.indexOf(v); }).filter(function (i) { return i >= 0; });
          });
        });
        rows = out;
        if (window.IQSearch) { window.IQSearch.use({ rowOfRank: out.rowOfRank, titles: titlesUrl }); }
        return out;
      });
      data.catch(function () { data = null; });
    }
    return data;
  }

  var places = null;
  function loadPlaces() {
    if (!places) {
      places = loadData().then(function () { return fetchJson(placesUrl); }).then(function (raw) {
        rows.geo = column(raw.geo);
        return rows.geo;
      });
      places.catch(function () { places = null; });
    }
    return places;
  }

  // ---------- cards ----------

  function node(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  // The markup of generator/templates/catalogue_cards.html.jinja (result_card).
  function cardElement(c) {
    var li = node("li", "iq-card");
    li.id = "angebot-" + c.id;
    li.setAttribute("data-id", c.id);
    var h3 = node("h3", "iq-card__title");
    var a = node("a", "", c.t);
    a.href = c.id + "/";
    h3.appendChild(a);
    li.appendChild(h3);
    li.appendChild(node("p", "iq-card__summary", c.s));
    var dl = node("dl", "iq-card__facts");
    c.f.forEach(function (value, i) {
      var div = node("div");
      div.appendChild(node("dt", "", rows.labels[i]));
      div.appendChild(node("dd", "", value));
      dl.appendChild(div);
    });
    li.appendChild(dl);
    var foot = node("div", "iq-card__foot");
    foot.appendChild(node("p", "iq-card__provider", c.p));
    var tools = node("p", "iq-card__tools iq-needs-js");
    tools.appendChild(node("span", "iq-card__distance"));
    var mark = node("button", "md-button iq-mark", "Merken");
    mark.type = "button";
    mark.setAttribute("data-mark", c.id);
    mark.setAttribute("aria-pressed", "false");
    mark.appendChild(node("span", "iq-sr", ": " + c.t));
    tools.appendChild(mark);
    foot.appendChild(tools);
    li.appendChild(foot);
    return li;
  }

  function fetchJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    });
  }

  function cardFile(row) {
    if (!cardData[row]) {
      cardData[row] = fetchJson(cardsUrl + row + ".json");
      cardData[row].catch(function () { delete cardData[row]; });
    }
    return cardData[row];
  }

  // The card elements of these rows (fetching those not seen yet), in the same order.
  function cardsOf(wanted) {
    return Promise.all(wanted.map(function (row) {
      if (elements[row]) { return elements[row]; }
      return cardFile(row).then(function (c) {
        if (!elements[row]) { elements[row] = cardElement(c); }
        return elements[row];
      });
    }));
  }

  // Same hash as catalogue.id_shard (FNV-1a, 32 bit): the file of the id → row map holding this id.
  function shardOf(id, count) {
    var h = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) { h ^= id.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h % count;
  }

  function rowOfId(id) {
    return loadData().then(function (d) {
      var n = shardOf(id, d.shards);
      if (!shards[n]) {
        shards[n] = fetchJson(cardsUrl + "ids/" + n + ".json");
        shards[n].catch(function () { delete shards[n]; });
      }
      return shards[n].then(function (map) { return Object.prototype.hasOwnProperty.call(map, id) ? map[id] : null; });
    });
  }

  function distanceText(row) {
    if (!origin || !distances || !rows.geo) { return ""; }
    var code = rows.geo.codes[row];
    if (rows.geo.values[code] === null) { return "online"; }
    return distances[code] === null ? "" : "ca. " + Math.round(distances[code]) + " km entfernt";
  }

  function setDistance(el, row) {
    var d = el.querySelector(".iq-card__distance");
    var text = rows ? distanceText(row) : "";
    if (d.textContent !== text) { d.textContent = text; }
  }

  // ---------- filtering ----------

  function wantedOf(facet) {
    var out = [];
    facet.inputs.forEach(function (input, i) { if (input.checked) { out.push(i); } });
    return out;
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

  function isDefault(state) {
    return !search.value.trim() && !plz.value.trim() && state.level < 0 && !state.start && !state.sort &&
      state.wanted.every(function (w) { return !w.length; });
  }

  // Per distinct value of a facet: does it pass the ticked boxes ("any": one of them; "all": each)?
  function facetPasses(facet, wanted) {
    return facet.options.map(function (has) {
      if (!wanted.length) { return true; }
      var hits = wanted.filter(function (i) { return has.indexOf(i) >= 0; }).length;
      return facet.combine === "all" ? hits === wanted.length : hits > 0;
    });
  }

  function dayNumber(iso) { return Date.UTC(parseInt(iso.slice(0, 4), 10), parseInt(iso.slice(5, 7), 10) - 1, parseInt(iso.slice(8, 10), 10)) / 86400000; }

  // Per distinct first start ahead (days after the build day, null: none): within the chosen
  // window? Every window begins today, so the first start decides (catalogue.matches_start).
  function startPasses(choice) {
    var until = choice && choice !== "jederzeit" ? dayNumber(addMonths(today, parseInt(choice, 10))) - dayNumber(today) : 0;
    return rows.start.values.map(function (days) {
      if (!choice) { return true; }
      if (choice === "jederzeit") { return false; }
      return days !== null && days <= until;
    });
  }

  // One pass over the rows: the matches, and the count of every checkbox (the count of a box is
  // the number of matches if it were ticked: a row failing only the box's own "any" group counts).
  function evaluate(state) {
    var n = rows.n, f, i, r;
    var passes = facets.map(function (facet, fi) { return facetPasses(facet, state.wanted[fi]); });
    var columns = facets.map(function (facet) { return facet.column; });
    var counts = facets.map(function (facet) { return new Int32Array(facet.inputs.length); });
    var startOk = startPasses(state.start), jederzeit = state.start === "jederzeit", anyStart = !state.start;
    var geoOk = !origin ? null : rows.geo.values.map(function (points, code) {
      return !origin || points === null || (distances[code] !== null && distances[code] <= state.radius);
    });
    var levelCodes = rows.level.codes, levelValues = rows.level.values;
    var startCodes = rows.start.codes, rolling = rows.rolling.codes, rollingValues = rows.rolling.values;
    var geoCodes = origin ? rows.geo.codes : null;
    var found = [];
    for (r = 0; r < n; r++) {
      if (textRows && !textRows[r]) { continue; }
      if (state.level >= 0 && levelValues[levelCodes[r]] > state.level) { continue; }
      var isRolling = rollingValues[rolling[r]] === 1;
      if (!anyStart && !(jederzeit ? isRolling : (isRolling || startOk[startCodes[r]]))) { continue; }
      if (geoOk && !geoOk[geoCodes[r]]) { continue; }
      var fails = 0, failed = -1;
      for (f = 0; f < columns.length; f++) {
        if (!passes[f][columns[f][r]]) { fails += 1; failed = f; if (fails > 1) { break; } }
      }
      if (fails === 0) {
        found.push(r);
        for (f = 0; f < columns.length; f++) {
          var has = facets[f].options[columns[f][r]];
          for (i = 0; i < has.length; i++) { counts[f][has[i]] += 1; }
        }
      } else if (fails === 1 && facets[failed].combine === "any") {
        var own = facets[failed].options[columns[failed][r]];
        for (i = 0; i < own.length; i++) { counts[failed][own[i]] += 1; }
      }
    }
    return { rows: found, counts: counts };
  }

  // The order of the matches: by distance when asked for (online offers after the places, by
  // start), by the search's ranking when it gives one, else the default order (the rows).
  function order(found, state) {
    if (state.sort === "entfernung" && origin) {
      var geo = rows.geo.codes;
      return found.sort(function (a, b) {
        var da = distances[geo[a]], db = distances[geo[b]];
        var oa = rows.geo.values[geo[a]] === null, ob = rows.geo.values[geo[b]] === null;
        if (oa !== ob) { return oa ? 1 : -1; }
        if (!oa && da !== db) { return (da === null ? Infinity : da) - (db === null ? Infinity : db); }
        return a - b;
      });
    }
    if (textOrder && state.sort !== "beginn") {
      return found.sort(function (a, b) { return (textOrder[a] || 0) - (textOrder[b] || 0) || a - b; });
    }
    return found;
  }

  function activeFilters() {
    var out = [];
    if (search.value.trim()) { out.push({ label: "Suche: „" + search.value.trim() + "“", clear: function () { search.value = ""; } }); }
    if (originPlz) { out.push({ label: radius.value + " km um " + originPlz, clear: function () { plz.value = ""; } }); }
    if (level.value) { out.push({ label: "Deutsch bis " + level.value, clear: function () { level.value = ""; } }); }
    if (start.value) { out.push({ label: "Beginn: " + start.options[start.selectedIndex].text, clear: function () { start.value = ""; } }); }
    facets.forEach(function (facet) {
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

  function statusText(count) {
    var text = count === total ? count + " Angebote" : count + " von " + total + " Angeboten";
    if (count > limit) { text += " (die ersten " + limit + " werden gezeigt)"; }
    if (searchError) { text += " – " + searchError; }
    return text;
  }

  // Put the cards of the first `limit` matches into the list. Cards not seen yet are fetched, all
  // at once; the list is replaced as soon as the first FIRST_PAINT of them are there (what fills
  // the screen), the others follow in order as they arrive. #iq-results is aria-busy until all are in.
  var FIRST_PAINT = 4;
  function show(seq) {
    var wanted = matching.slice(0, limit);
    var ready = wanted.map(function (row) { return elements[row] || null; });
    var placed = -1;  // -1: the old list is still shown; else the number of leading cards in the list
    var keep = shownRows.length && wanted.length >= shownRows.length &&
      shownRows.every(function (row, i) { return wanted[i] === row; });  // "more": the list only grows
    if (keep) { placed = shownRows.length; }
    var announced = false;

    function place() {
      if (seq !== applySeq) { return; }
      var leading = 0;
      while (leading < wanted.length && ready[leading]) { leading += 1; }
      if (placed < 0) {
        if (leading < Math.min(FIRST_PAINT, wanted.length)) { return; }
        list.textContent = "";
        placed = 0;
      }
      if (keep && placed === shownRows.length) {
        // The rows already shown stay; their distance may have changed (a new postcode).
        shownRows.forEach(function (row) { setDistance(elements[row], row); });
      }
      if (leading > placed) {
        var frag = document.createDocumentFragment();
        for (; placed < leading; placed++) {
          var el = ready[placed];
          setDistance(el, wanted[placed]);
          el.hidden = false;
          frag.appendChild(el);
        }
        list.appendChild(frag);
      }
      shownRows = wanted.slice(0, placed);
      var rest = matching.length - wanted.length;
      var label = "Weitere " + Math.min(rest, PAGE_SIZE) + " von " + rest + " Angeboten anzeigen";
      more.hidden = rest <= 0;
      if (more.textContent !== label) { more.textContent = label; }
      // Written once per change (also when the count stays: the filter did something); the live
      // region announces every write, so the cards arriving later do not repeat it.
      var text = statusText(matching.length);
      if (!announced || status.textContent !== text) { status.textContent = text; announced = true; }
      document.dispatchEvent(new CustomEvent("iq-cards"));  // merkliste.js marks the buttons
    }

    list.setAttribute("aria-busy", "true");
    place();  // cards seen before are shown at once
    return Promise.all(wanted.map(function (row, i) {
      if (ready[i]) { return null; }
      return cardFile(row).then(function (c) {
        if (!elements[row]) { elements[row] = cardElement(c); }
        ready[i] = elements[row];
        place();
      });
    }).concat([null])).then(function () {
      place();
      if (seq === applySeq) { list.removeAttribute("aria-busy"); }
    }).catch(function () {
      if (seq !== applySeq) { return; }
      list.removeAttribute("aria-busy");
      status.textContent = statusText(matching.length) + " – die Angebote konnten gerade nicht geladen werden";
    });
  }

  function apply() {
    updateSortChoices();
    var seq = ++applySeq;
    return loadData().then(function () {
      if (seq !== applySeq) { return; }
      var state = currentState();
      var result = evaluate(state);
      matching = order(result.rows, state);
      facets.forEach(function (facet, fi) {
        facet.inputs.forEach(function (input, ii) {
          var text = "(" + result.counts[fi][ii] + ")";
          if (facet.counts[ii] && facet.counts[ii].textContent !== text) { facet.counts[ii].textContent = text; }
        });
        var chosen = state.wanted[fi].length;
        facet.chosen.textContent = chosen ? "(" + chosen + " gewählt)" : "";
      });
      closeDrawer.textContent = matching.length === 1 ? "1 Ergebnis anzeigen" : matching.length + " Ergebnisse anzeigen";
      empty.hidden = matching.length !== 0;
      root.classList.toggle("iq-empty", matching.length === 0);
      renderChips(activeFilters());
      return show(seq);
    }).catch(function () {
      if (seq !== applySeq) { return; }
      status.textContent = "Die Filter sind gerade nicht verfügbar (die Daten konnten nicht geladen werden). Gezeigt werden die ersten Angebote.";
    });
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

  // Resolve the typed postcode to its centroid and the distance of every distinct set of places.
  function updateOrigin() {
    var value = plz.value.trim();
    var byDistance = sort.querySelector('option[value="entfernung"]');
    function done(point, code, message) {
      origin = point; originPlz = point ? code : "";
      byDistance.disabled = !point;
      if (!point && sort.value === "entfernung") { sort.value = ""; }
      setPlzError(message || "");
      distances = !point || !rows ? null : rows.geo.values.map(function (points) {
        if (points === null || !points.length) { return null; }
        return Math.min.apply(null, points.map(function (p) { return distanceKm(point, p); }));
      });
    }
    if (!value) { done(null); return Promise.resolve(); }
    if (!/^\d{5}$/.test(value)) { done(null, "", "Bitte eine fünfstellige Postleitzahl eingeben, zum Beispiel 04109."); return Promise.resolve(); }
    if (value === originPlz && origin && distances) { return Promise.resolve(); }
    return Promise.all([loadPostcodes(), loadPlaces()]).then(function (loaded) {
      var table = loaded[0];
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
      textRows = null; textOrder = null; searchError = "";
      window.IQSearch.show(null);
      return apply();
    }
    root.setAttribute("aria-busy", "true");
    // search.js: stop words, synonyms, typo correction and the ranking (textOrder), by row.
    return loadData().then(function () { return window.IQSearch.search(term); }).then(function (outcome) {
      if (seq !== searchSeq) { return; }
      textRows = outcome.ids; textOrder = outcome.order; searchError = "";
      window.IQSearch.show(outcome);
      return apply();
    }, function () {
      if (seq !== searchSeq) { return; }
      textRows = null; textOrder = null;
      window.IQSearch.show(null);
      searchError = "die Volltextsuche ist gerade nicht verfügbar";
      return apply();
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

  // The default view starts from the server's cards; its matches are all rows, in order.
  function defaultMatching() {
    if (matching !== null) { return Promise.resolve(); }
    return loadData().then(function () {
      var found = [];
      for (var r = 0; r < rows.n; r++) { found.push(r); }
      if (matching === null) { matching = found; }
    });
  }

  more.addEventListener("click", function () {
    var before = shownRows.length;
    defaultMatching().then(function () {
      limit += PAGE_SIZE;
      return show(applySeq);
    }).then(function () {
      // Focus the first newly shown result, so keyboard and screen reader users continue there.
      var next = elements[shownRows[before]];
      if (next) { next.querySelector("a").focus(); }
    }, function () {
      status.textContent = statusText(total) + " – weitere Angebote konnten gerade nicht geladen werden";
    });
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

  // For merkliste.js: the card elements of offer ids (null for an id no longer in the catalogue).
  window.IQCatalogue = {
    cards: function (ids) {
      return Promise.all(ids.map(function (id) {
        return rowOfId(id).then(function (row) {
          if (row === null) { return null; }
          return cardsOf([row]).then(function (els) {
            setDistance(els[0], row);
            return els[0];
          });
        });
      }));
    }
  };

  readUrl();
  var initial = currentState();
  if (isDefault(initial)) {
    // The server's first cards are the default view: keep PAGE_SIZE of them, the rest stay cached.
    matching = null;
    Array.prototype.slice.call(list.children, PAGE_SIZE).forEach(function (el) { list.removeChild(el); });
    shownRows = Array.prototype.map.call(list.children, function (el, row) { return row; });
    var rest = total - shownRows.length;
    more.hidden = rest <= 0;
    more.textContent = "Weitere " + Math.min(rest, PAGE_SIZE) + " von " + rest + " Angeboten anzeigen";
    if (rest > 0) { status.textContent = statusText(total); }
    renderChips([]);
    // The data file is needed for the first change or "more"; fetch it now, off the critical path.
    defaultMatching().catch(function () { /* retried on the first change */ });
  } else {
    // A link with filters: the chips at once; the server's cards stay, marked busy, until the
    // data file has decided which cards to show.
    updateSortChoices();
    renderChips(activeFilters());
    list.setAttribute("aria-busy", "true");
    updateOrigin().then(function () {
      if (search.value.trim()) { return runSearch(); }
      return apply();
    });
  }
}());
