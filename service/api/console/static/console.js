// trustmesh console: every view reads /graphql with the signed-in session.
// The DOM is built from text nodes only, so nothing a marketplace user typed
// (a name, a message) can become markup.
"use strict";

const CSRF = document.querySelector('meta[name="csrf"]').content;
// bands (worst first), reason codes, recommended actions and account kinds,
// as the server's enums list them
const VOCABULARY = JSON.parse(document.querySelector('meta[name="vocabulary"]').content);
const BANDS = VOCABULARY.bands;
if (document.querySelector('meta[name="role"]').content === "admin") {
  for (const link of document.querySelectorAll("nav a.admin")) link.hidden = false;
}

async function gql(query, variables) {
  const response = await fetch("/graphql", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrf-token": CSRF },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({}));
  if (body.errors && body.errors.length) {
    throw new Error(body.errors.map((e) => e.message).join("; "));
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return body.data;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
  }
  return node;
}

// A control with its label beside it (not around it: a label wrapping a
// select would give it the selected option's text as part of its name).
function field(id, text, control) {
  return el("div", { class: "field" }, el("label", { for: id }, text), control);
}

function show(...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes);
}

function failed(error) {
  show(el("p", { class: "error", role: "alert" }, `Could not load: ${error.message}`));
}

const QUEUE = `query($band: String, $after: String, $code: String, $action: String,
  $kind: String, $country: String, $unreviewed: Boolean!, $mine: Boolean!) {
  riskiestAccounts(band: $band, first: 25, after: $after, reasonCode: $code,
    recommendedAction: $action, kind: $kind, country: $country, unreviewed: $unreviewed,
    myCases: $mine) {
    nodes { id name kind score band recommendedAction } endCursor hasNextPage total } }`;
const CODES = VOCABULARY.codes;
const ACTIONS = VOCABULARY.actions;
const KINDS = VOCABULARY.kinds;

// A select of options with an empty first choice: "any" in a filter, or
// another word (blank) where one must be chosen.
function choice(id, text, options, current, blank = "any") {
  const select = el("select", { id, name: id }, el("option", { value: "" }, blank),
    ...options.map((o) => el("option", o === current ? { value: o, selected: "" } : { value: o }, o)));
  return [field(id, text, select), select];
}

