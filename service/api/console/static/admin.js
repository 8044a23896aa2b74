// trustmesh console: allow and deny lists, and webhooks (admin keys only; the
// API refuses anyone else). Loaded before console.js, whose helpers (gql,
// el, field, show, choice, VOCABULARY) these views call once the page is up.
"use strict";

const VALUE_LISTS = `{ valueLists { name kind effect action suppress description createdAt
  createdBy entries } valueListAudit(limit: 50) { at who what reason before after detail } }`;
const LIST_ENTRIES = `query($name: String!) {
  valueListEntries(name: $name, limit: 200) { value addedBy reason addedAt expiresAt } }`;
const CREATE_LIST = `mutation($name: String!, $kind: String!, $effect: String!, $action: String,
  $suppress: [String!], $description: String!) { createValueList(name: $name, kind: $kind,
  effect: $effect, action: $action, suppress: $suppress, description: $description) { name } }`;
const ADD_VALUES = `mutation($name: String!, $values: [String!]!, $reason: String!,
  $expires: DateTime) { addListValues(name: $name, values: $values, reason: $reason,
  expiresAt: $expires) { added errors rescored } }`;
const REMOVE_VALUES = `mutation($name: String!, $values: [String!]!, $reason: String!) {
  removeListValues(name: $name, values: $values, reason: $reason) }`;
const WEBHOOKS = `{ webhooks { id url events parallel description createdBy createdAt }
  failedDeliveries(limit: 100) { subscription eventId type account status attempts
    nextAttemptAt error createdAt }
  webhookAudit(limit: 50) { at who what reason before after detail } }`;
const ADD_WEBHOOK = `mutation($url: String!, $events: [String!]!, $parallel: Int!,
  $description: String!) { addWebhook(url: $url, events: $events, parallel: $parallel,
  description: $description) { webhook { id } secret } }`;
const REMOVE_WEBHOOK = `mutation($id: ID!) { removeWebhook(id: $id) }`;
const TEST_WEBHOOK = `mutation($id: ID!) { testWebhook(id: $id) }`;
const REPLAY = `mutation($id: ID) { replayDeliveries(subscription: $id) }`;

function table(label, headings, rows) {
  if (!rows.length) return el("p", { class: "status" }, "None.");
  return el("table", { "aria-label": label },
    el("thead", {}, el("tr", {}, ...headings.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c) => el("td", {}, c))))));
}

function trail(label, entries) {
  return table(label, ["When", "Who", "What", "Reason", "Detail"], entries.map((e) =>
    [e.at, e.who, e.what, e.reason || "", e.detail || e.after || e.before || ""]));
}

// One value a line; blank lines dropped, the rest sent as typed.
function lines(box) {
  return box.value.split("\n").map((v) => v.trim()).filter((v) => v);
}

function input(id, attrs) {
  return el("input", { id, type: "text", ...attrs });
}

// What the last change did, under a view drawn again after it.
function said(note) {
  const status = el("div", { role: "status" });
  if (note) {
    status.append(el("p", { class: "status" }, note.text));
    if (note.secret) {  // the API returns a subscription's secret this once
      status.append(el("p", {}, "Signing secret, shown only now: ",
        el("code", { class: "evidence", id: "new-secret" }, note.secret)));
    }
    if (note.errors && note.errors.length) {
      status.append(el("ul", { class: "error" }, ...note.errors.map((e) => el("li", {}, e))));
    }
  }
  return status;
}

