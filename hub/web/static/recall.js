// The picture of a recall's reach, drawn from GraphQL answers only (with the
// caller's key). Shipments are drawn as groups (region, port, seller, platform,
// importer) sized by their counts, never one dot per shipment, so a recall
// reaching 10,000 shipments draws the same few dozen nodes.
(function () {
  "use strict";
  var TOP = 12;        // groups drawn per kind; the rest become one "other" node
  var PARTY_SELLERS = 5; // the largest sellers whose related parties are drawn
  var PICTURE = `query RecallPicture($id: ID!) {
  recall(id: $id) {
    id title measure riskLevel status issuedOn issuer { name }
    impact {
      totals(groupLimit: 1000) {
        batches shipments units declarations
        underControlShipments underControlUnits inTransitShipments inTransitUnits
        deliveredShipments deliveredUnits returnedShipments returnedUnits
        byRegion { key shipments units } byPort { key shipments units }
        bySeller { key name shipments units } byPlatform { key name shipments units }
        byImporter { key name shipments units }
      }
      batches(first: 100) { batch { id lotCode } product { name } }
    }
  }
}`;
  var KINDS = [
    ["region", "byRegion", "Consignee regions"],
    ["port", "byPort", "Ports"],
    ["seller", "bySeller", "Sellers"],
    ["platform", "byPlatform", "Platforms"],
    ["importer", "byImporter", "Importers"],
  ];
  var recallId = decodeURIComponent(window.location.pathname.split("/").pop());
  var summary = document.getElementById("summary");
  var cy = null;

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }

  // `waiting`: no key yet, so nothing was asked (tests wait for a final state).
  function showError(message, waiting) {
    summary.replaceChildren(text("h1", "Recall " + recallId), text("p", message, "error"));
    if (cy) { cy.destroy(); cy = null; }
    window.hubRecall = waiting ? undefined : { error: message };
  }

  function row(table, label, value, kind) {
    var tr = document.createElement("tr");
    tr.appendChild(text("th", label));
    var td = text("td", String(value), "n");
    td.dataset.count = kind;
    tr.appendChild(td);
    table.appendChild(tr);
  }

  // The top groups of one kind, plus one node for the rest (so the drawn
  // shipments of every kind add up to the recall's total).
  function groups(kind, list, totalShipments, totalUnits) {
    var sorted = list.slice().sort(function (a, b) { return b.shipments - a.shipments; });
    var shown = sorted.slice(0, TOP).map(function (g) {
      return { key: g.key, label: g.name || g.key || "(none)", shipments: g.shipments, units: g.units };
    });
    var ships = shown.reduce(function (s, g) { return s + g.shipments; }, 0);
    var units = shown.reduce(function (s, g) { return s + g.units; }, 0);
    if (ships < totalShipments) {
      shown.push({ key: null, label: (sorted.length - shown.length) + " more", other: true,
                   shipments: totalShipments - ships, units: totalUnits - units });
    }
    return shown;
  }

  function draw(recall, parties) {
    var t = recall.impact.totals;
    var elements = [{ data: { id: "recall", label: recall.id + "\n" + recall.measure, kind: "recall" } }];
    function add(node, parent) {
      elements.push({ data: node });
      elements.push({ data: { id: "e-" + node.id, source: parent, target: node.id } });
    }
    recall.impact.batches.forEach(function (b, i) {
      add({ id: "batch-" + i, kind: "batch", label: b.batch.lotCode + "\n" + ((b.product && b.product.name) || "") }, "recall");
    });
    if (t.batches > recall.impact.batches.length) {  // only the first 100 are listed
      add({ id: "batch-more", kind: "batch", other: true,
            label: (t.batches - recall.impact.batches.length) + " more batches" }, "recall");
    }
    var drawn = {};
    KINDS.forEach(function (k) {
      var hub = "kind-" + k[0];
      add({ id: hub, kind: "kind", label: k[2] }, "recall");
      drawn[k[0]] = 0;
      groups(k[0], t[k[1]], t.shipments, t.units).forEach(function (g, i) {
        drawn[k[0]] += g.shipments;
        add({ id: k[0] + "-" + i, kind: k[0], key: g.key, other: !!g.other, shipments: g.shipments,
              units: g.units, size: 18 + 42 * Math.sqrt(g.shipments / Math.max(1, t.shipments)),
              label: g.label + "\n" + g.shipments + " shipments, " + g.units + " units" }, hub);
      });
    });
    parties.forEach(function (p, i) {
      var sellerNode = elements.find(function (el) { return el.data.kind === "seller" && el.data.key === p.seller; });
      if (!sellerNode) { return; }
      p.related.forEach(function (r, j) {
        add({ id: "party-" + i + "-" + j, kind: "party",
              label: r.node.enterprise.name + "\n" + r.node.distance + " hop(s), strength " + r.node.strength },
            sellerNode.data.id);
      });
    });
    if (cy) { cy.destroy(); }
    cy = window.cytoscape({
      container: document.getElementById("cy"),
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "font-size": 9,
                                      "text-valign": "bottom", width: 14, height: 14, "background-color": "#8c959f" } },
        { selector: "node[size]", style: { width: "data(size)", height: "data(size)" } },
        { selector: "node[kind = 'recall']", style: { "background-color": "#cf222e", width: 40, height: 40, "font-size": 12 } },
        { selector: "node[kind = 'kind']", style: { shape: "round-rectangle", "background-color": "#0969da", "font-size": 11 } },
        { selector: "node[kind = 'batch']", style: { shape: "diamond", "background-color": "#bf8700" } },
        { selector: "node[kind = 'region'], node[kind = 'port']", style: { "background-color": "#1a7f37" } },
        { selector: "node[kind = 'seller'], node[kind = 'platform'], node[kind = 'importer']", style: { "background-color": "#8250df" } },
        { selector: "node[kind = 'party']", style: { shape: "triangle", "background-color": "#fb8f44" } },
        { selector: "node[?other]", style: { "border-width": 2, "border-style": "dashed", "border-color": "#57606a" } },
        { selector: "edge", style: { width: 1, "line-color": "#d0d7de", "curve-style": "bezier" } },
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 60 },
    });
    window.hubCy = cy;
    window.hubRecall = { id: recall.id, drawn: drawn, totals: t, nodes: cy.nodes().length,
                         parties: parties.reduce(function (s, p) { return s + p.related.length; }, 0) };
    document.body.dataset.drawn = "yes";
  }

  function describe(recall, partyError) {
    var t = recall.impact.totals;
    var table = document.createElement("table");
    [["Shipments", t.shipments, "shipments"], ["Units", t.units, "units"], ["Declarations", t.declarations, "declarations"],
     ["Batches", t.batches, "batches"],
     ["Under control: shipments", t.underControlShipments, "underControlShipments"],
     ["Under control: units", t.underControlUnits, "underControlUnits"],
     ["In transit: units", t.inTransitUnits, "inTransitUnits"],
     ["Delivered: shipments", t.deliveredShipments, "deliveredShipments"],
     ["Delivered: units", t.deliveredUnits, "deliveredUnits"],
     ["Returned: units", t.returnedUnits, "returnedUnits"]].forEach(function (r) { row(table, r[0], r[1], r[2]); });
    var parts = [text("h1", recall.id + ": " + recall.title),
                 text("p", recall.measure + ", risk " + recall.riskLevel + ", issued " + recall.issuedOn +
                      " by " + ((recall.issuer && recall.issuer.name) || "?") + (recall.status ? ", " + recall.status : "")),
                 table,
                 text("p", "Each green or purple node is a group of shipments, sized by its count; " +
                      "dashed nodes hold the smaller groups. Triangles are related parties of the " +
                      PARTY_SELLERS + " largest sellers (1 hop).")];
    if (partyError) { parts.push(text("p", "Related parties not shown: " + partyError, "error")); }
    summary.replaceChildren.apply(summary, parts);
  }

  // One aliased relatedParties per large seller: a bounded number of root
  // fields, whatever the recall's size. The text is built from fixed pieces.
  function partiesQuery(count) {
    var vars = [], fields = [];
    for (var i = 0; i < count; i += 1) {
      vars.push("$s" + i + ": ID!");
      fields.push("r" + i + ": relatedParties(enterpriseId: $s" + i + ", maxHops: 1, first: 5) " +
                  "{ totalCount edges { node { distance strength enterprise { id name } } } }");
    }
    return "query SellerParties(" + vars.join(", ") + ") {\n  " + fields.join("\n  ") + "\n}";
  }

  function load() {
    if (!window.HubKey.get()) {
      showError("Set an API key above: the picture is drawn from the hub's GraphQL API with your key.", true);
      return;
    }
    summary.replaceChildren(text("p", "Loading " + recallId + "...", "notice"));
    window.HubKey.graphql(PICTURE, { id: recallId }).then(function (body) {
      if (body.errors && body.errors.length) {
        var message = body.errors.map(function (e) { return e.message; }).join("; ");
        // Partner schemas have no Recall.impact (docs/access.md): say why, not the validation text.
        if (/Cannot query field 'impact'/.test(message)) {
          message = "The recall picture shows parcel-level data, which this key's role may not see.";
        }
        throw new Error(message);
      }
      var recall = body.data.recall;
      if (!recall) { throw new Error("no recall " + recallId + " (or not visible with this key)"); }
      var sellers = recall.impact.totals.bySeller.slice()
        .sort(function (a, b) { return b.shipments - a.shipments; })
        .filter(function (g) { return g.key; }).slice(0, PARTY_SELLERS);
      if (!sellers.length) { describe(recall, null); draw(recall, []); return null; }
      var vars = {};
      sellers.forEach(function (s, i) { vars["s" + i] = s.key; });
      return window.HubKey.graphql(partiesQuery(sellers.length), vars).then(function (pb) {
        var error = pb.errors && pb.errors.length ? pb.errors[0].message : null;
        var parties = sellers.map(function (s, i) {
          var r = pb.data && pb.data["r" + i];
          return { seller: s.key, related: r ? r.edges : [] };
        });
        describe(recall, error);
        draw(recall, parties);
      });
    }).catch(function (err) { showError(String(err.message || err)); });
  }

  window.HubKey.mount(document.getElementById("keybar"), "The hub: recall " + recallId, load);
  load();
})();