async function queue(params) {
  const pick = (name, allowed) => (allowed.includes(params.get(name)) ? params.get(name) : null);
  const band = params.has("band") ? pick("band", BANDS) : "HIGH_RISK";
  const filters = { band, code: pick("code", CODES), action: pick("action", ACTIONS),
    kind: pick("kind", KINDS), country: (params.get("country") || "").toUpperCase() || null,
    unreviewed: params.get("unreviewed") === "1", mine: params.get("mine") === "1" };
  const [bandField, bandBox] = choice("band", "Band", BANDS, band);
  const [codeField, codeBox] = choice("code", "Reason", CODES, filters.code);
  const [actionField, actionBox] = choice("action", "Recommended", ACTIONS, filters.action);
  const [kindField, kindBox] = choice("kind", "Kind", KINDS, filters.kind);
  const country = el("input", { id: "country", name: "country", size: 3, maxlength: 2,
    value: filters.country || "" });
  const unreviewed = el("input", filters.unreviewed
    ? { id: "unreviewed", type: "checkbox", checked: "" } : { id: "unreviewed", type: "checkbox" });
  const mine = el("input", filters.mine
    ? { id: "mine", type: "checkbox", checked: "" } : { id: "mine", type: "checkbox" });
  const apply = () => {
    const query = new URLSearchParams();
    query.set("band", bandBox.value);
    for (const [name, box] of [["code", codeBox], ["action", actionBox], ["kind", kindBox]]) {
      if (box.value) query.set(name, box.value);
    }
    if (country.value.trim()) query.set("country", country.value.trim());
    if (unreviewed.checked) query.set("unreviewed", "1");
    if (mine.checked) query.set("mine", "1");
    navigate(`/console/?${query}`);
  };
  for (const box of [bandBox, codeBox, actionBox, kindBox, unreviewed, mine]) {
    box.addEventListener("change", apply);
  }
  country.addEventListener("change", apply);
  const controls = el("div", { class: "filters" }, bandField, codeField, actionField, kindField,
    field("country", "Country", country), field("unreviewed", "Not yet reviewed", unreviewed),
    field("mine", "My open cases", mine));
  show(el("h1", {}, "Queue"), controls, el("p", { class: "status" }, "Loading accounts…"));
  const page = (await gql(QUEUE, { ...filters, after: params.get("after") })).riskiestAccounts;
  const rows = page.nodes.map((a) => el("tr", {},
    el("td", {}, el("a", { href: `/console/accounts/${encodeURIComponent(a.id)}` }, a.id)),
    el("td", {}, a.name || ""),
    el("td", {}, a.kind || ""),
    el("td", {}, a.score.toFixed(1)),
    el("td", { class: `band-${a.band}` }, a.band),
    el("td", {}, a.recommendedAction || "NONE")));
  const table = el("table", { "aria-label": "Riskiest accounts" },
    el("thead", {}, el("tr", {}, ...["Account", "Name", "Kind", "Score", "Band", "Recommended"]
      .map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows));
  const pager = el("div", { class: "pager" });
  if (page.hasNextPage) {
    const next = el("button", { type: "button" }, "Next page");
    const query = new URLSearchParams(params);
    query.set("after", page.endCursor);
    next.addEventListener("click", () => navigate(`/console/?${query}`));
    pager.append(next);
  }
  const count = el("p", { class: "status", role: "status" },
    page.total ? `${page.total} account${page.total === 1 ? "" : "s"} match` :
      "No accounts match these filters.");
  show(el("h1", {}, "Queue"), controls, count, table, pager);
}

const ACCOUNT = `query($id: ID!) { account(id: $id) {
  id name kind country status recommendedAction
  trustScore { score band reasons { code severity explanation ${EVIDENCE_FIELDS} } }
  duplicateCluster { id members } rings { id members } ${ACCOUNT_SECTIONS} } }`;

async function account(id) {
  show(el("h1", {}, id), el("p", { class: "status" }, "Loading account…"));
  const found = (await gql(ACCOUNT, { id })).account;
  if (!found) {
    show(el("h1", {}, id), el("p", { class: "error", role: "alert" }, "No such account."));
    return;
  }
  const trust = found.trustScore;
  const reasons = (trust ? trust.reasons : []).map((r) => el("li", {},
    el("strong", {}, r.code), ` (severity ${r.severity.toFixed(2)}) — ${r.explanation}`,
    el("div", { class: "evidence" },
      ...r.items.slice(0, 12).map((item) => verdicts(found.id, r.code, item)),
      r.items.length > 12 ? ` and ${r.items.length - 12} more` : "")));
  show(
    el("h1", {}, `${found.name || found.id}`),
    el("p", {}, `${found.kind || ""} · ${found.country || ""} · ${found.status}`),
    groups(found),
    trust
      ? el("p", {}, "Score ", el("strong", {}, trust.score.toFixed(1)), " · ",
        el("span", { class: `band-${trust.band}` }, trust.band),
        ` · recommended ${found.recommendedAction}`)
      : el("p", { class: "status" }, "Not scored yet."),
    el("h2", {}, "Reasons"),
    reasons.length ? el("ul", { class: "reasons" }, ...reasons) : el("p", {}, "None."),
    ...evidenceSections(found),
    actions(found.id),
    caseSection("ACCOUNT", found.id, found.id),
    explorer(found),
  );
}

// -- actions, appeals, verdicts and the audit trail ----------------------------

const LADDER = ["NOTIFICATION", "WARNING", "RESTRICTION", "TIMED_RESTRICTION", "BLOCK"];
const AUDIT = `query($id: ID!) { auditLog(accountId: $id, first: 50) {
  id at who what reason before after detail } }`;
const TAKE = `mutation($id: ID!, $action: String!, $reason: String!, $expiresAt: DateTime) {
  takeAction(accountId: $id, action: $action, reason: $reason, expiresAt: $expiresAt) { id } }`;
const LIFT = `mutation($id: ID!, $reason: String!) { liftAction(accountId: $id, reason: $reason) { id } }`;
const APPEAL = `mutation($id: ID!, $text: String!) { recordAppeal(accountId: $id, text: $text) { id } }`;
const DISMISS = `mutation($id: ID!, $code: String!, $evidence: String!) {
  dismissEvidence(accountId: $id, reasonCode: $code, evidenceId: $evidence) { decision } }`;
const CONFIRM = `mutation($id: ID!, $code: String!, $evidence: String!) {
  confirmEvidence(accountId: $id, reasonCode: $code, evidenceId: $evidence) { decision } }`;

let refreshAudit = () => {};

async function act(question, mutation, variables, status) {
  if (!window.confirm(question)) return;
  status.textContent = "Saving…";
  try {
    await gql(mutation, variables);
    status.textContent = "Saved.";
    await refreshAudit();
  } catch (error) {
    status.textContent = `Not saved: ${error.message}`;
  }
}

function verdicts(account, code, item) {
  const evidence = item.id;
  const status = el("span", { class: "status", "aria-live": "polite" });
  const confirm = el("button", { type: "button", "aria-label": `Confirm ${evidence}` }, "✓");
  const dismiss = el("button", { type: "button", "aria-label": `Dismiss ${evidence}` }, "✗");
  const vars = { id: account, code, evidence };
  confirm.addEventListener("click", () =>
    act(`Confirm ${code} evidence ${evidence}?`, CONFIRM, vars, status));
  dismiss.addEventListener("click", () =>
    act(`Dismiss ${code} evidence ${evidence}? Later rescores drop it.`, DISMISS, vars, status));
  return el("span", { class: "chip" }, evidenceLink(item), confirm, dismiss, status);
}

function actions(account) {
  const status = el("p", { class: "status", role: "status" });
  const action = el("select", { id: "action" }, ...LADDER.map((a) => el("option", { value: a }, a)));
  const reason = el("input", { id: "action-reason", type: "text", required: "" });
  const expires = el("input", { id: "action-expires", type: "datetime-local" });
  const take = el("button", { type: "button" }, "Take action");
  const lift = el("button", { type: "button" }, "Lift");
  const appeal = el("input", { id: "appeal", type: "text" });
  const record = el("button", { type: "button" }, "Record appeal");
  take.addEventListener("click", () => {
    if (!reason.value.trim()) { status.textContent = "reason: say why"; return; }
    const timed = action.value === "TIMED_RESTRICTION";
    if (timed && !expires.value) { status.textContent = "expires: a timed restriction needs an end"; return; }
    const expiresAt = timed ? new Date(expires.value).toISOString() : null;
    act(`${action.value} ${account}: ${reason.value}?`, TAKE,
      { id: account, action: action.value, reason: reason.value.trim(), expiresAt }, status);
  });
  lift.addEventListener("click", () => {
    if (!reason.value.trim()) { status.textContent = "reason: say why"; return; }
    act(`Lift the restrictions on ${account}?`, LIFT, { id: account, reason: reason.value.trim() }, status);
  });
  record.addEventListener("click", () => {
    if (!appeal.value.trim()) { status.textContent = "appeal: enter what the user said"; return; }
    act(`Record this appeal for ${account}?`, APPEAL, { id: account, text: appeal.value.trim() }, status);
  });
  const trail = el("tbody", {});
  const table = el("table", { "aria-label": "Audit trail" },
    el("thead", {}, el("tr", {}, ...["When", "Who", "What", "Reason", "Before", "After"]
      .map((h) => el("th", { scope: "col" }, h)))), trail);
  refreshAudit = async () => {
    const records = (await gql(AUDIT, { id: account })).auditLog;
    trail.replaceChildren(...records.map((r) => el("tr", {}, el("td", {}, r.at), el("td", {}, r.who),
      el("td", {}, r.what), el("td", {}, r.reason), el("td", {}, r.before || ""),
      el("td", {}, r.after || ""))));
  };
  setTimeout(() => refreshAudit().catch((e) => { status.textContent = `Audit: ${e.message}`; }));
  return el("section", { "aria-label": "Actions" }, el("h2", {}, "Actions"),
    el("div", { class: "filters" },
      field("action", "Action", action),
      field("action-reason", "Reason", reason),
      field("action-expires", "Expires (timed restriction)", expires),
      take, lift),
    el("div", { class: "filters" }, field("appeal", "Appeal", appeal), record),
    status, el("h3", {}, "Audit trail"), table);
}

function groups(found) {
  const links = [];
  if (found.duplicateCluster) {
    const id = found.duplicateCluster.id;
    links.push(el("a", { href: `/console/clusters/${encodeURIComponent(id)}` }, `cluster ${id}`));
  }
  for (const ring of found.rings) {
    links.push(el("a", { href: `/console/rings/${encodeURIComponent(ring.id)}` }, `ring ${ring.id}`));
  }
  return links.length ? el("p", {}, "In ", ...links.flatMap((l, i) => (i ? [", ", l] : [l]))) : null;
}

// -- the graph explorer (Cytoscape.js) ---------------------------------------

const NEIGHBOURHOOD = `query($id: ID!, $depth: Int!, $crowded: Boolean!) {
  neighborhood(accountId: $id, depth: $depth, limit: 200, includeCrowded: $crowded) {
    nodes { id kind ref label risk holders } edges { source target relation } truncated } }`;
const CONNECTION = `query($from: ID!, $to: ID!, $crowded: Boolean!) {
  connection(from: $from, to: $to, maxDepth: 3, includeCrowded: $crowded) {
  nodes { id kind ref label risk holders } edges { source target relation } } }`;
const SHAPES = { Account: "ellipse", Device: "rectangle", IP: "diamond", PaymentMethod:
  "round-rectangle", Email: "triangle", Phone: "triangle", Portrait: "star", Contract: "hexagon" };

function elementsOf(view) {
  const nodes = view.nodes.map((n) => ({ group: "nodes", data: { ...n, id: n.id,
    shape: SHAPES[n.kind] || "ellipse", scored: n.risk === null ? 0 : 1, risk: n.risk || 0 } }));
  const edges = view.edges.map((e) => ({ group: "edges", data: {
    id: `${e.source}|${e.relation}|${e.target}`, source: e.source, target: e.target,
    relation: e.relation } }));
  return [...nodes, ...edges];
}

function graphStyle() {
  return [
    { selector: "node", style: { shape: "data(shape)", label: "data(label)", "font-size": 9,
      width: 18, height: 18, "background-color": "#8a94a6", "text-valign": "bottom" } },
    { selector: "node[scored = 1]", style: {
      "background-color": "mapData(risk, 0, 1, #2e7d32, #c62828)" } },
    { selector: "node.root", style: { width: 28, height: 28, "border-width": 3,
      "border-color": "#1d2330" } },
    { selector: "node.group", style: { "border-width": 3, "border-color": "#7b1fa2" } },
    { selector: "node.path", style: { "border-width": 3, "border-color": "#2f6fed" } },
    { selector: "edge", style: { width: 1, "line-color": "#b8bfcc", "curve-style": "haystack" } },
    { selector: "edge.path", style: { width: 3, "line-color": "#2f6fed" } },
    { selector: ".hidden", style: { display: "none" } },
  ];
}

function explorer(found) {
  const box = el("div", { class: "graph", id: "graph", role: "img",
    "aria-label": `Graph around ${found.id}` });
  const depth = el("select", { id: "depth" }, ...[1, 2, 3].map((d) => el("option",
    d === 1 ? { value: d, selected: "" } : { value: d }, String(d))));
  const crowded = el("input", { id: "crowded", type: "checkbox" });
  const kinds = el("fieldset", { class: "kinds" }, el("legend", {}, "Edges"));
  const target = el("input", { id: "path-to", type: "text", placeholder: "account id" });
  const connect = el("button", { type: "button" }, "Show path");
  // the canvas takes clicks only: keyboard users pick an account here instead
  const pick = el("select", { id: "expand-which" });
  const grow = el("button", { type: "button" }, "Expand");
  const state = el("p", { class: "status", "aria-live": "polite" }, "Loading the graph…");
  const controls = el("div", { class: "filters" },
    el("label", { for: "depth" }, "Depth", depth),
    el("label", { for: "crowded" }, crowded, "Show crowded things"),
    kinds,
    el("label", { for: "path-to" }, "Path to", target), connect,
    el("label", { for: "expand-which" }, "Account to expand", pick), grow);
  const grouped = new Set([...(found.duplicateCluster ? found.duplicateCluster.members : []),
    ...found.rings.flatMap((r) => r.members)].map((m) => `Account:${m}`));
  let cy = null;

  function filter() {
    const hidden = new Set([...kinds.querySelectorAll("input:not(:checked)")].map((i) => i.value));
    cy.batch(() => {
      cy.edges().forEach((e) => e.toggleClass("hidden", hidden.has(e.data("relation"))));
    });
  }

  function relations() {
    const known = new Set([...kinds.querySelectorAll("input")].map((i) => i.value));
    for (const relation of new Set(cy.edges().map((e) => e.data("relation")))) {
      if (known.has(relation)) continue;
      const box = el("input", { type: "checkbox", value: relation, checked: "" });
      box.addEventListener("change", filter);
      kinds.append(el("label", {}, box, relation));
    }
  }

  function accounts() {
    const chosen = pick.value;
    pick.replaceChildren(...cy.nodes('[kind = "Account"]').map((n) =>
      el("option", n.data("ref") === chosen ? { value: n.data("ref"), selected: "" }
        : { value: n.data("ref") }, n.data("label") && n.data("label") !== n.data("ref")
        ? `${n.data("label")} · ${n.data("ref")}` : n.data("ref"))));
  }

  function relayout() {
    accounts();
    relations();
    filter();
    cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: 6000 }).run();
  }

  async function load() {
    state.textContent = "Loading the graph…";
    const view = (await gql(NEIGHBOURHOOD,
      { id: found.id, depth: Number(depth.value), crowded: crowded.checked })).neighborhood;
    if (cy) cy.destroy();
    cy = cytoscape({ container: box, elements: elementsOf(view), style: graphStyle(),
      wheelSensitivity: 0.3 });
    window.trustmeshGraph = cy; // for the browser tests and the curious
    cy.$id(`Account:${found.id}`).addClass("root");
    cy.nodes().forEach((n) => { if (grouped.has(n.id())) n.addClass("group"); });
    cy.on("tap", "node", (event) => expand(event.target));
    relayout();
    state.textContent = `${view.nodes.length} nodes, ${view.edges.length} edges` +
      (view.truncated ? " (cut at 200 nodes)" : "") + ". Click an account to expand it.";
  }

  async function expand(node) {
    if (node.data("kind") !== "Account") return;
    state.textContent = `Expanding ${node.data("ref")}…`;
    const view = (await gql(NEIGHBOURHOOD,
      { id: node.data("ref"), depth: 1, crowded: crowded.checked })).neighborhood;
    const fresh = elementsOf(view).filter((e) => cy.getElementById(e.data.id).empty());
    cy.add(fresh);
    relayout();
    state.textContent = `Added ${fresh.length} elements around ${node.data("ref")}.`;
  }

  async function path() {
    const to = target.value.trim();
    if (!to) return;
    state.textContent = `Looking for a path to ${to}…`;
    const view = (await gql(CONNECTION, { from: found.id, to, crowded: crowded.checked }))
      .connection;
    if (!view || !view.nodes.length) {
      state.textContent = `No path to ${to} within 3 steps.`;
      return;
    }
    const fresh = elementsOf(view).filter((e) => cy.getElementById(e.data.id).empty());
    cy.add(fresh);
    cy.elements().removeClass("path");
    for (const e of elementsOf(view)) cy.getElementById(e.data.id).addClass("path");
    relayout();
    state.textContent = `Path to ${to}: ${view.nodes.length} nodes.`;
  }

  depth.addEventListener("change", () => load().catch(failed));
  // the server leaves crowded things out unless asked: ask again
  crowded.addEventListener("change", () => load().catch(failed));
  connect.addEventListener("click", () => path().catch((e) => { state.textContent = e.message; }));
  grow.addEventListener("click", () => {
    const node = cy && cy.nodes('[kind = "Account"]').filter((n) => n.data("ref") === pick.value);
    if (node && node.length) expand(node[0]).catch((e) => { state.textContent = e.message; });
  });
  setTimeout(() => load().catch((e) => { state.textContent = `Could not load: ${e.message}`; }));
  return el("section", { "aria-label": "Graph explorer" }, el("h2", {}, "Graph"), controls,
    state, box);
}

