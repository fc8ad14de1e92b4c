/* Merkliste: advisers mark offers ("Merken") and compare them side by side.
 *
 * The list is kept in this browser only (localStorage "iq-merkliste", a JSON array of offer ids);
 * nothing is sent anywhere. On the catalogue page, "#merkliste" shows the comparison table, built
 * from the marked offers' result cards (the same facts, so card and table never disagree; catalogue.js
 * fetches the cards of marked offers that are not in the list, IQCatalogue.cards), and prints as a
 * handout. Offer pages have the same button. Plain ES2017, no third-party code.
 */
(function () {
  "use strict";
  var KEY = "iq-merkliste";
  var root = document.querySelector(".iq-catalogue");
  var section = document.getElementById("merkliste");

  function read() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(value) ? value.filter(function (v) { return typeof v === "string"; }) : [];
    } catch (e) { return []; }
  }

  function write(ids) {
    try { window.localStorage.setItem(KEY, JSON.stringify(ids)); } catch (e) { /* private mode: the list lives until reload */ }
    memory = ids;
  }

  var memory = read();

  function setButton(button, marked) {
    button.setAttribute("aria-pressed", marked ? "true" : "false");
    button.firstChild.textContent = marked ? "Gemerkt ✓" : "Merken";
  }

  function refreshButtons(previous) {
    // Only the buttons whose state may have changed: the old and the new marked ids.
    previous.concat(memory).forEach(function (id) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-mark="' + CSS.escape(id) + '"]'), function (b) {
        setButton(b, memory.indexOf(id) >= 0);
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-merkliste-count]"), function (el) {
      el.textContent = String(memory.length);
    });
  }

  function cell(tag, text, scope) {
    var el = document.createElement(tag);
    if (scope) { el.setAttribute("scope", scope); }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  // The result cards of the marked offers, in the order marked (null: no longer in the catalogue).
  function markedCards() {
    if (window.IQCatalogue) { return window.IQCatalogue.cards(memory); }
    return Promise.resolve(memory.map(function (id) { return document.querySelector('.iq-card[data-id="' + CSS.escape(id) + '"]'); }));
  }

  var tableSeq = 0;
  function renderTable() {
    if (!section) { return Promise.resolve(); }
    var seq = ++tableSeq;
    return markedCards().then(function (cards) {
      if (seq === tableSeq) { drawTable(cards); }
    }, function () {
      if (seq === tableSeq) { drawTable(null); }
    });
  }

  function drawTable(cards) {
    var table = section.querySelector("table.iq-compare");
    var present = (cards || []).filter(Boolean);
    var missing = cards === null ? 1 : memory.length - present.length;
    table.textContent = "";
    section.querySelector(".iq-merkliste__empty").hidden = present.length > 0;
    section.querySelector(".iq-compare-wrap").hidden = present.length === 0;
    var note = section.querySelector(".iq-merkliste__missing");
    if (!note) {
      note = document.createElement("p");
      note.className = "iq-merkliste__missing iq-print-hide";
      section.querySelector(".iq-merkliste__empty").insertAdjacentElement("afterend", note);
    }
    note.hidden = missing === 0;
    note.textContent = cards === null ? "Die Merkliste kann gerade nicht geladen werden. Bitte laden Sie die Seite neu."
      : missing === 1 ? "Ein gemerktes Angebot ist nicht mehr im Katalog und wird nicht gezeigt."
      : missing + " gemerkte Angebote sind nicht mehr im Katalog und werden nicht gezeigt.";
    if (!present.length) { return; }
    var caption = document.createElement("caption");
    caption.textContent = present.length === 1 ? "1 gemerktes Angebot" : present.length + " gemerkte Angebote im Vergleich";
    table.appendChild(caption);
    var thead = document.createElement("thead");
    var head = document.createElement("tr");
    head.appendChild(cell("td"));
    present.forEach(function (card) {
      var th = cell("th", undefined, "col");
      var link = card.querySelector(".iq-card__title a");
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.textContent;
      th.appendChild(a);
      head.appendChild(th);
    });
    thead.appendChild(head);
    table.appendChild(thead);
    // Rows: every fact label in card order, then place distance and provider.
    var labels = [];
    var values = present.map(function (card) {
      var facts = {};
      Array.prototype.forEach.call(card.querySelectorAll(".iq-card__facts > div"), function (div) {
        var label = div.querySelector("dt").textContent;
        if (labels.indexOf(label) < 0) { labels.push(label); }
        facts[label] = div.querySelector("dd").textContent;
      });
      var distance = card.querySelector(".iq-card__distance").textContent;
      if (distance) { facts.Entfernung = distance; }
      facts.Anbieter = card.querySelector(".iq-card__provider").textContent;
      return facts;
    });
    if (values.some(function (v) { return v.Entfernung; })) { labels.push("Entfernung"); }
    labels.push("Anbieter");
    var tbody = document.createElement("tbody");
    labels.forEach(function (label) {
      var tr = document.createElement("tr");
      tr.appendChild(cell("th", label, "row"));
      values.forEach(function (v) { tr.appendChild(cell("td", v[label] || "–")); });
      tbody.appendChild(tr);
    });
    var actions = document.createElement("tr");
    actions.className = "iq-print-hide";
    actions.appendChild(cell("td"));
    present.forEach(function (card) {
      var td = cell("td");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "md-button iq-unmark";
      b.setAttribute("data-unmark", card.getAttribute("data-id"));
      b.textContent = "Entfernen";
      var sr = document.createElement("span");
      sr.className = "iq-sr";
      sr.textContent = ": " + card.querySelector(".iq-card__title a").textContent;
      b.appendChild(sr);
      td.appendChild(b);
      actions.appendChild(td);
    });
    tbody.appendChild(actions);
    table.appendChild(tbody);
  }

  function showView(focus) {
    if (!section || !root) { return; }
    var on = location.hash === "#merkliste";
    root.classList.toggle("iq-view-merkliste", on);
    section.hidden = !on;
    if (on) {
      memory = read();  // another tab may have changed the list since this page was loaded
      renderTable();
      section.querySelector("[data-back]").setAttribute("href", "#iq-results-heading");
      if (focus) { document.getElementById("merkliste-heading").focus(); }
    }
  }

  function change(ids) {
    var previous = memory;
    write(ids);
    refreshButtons(previous);
    return section && !section.hidden ? renderTable() : Promise.resolve();
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest("[data-mark]");
    if (mark) {
      var id = mark.getAttribute("data-mark");
      var ids = read();
      change(ids.indexOf(id) >= 0 ? ids.filter(function (x) { return x !== id; }) : ids.concat([id]));
      return;
    }
    var unmark = event.target.closest("[data-unmark]");
    if (unmark) {
      var gone = unmark.getAttribute("data-unmark");
      change(read().filter(function (x) { return x !== gone; })).then(function () {
        var next = section.querySelector("[data-unmark]");
        (next || document.getElementById("merkliste-heading")).focus();
      });
      return;
    }
    if (event.target.closest(".iq-print")) { window.print(); }
  });
  // Another tab changed the list.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { var previous = memory; memory = read(); refreshButtons(previous); if (section && !section.hidden) { renderTable(); } }
  });
  window.addEventListener("hashchange", function () { showView(true); });
  // catalogue.js put new cards into the list: show which of them are marked.
  document.addEventListener("iq-cards", function () {
    Array.prototype.forEach.call(document.querySelectorAll("#iq-results [data-mark]"), function (b) {
      setButton(b, memory.indexOf(b.getAttribute("data-mark")) >= 0);
    });
  });

  refreshButtons([]);
  showView(location.hash === "#merkliste");
}());
