// GraphiQL on /graphql (serve --dev), from assets trustmesh serves itself.
// Put your key in the Headers tab: {"Authorization": "Bearer <key>"}.
"use strict";

const fetcher = GraphiQL.createFetcher({ url: window.location.href.split("?")[0] });
const root = ReactDOM.createRoot(document.getElementById("graphiql"));
root.render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: true,
    defaultHeaders: JSON.stringify({ Authorization: "Bearer <key>" }, null, 2),
    defaultQuery: '# trustmesh: put your key in Headers, then run\n{ trustBadge(accountId: "acc-0000001") { band } }\n',
  }),
);