// -- cluster and ring pages, with bulk action --------------------------------

const CLUSTER = `query($id: ID!) { duplicateCluster(id: $id) { id confidence members
  links { a b confidence evidence { kind value sharedBy weight } } } }`;
const RING = `query($id: ID!) { feedbackRing(id: $id) { id confidence size members } }`;

function memberLink(id) {
  return el("a", { href: `/console/accounts/${encodeURIComponent(id)}` }, id);
}

async function group(kind, id) {
  const title = kind === "cluster" ? `Duplicate cluster ${id}` : `Feedback ring ${id}`;
  show(el("h1", {}, title), el("p", { class: "status" }, "Loading…"));
  const data = kind === "cluster" ? (await gql(CLUSTER, { id })).duplicateCluster
    : (await gql(RING, { id })).feedbackRing;
  if (!data) {
    show(el("h1", {}, title), el("p", { class: "error", role: "alert" }, "No such group."));
    return;
  }
  const confidence = data.confidence === null ? "" : ` · confidence ${data.confidence.toFixed(2)}`;
  const sections = [el("h1", {}, title),
    el("p", {}, `${data.members.length} members${confidence}`), bulk(data.members),
    caseSection(kind === "cluster" ? "CLUSTER" : "RING", id, null)];
  if (kind === "cluster") {
    sections.push(el("h2", {}, "Links"), el("table", { "aria-label": "Links" },
      el("thead", {}, el("tr", {}, ...["Accounts", "Confidence", "Evidence"].map((h) =>
        el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...data.links.map((l) => el("tr", {},
        el("td", {}, memberLink(l.a), " – ", memberLink(l.b)),
        el("td", {}, l.confidence.toFixed(3)),
        el("td", { class: "evidence" }, l.evidence.map((e) =>
          `${e.kind} ${e.value} (held by ${e.sharedBy}, weight ${e.weight.toFixed(1)})`)
          .join("; ")))))));
  }
  show(...sections);
}

function bulk(members) {
  const boxes = members.map((m) => el("input", { type: "checkbox", value: m, checked: "",
    id: `member-${m}`, "aria-label": `Select ${m}` }));
  const action = el("select", { id: "bulk-action" },
    ...LADDER.filter((a) => a !== "TIMED_RESTRICTION").map((a) => el("option", { value: a }, a)));
  const reason = el("input", { id: "bulk-reason", type: "text" });
  const apply = el("button", { type: "button" }, "Apply to selected");
  const status = el("p", { class: "status", role: "status" });
  apply.addEventListener("click", async () => {
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    if (!chosen.length) { status.textContent = "members: select at least one"; return; }
    if (!reason.value.trim()) { status.textContent = "reason: say why"; return; }
    if (!window.confirm(`${action.value} ${chosen.length} accounts: ${reason.value}?`)) return;
    // one request, one takeAction per account: each is audited on its own
    const fields = chosen.map((_, i) => `a${i}: takeAction(accountId: $id${i}, ` +
      `action: $action, reason: $reason) { id }`).join("\n");
    const params = chosen.map((_, i) => `$id${i}: ID!`).join(", ");
    const variables = { action: action.value, reason: reason.value.trim() };
    chosen.forEach((m, i) => { variables[`id${i}`] = m; });
    status.textContent = "Saving…";
    try {
      await gql(`mutation(${params}, $action: String!, $reason: String!) {\n${fields}\n}`,
        variables);
      status.textContent = `${action.value} recorded for ${chosen.length} accounts.`;
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
    }
  });
  const list = el("ul", { class: "members" }, ...members.map((m, i) => el("li", {}, boxes[i],
    " ", memberLink(m))));
  return el("section", { "aria-label": "Members" }, el("h2", {}, "Members"), list,
    el("div", { class: "filters" }, field("bulk-action", "Action for the selected", action),
      field("bulk-reason", "Reason for all", reason), apply), status);
}

function route() {
  const path = window.location.pathname;
  const params = new URLSearchParams(window.location.search);
  const match = path.match(/^\/console\/(accounts|clusters|rings|cases|lists)\/(.+)$/);
  const id = match ? decodeURIComponent(match[2]) : null;
  const view = path === "/console/cases" ? caseList()
    : path === "/console/lists" ? valueLists()
    : path === "/console/webhooks" ? webhooks()
    : !match ? queue(params)
    : match[1] === "accounts" ? account(id)
    : match[1] === "cases" ? caseView(id)
    : match[1] === "lists" ? valueList(id)
    : group(match[1] === "clusters" ? "cluster" : "ring", id);
  view.catch(failed);
}

function navigate(url) {
  window.history.pushState({}, "", url);
  route();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href^='/console/']");
  if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
    event.preventDefault();
    navigate(link.getAttribute("href"));
  }
});
window.addEventListener("popstate", route);

// Search answers in place: an email or a card number typed here never goes
// into an address, a history entry or a server's access log.
const SEARCH = `query($q: String!) { search(query: $q, first: 50) { id name kind band } }`;
document.getElementById("search").addEventListener("submit", async (event) => {
  event.preventDefault();
  const box = document.getElementById("q");
  const typed = box.value.trim();
  if (!typed) return;
  box.value = "";
  show(el("h1", {}, "Search"), el("p", { class: "status" }, "Searching…"));
  try {
    const hits = (await gql(SEARCH, { q: typed })).search;
    show(el("h1", {}, "Search"),
      el("p", { class: "status", role: "status" }, hits.length ? `${hits.length} found` : "Nothing found."),
      el("ul", { class: "hits" }, ...hits.map((h) => el("li", {}, memberLink(h.id),
        ` ${h.name || ""} · ${h.kind || ""} · `, el("span", { class: `band-${h.band}` }, h.band || "unscored")))));
  } catch (error) {
    failed(error);
  }
});
route();
