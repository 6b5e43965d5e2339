// The API key, shared by the hub's pages: kept in sessionStorage only (gone
// when the tab closes), sent as `Authorization: Bearer <key>`, never in a URL.
(function () {
  "use strict";
  var STORE = "hub.apiKey";

  function get() {
    try { return window.sessionStorage.getItem(STORE) || ""; } catch (e) { return ""; }
  }

  // Draws the key bar into `bar`; calls onChange(key) when a key is set or forgotten.
  function mount(bar, title, onChange) {
    bar.className = "keybar";
    bar.innerHTML =
      '<strong></strong><label>API key <input type="password" id="hub-key" autocomplete="off" ' +
      'placeholder="paste the key printed by make demo"></label>' +
      '<button type="button" id="hub-key-use">Use key</button>' +
      '<button type="button" id="hub-key-forget">Forget key</button>' +
      '<span class="state" id="hub-key-state"></span>';
    bar.querySelector("strong").textContent = title;
    var input = bar.querySelector("#hub-key");
    var state = bar.querySelector("#hub-key-state");
    function show() {
      var key = get();
      state.textContent = key ? "key set for this tab" : "no key: nothing is loaded until a key is set";
      state.className = key ? "state ok" : "state";
    }
    function use() {
      var key = input.value.trim();
      if (!key) { return; }
      window.sessionStorage.setItem(STORE, key);
      input.value = "";
      show();
      onChange(key);
    }
    bar.querySelector("#hub-key-use").addEventListener("click", use);
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { use(); } });
    bar.querySelector("#hub-key-forget").addEventListener("click", function () {
      window.sessionStorage.removeItem(STORE);
      show();
      onChange("");
    });
    show();
  }

  // POST a GraphQL operation with the key; resolves to the JSON body.
  function graphql(query, variables) {
    return fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + get() },
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(function (response) { return response.json(); });
  }

  window.HubKey = { get: get, mount: mount, graphql: graphql };
})();
