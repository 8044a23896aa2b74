// trustmesh console: every view reads /graphql with the signed-in session.
// The DOM is built from text nodes only, so nothing a marketplace user typed
// (a name, a message) can become markup.
"use strict";

const CSRF = document.querySelector('meta[name="csrf"]').content;
const BANDS = ["HIGH_RISK", "CAUTION", "STANDARD", "TRUSTED"];

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

function show(...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes);
}

function failed(error) {
  show(el("p", { class: "error", role: "alert" }, `Could not load: ${error.message}`));
}

const QUEUE = `query($band: String!, $after: String) {
  riskiestAccounts(band: $band, first: 25, after: $after) {
    nodes { id name kind score band recommendedAction } endCursor hasNextPage } }`;

async function queue(params) {
  const band = BANDS.includes(params.get("band")) ? params.get("band") : "HIGH_RISK";
  const after = params.get("after");
  const picker = el("select", { id: "band", name: "band" },
    ...BANDS.map((b) => el("option", b === band ? { value: b, selected: "" } : { value: b }, b)));
  picker.addEventListener("change", () => navigate(`/console/?band=${picker.value}`));
  const filters = el("div", { class: "filters" }, el("label", { for: "band" }, "Band", picker));
  show(el("h1", {}, "Queue"), filters, el("p", { class: "status" }, "Loading accounts…"));
  const page = (await gql(QUEUE, { band, after })).riskiestAccounts;
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
    next.addEventListener("click", () =>
      navigate(`/console/?band=${band}&after=${encodeURIComponent(page.endCursor)}`));
    pager.append(next);
  }
  const count = el("p", { class: "status" },
    page.nodes.length ? `${page.nodes.length} accounts on this page` : "No accounts in this band.");
  show(el("h1", {}, "Queue"), filters, count, table, pager);
}

const ACCOUNT = `query($id: ID!) { account(id: $id) {
  id name kind country status recommendedAction
  trustScore { score band reasons { code severity explanation evidence } } } }`;

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
    el("div", { class: "evidence" }, r.evidence.join(", "))));
  show(
    el("h1", {}, `${found.name || found.id}`),
    el("p", {}, `${found.kind || ""} · ${found.country || ""} · ${found.status}`),
    trust
      ? el("p", {}, "Score ", el("strong", {}, trust.score.toFixed(1)), " · ",
        el("span", { class: `band-${trust.band}` }, trust.band),
        ` · recommended ${found.recommendedAction}`)
      : el("p", { class: "status" }, "Not scored yet."),
    el("h2", {}, "Reasons"),
    reasons.length ? el("ul", { class: "reasons" }, ...reasons) : el("p", {}, "None."),
  );
}

function route() {
  const path = window.location.pathname;
  const params = new URLSearchParams(window.location.search);
  const match = path.match(/^\/console\/accounts\/(.+)$/);
  const view = match ? account(decodeURIComponent(match[1])) : queue(params);
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
route();