// /console/lists: every list, a form for a new one, the lists' trail
async function valueLists() {
  show(el("h1", {}, "Lists"), el("p", { class: "status" }, "Loading lists…"));
  const found = await gql(VALUE_LISTS, {});
  const name = input("list-name", { maxlength: 64 });
  const required = (id, text, options) => choice(id, text, options, null, "choose…");
  const [kindField, kindBox] = required("list-kind", "Kind", VOCABULARY.listKinds);
  const [effectField, effectBox] = required("list-effect", "Effect", ["deny", "allow"]);
  const [actionField, actionBox] = required("list-action", "Deny: least action",
    VOCABULARY.actions);
  const suppress = input("list-suppress", { placeholder: "allow: codes, comma-separated" });
  const description = input("list-description", { maxlength: 200 });
  const status = said(null);
  const create = el("button", { type: "button" }, "Create list");
  create.addEventListener("click", async () => {
    status.textContent = "Creating…";
    const codes = suppress.value.split(",").map((c) => c.trim()).filter((c) => c);
    try {
      const made = (await gql(CREATE_LIST, { name: name.value.trim(), kind: kindBox.value,
        effect: effectBox.value, action: actionBox.value || null,
        suppress: codes.length ? codes : null, description: description.value })).createValueList;
      navigate(`/console/lists/${encodeURIComponent(made.name)}`);
    } catch (error) {
      status.replaceChildren(el("p", { class: "error" }, `Not created: ${error.message}`));
    }
  });
  const rows = found.valueLists.map((l) => [
    el("a", { href: `/console/lists/${encodeURIComponent(l.name)}` }, l.name), l.kind, l.effect,
    l.effect === "deny" ? `at least ${l.action || "NONE"}` : `drops ${l.suppress.join(", ")}`,
    String(l.entries), l.description || "", l.createdBy]);
  show(el("h1", {}, "Lists"),
    table("Lists", ["List", "Kind", "Effect", "Does", "Entries", "Description", "By"], rows),
    el("h2", {}, "New list"),
    el("div", { class: "filters" }, field("list-name", "Name", name), kindField, effectField,
      actionField, field("list-suppress", "Allow: codes dropped", suppress),
      field("list-description", "Description", description), create), status,
    el("h2", {}, "Trail"), trail("Lists trail", found.valueListAudit));
}

// /console/lists/{name}: its entries, and forms to add and remove values
async function valueList(name, note) {
  show(el("h1", {}, name), el("p", { class: "status" }, "Loading entries…"));
  const entries = (await gql(LIST_ENTRIES, { name })).valueListEntries;
  const values = el("textarea", { id: "list-values", rows: 5, cols: 48 });
  const reason = input("list-reason", { maxlength: 200 });
  const expires = el("input", { id: "list-expires", type: "date" });
  const status = said(note);
  const say = (text) => status.replaceChildren(el("p", { class: "error" }, text));
  const change = async (remove) => {
    if (!lines(values).length) return say("values: one a line, at least one");
    if (!reason.value.trim()) return say("reason: say why");
    const variables = { name, values: lines(values), reason: reason.value.trim() };
    try {
      if (remove) {
        const gone = (await gql(REMOVE_VALUES, variables)).removeListValues;
        return await valueList(name, { text: `Removed ${gone}.` });
      }
      const when = expires.value ? `${expires.value}T23:59:59Z` : null;
      const done = (await gql(ADD_VALUES, { ...variables, expires: when })).addListValues;
      // the valid values are kept; each refusal is named by its line
      return await valueList(name, { text: `Added ${done.added}; rescored ${done.rescored} ` +
        "account(s) now.", errors: done.errors });
    } catch (error) {
      return say(`Not saved: ${error.message}`);
    }
  };
  const add = el("button", { type: "button" }, "Add values");
  add.addEventListener("click", () => change(false));
  const remove = el("button", { type: "button" }, "Remove values");
  remove.addEventListener("click", () => change(true));
  show(el("h1", {}, name), el("p", {}, el("a", { href: "/console/lists" }, "All lists")),
    el("p", { class: "status" }, "Emails, phones and cards show as the keyed hashes stored; " +
      "type the raw value to add or remove it."),
    table("Entries", ["Value", "Added by", "Reason", "Added", "Expires"], entries.map((e) =>
      [el("span", { class: "evidence" }, e.value), e.addedBy, e.reason, e.addedAt || "",
        e.expiresAt || "never"])),
    el("h2", {}, "Change"),
    el("div", { class: "filters" }, field("list-values", "Values, one a line", values),
      field("list-reason", "Reason", reason), field("list-expires", "Expires (optional)", expires),
      add, remove), status);
}

