// GraphiQL with the hub's key handling: nothing is fetched (not even the
// schema) until a key is set, and GraphiQL is mounted afresh when it changes,
// so the schema is introspected with the key instead of "Error fetching schema".
(function () {
  "use strict";
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  var base = GraphiQL.createFetcher({ url: "/graphql", enableIncrementalDelivery: false });
  var generation = 0;

  function fetcher(params, options) {
    var headers = Object.assign({}, (options && options.headers) || {}, {
      Authorization: "Bearer " + window.HubKey.get(),
    });
    return base(params, Object.assign({}, options || {}, { headers: headers }));
  }

  function render(key) {
    generation += 1;
    if (!key) {
      root.render(React.createElement("p", { className: "notice" },
        "Paste your API key above (make demo prints one per role). It stays in this tab's " +
        "session storage only; the schema and the example operations load once it is set."));
      return;
    }
    root.render(React.createElement(GraphiQL, {
      key: "g" + generation,
      fetcher: fetcher,
      defaultTabs: window.HubExamples,
      defaultEditorToolsVisibility: true,
      shouldPersistHeaders: false,
    }));
  }

  window.HubKey.mount(document.getElementById("keybar"), "The hub: GraphiQL", render);
  render(window.HubKey.get());
})();