// /console/webhooks: subscriptions, failed deliveries, the trail
async function webhooks(note) {
  show(el("h1", {}, "Webhooks"), el("p", { class: "status" }, "Loading webhooks…"));
  const found = await gql(WEBHOOKS, {});
  const status = said(note);
  const act = async (question, mutation, variables, done) => {
    if (question && !window.confirm(question)) return;
    try {
      await webhooks({ text: done(await gql(mutation, variables)) });
    } catch (error) {
      status.replaceChildren(el("p", { class: "error" }, `Not done: ${error.message}`));
    }
  };
  const rows = found.webhooks.map((w) => {
    const test = el("button", { type: "button" }, "Send test");
    test.addEventListener("click", () => act(null, TEST_WEBHOOK, { id: w.id },
      (a) => `Test event ${a.testWebhook} queued for ${w.id}.`));
    const remove = el("button", { type: "button" }, "Remove");
    remove.addEventListener("click", () => act(`Delete subscription ${w.id} (${w.url})?`,
      REMOVE_WEBHOOK, { id: w.id }, () => `Removed ${w.id}.`));
    return [w.id, w.url, w.events.join(", "),
      w.parallel > 1 ? `${w.parallel} in flight, per account` : "strict", w.description || "",
      w.createdBy, el("span", {}, test, " ", remove)];
  });
  const replay = el("button", { type: "button" }, "Replay dead deliveries");
  replay.addEventListener("click", () => act("Queue every dead delivery again?", REPLAY,
    { id: null }, (a) => `${a.replayDeliveries} queued again.`));
  const failures = found.failedDeliveries.map((f) => [f.subscription, f.eventId, f.type,
    f.account || "", f.status, String(f.attempts), f.nextAttemptAt || "", f.error || ""]);
  show(el("h1", {}, "Webhooks"),
    table("Subscriptions", ["Id", "URL", "Events", "Order", "Description", "By", ""], rows),
    el("h2", {}, "Failed deliveries"),
    table("Failed deliveries", ["Subscription", "Event", "Type", "Account", "Status", "Tries",
      "Next try", "Last error"], failures),
    el("div", { class: "filters" }, replay), status,
    el("h2", {}, "New subscription"), subscribe(status),
    el("h2", {}, "Trail"), trail("Webhooks trail", found.webhookAudit));
}

// The form for a new subscription; the view is drawn again with its secret.
function subscribe(status) {
  const url = input("hook-url", { maxlength: 2048, placeholder: "https://…" });
  const events = el("fieldset", { class: "kinds" }, el("legend", {}, "Events"),
    ...VOCABULARY.webhookEvents.map((e) => el("label", {},
      el("input", { type: "checkbox", value: e, name: "hook-events" }), e)));
  const parallel = el("input", { id: "hook-parallel", type: "number", min: 1, max: 32,
    value: 1 });
  const description = input("hook-description", { maxlength: 200 });
  const add = el("button", { type: "button" }, "Subscribe");
  add.addEventListener("click", async () => {
    const chosen = [...events.querySelectorAll("input:checked")].map((box) => box.value);
    const inFlight = Number(parallel.value);
    if (!Number.isInteger(inFlight)) {  // the server checks the range
      status.replaceChildren(el("p", { class: "error" }, "parallel: a whole number"));
      return;
    }
    try {
      const made = (await gql(ADD_WEBHOOK, { url: url.value.trim(), events: chosen,
        parallel: inFlight, description: description.value })).addWebhook;
      await webhooks({ text: `Subscribed ${made.webhook.id}.`, secret: made.secret });
    } catch (error) {
      status.replaceChildren(el("p", { class: "error" }, `Not subscribed: ${error.message}`));
    }
  });
  return el("div", { class: "filters" }, field("hook-url", "URL", url), events,
    field("hook-parallel", "Calls in flight (1: strict order)", parallel),
    field("hook-description", "Description", description), add);
}
