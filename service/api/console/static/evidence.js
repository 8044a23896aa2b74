// trustmesh console: evidence an investigator can check by eye. Loaded before
// console.js, whose helpers (el, memberLink) these call once the page is up.
"use strict";

const EVIDENCE_FIELDS = `items { kind id }`;
const ACCOUNT_SECTIONS = `devices ips paymentFingerprints
  portraits { phash thumbnail notAPhoto lastSeen }
  contactAttempts { id kind at categories excerpt }
  recentLogins(first: 200) { at country device ip }
  contracts(first: 50) { id role counterpart amount startedAt ratingGiven ratingReceived }
  flags(first: 50) { id reason at reporter details }
  portfolio(first: 50) { id at title }
  timeLogs(first: 100) { id contract start end hours manual contractStart contractEnd }
  sentMessages(first: 200) { id to at length categories }
  scoreHistory(first: 20) { at trigger score band recommendedAction added removed }`;

// where on the account page each kind of evidence is shown
const ANCHORS = { CONTRACT: "contract", FLAG: "flag", MESSAGE: "contact", JOB_POST: "contact",
  PORTRAIT: "portrait", DEVICE: "device", IP: "ip", PAYMENT: "payment", COUNTRY: "logins",
  PORTFOLIO: "portfolio", TIME_LOG: "timelog" };

function anchorId(kind, id) {
  return kind === "COUNTRY" ? "logins" : `${ANCHORS[kind]}-${id}`;
}

// An in-page link that scrolls and moves focus, without touching the
// address (a hash change would re-route and redraw the page). The first of
// ``targets`` on the page is the one: a message that broke a rule is shown
// with its excerpt, any other among the messages sent.
function jump(text, ...targets) {
  const link = el("a", { href: `#${encodeURIComponent(targets[0])}`, class: "jump" }, text);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const to = targets.map((t) => document.getElementById(t)).find(Boolean);
    if (!to) return;
    to.scrollIntoView({ block: "center" });
    to.focus({ preventScroll: true });
  });
  return link;
}

function evidenceLink(item) {
  const label = `${item.kind.toLowerCase().replace("_", " ")} ${item.id}`;
  if (item.kind === "ACCOUNT") return memberLink(item.id);
  if (item.kind === "MESSAGE") return jump(label, anchorId(item.kind, item.id), `sent-${item.id}`);
  if (item.kind in ANCHORS) return jump(label, anchorId(item.kind, item.id));
  return el("span", {}, label);
}

function section(label, id, ...body) {
  return el("section", { "aria-label": label, id, tabindex: "-1" }, el("h2", {}, label), ...body);
}

function target(kind, id, ...children) {
  return el("li", { id: anchorId(kind, id), tabindex: "-1" }, ...children);
}

function portraits(found) {
  if (!found.portraits.length) return null;
  return section("Portraits", "portraits", el("ul", { class: "portraits" },
    ...found.portraits.map((p) => target("PORTRAIT", p.phash,
      p.thumbnail ? el("img", { src: p.thumbnail, alt: `Portrait ${p.phash}`, width: 64 })
        : el("span", { class: "status" }, "(no preview kept)"),
      el("div", { class: "evidence" }, p.phash),
      el("div", { class: "status" }, p.notAPhoto === null ? "" :
        `graphic ${(p.notAPhoto * 100).toFixed(0)}%`)))));
}

function contactAttempts(found) {
  if (!found.contactAttempts.length) return null;
  return section("Messages and posts that broke a rule", "contacts", el("ul", { class: "excerpts" },
    ...found.contactAttempts.map((c) => target(c.kind, c.id,
      el("div", { class: "status" }, `${c.kind.toLowerCase().replace("_", " ")} ${c.id} · ` +
        `${c.at || ""} · ${c.categories.join(", ")}`),
      c.excerpt ? el("blockquote", {}, c.excerpt)
        : el("p", { class: "status" }, "Excerpt no longer kept.")))));
}

// Newest first; a change of country is marked with the hours since the
// login before it, which is what makes a journey impossible.
function loginTimeline(found) {
  const logins = found.recentLogins;
  if (!logins.length) return null;
  const rows = logins.map((login, i) => {
    const before = logins[i + 1];
    const moved = before && before.country !== login.country;
    const hours = before ? (Date.parse(login.at) - Date.parse(before.at)) / 3.6e6 : null;
    return el("tr", moved ? { class: "switch" } : {},
      el("td", {}, login.at), el("td", {}, login.device),
      el("td", {}, login.country || "?"), el("td", {}, login.ip),
      el("td", {}, moved ? `from ${before.country || "?"} in ${hours.toFixed(1)} h` : ""));
  });
  return section("Logins", "logins",
    el("p", { class: "status" }, `${logins.length} recent logins; rows where the country changes are marked.`),
    el("table", { "aria-label": "Login timeline" },
      el("thead", {}, el("tr", {}, ...["When", "Device", "Country", "IP", "Change"]
        .map((h) => el("th", { scope: "col" }, h)))), el("tbody", {}, ...rows)));
}

function identifiers(found) {
  const list = (kind, values) => el("ul", { class: "chips" },
    ...values.map((v) => target(kind, v, el("span", { class: "evidence" }, v))));
  return section("Identifiers", "identifiers",
    el("h3", {}, "Devices"), list("DEVICE", found.devices),
    el("h3", {}, "IP addresses"), list("IP", found.ips),
    el("h3", {}, "Payment fingerprints (keyed hashes)"), list("PAYMENT", found.paymentFingerprints));
}

function contracts(found) {
  if (!found.contracts.length) return null;
  return section("Contracts", "contracts", el("table", { "aria-label": "Contracts" },
    el("thead", {}, el("tr", {}, ...["Contract", "Role", "With", "Amount", "Started",
      "Rating given", "Rating received"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...found.contracts.map((k) => el("tr", { id: anchorId("CONTRACT", k.id),
      tabindex: "-1" }, el("td", {}, k.id), el("td", {}, k.role), el("td", {}, memberLink(k.counterpart)),
    el("td", {}, k.amount === null ? "" : String(k.amount)), el("td", {}, k.startedAt || ""),
    el("td", {}, k.ratingGiven === null ? "" : String(k.ratingGiven)),
    el("td", {}, k.ratingReceived === null ? "" : String(k.ratingReceived)))))));
}

function flagList(found) {
  if (!found.flags.length) return null;
  return section("Flags", "flags", el("ul", {}, ...found.flags.map((f) => target("FLAG", f.id,
    `${f.reason} · ${f.at || ""} · reported by `, memberLink(f.reporter),
    f.details ? ` — ${f.details}` : ""))));
}

// Pictures are hashed and never kept: an item is its id, title and upload time.
function portfolioItems(found) {
  if (!found.portfolio.length) return null;
  return section("Portfolio", "portfolio", el("ul", {}, ...found.portfolio.map((p) =>
    target("PORTFOLIO", p.id, `${p.id} · ${p.title || "untitled"} · ${p.at || ""}`))));
}

// Entries outside the contract's dates are marked, as PADDED_HOURS reads them.
function timeLogs(found) {
  if (!found.timeLogs.length) return null;
  return section("Time logs", "timelogs", el("table", { "aria-label": "Time logs" },
    el("thead", {}, el("tr", {}, ...["Log", "Contract", "Start", "End", "Hours", "Entered",
      "Contract dates"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...found.timeLogs.map((t) => {
      const outside = (t.contractStart && t.start < t.contractStart) ||
        (t.contractEnd && t.end > t.contractEnd);
      return el("tr", { id: anchorId("TIME_LOG", t.id), tabindex: "-1",
        ...(outside ? { class: "switch" } : {}) },
      el("td", {}, t.id), el("td", {}, t.contract), el("td", {}, t.start || ""),
      el("td", {}, t.end || ""), el("td", {}, String(t.hours)),
      el("td", {}, t.manual ? "by hand" : "tracker"),
      el("td", {}, `${t.contractStart || "?"} – ${t.contractEnd || "open"}`));
    }))));
}

// Messages sent, newest first: SPAM_MESSAGES names some. No text is kept.
function sentMessages(found) {
  if (!found.sentMessages.length) return null;
  return section("Messages sent", "sent", el("table", { "aria-label": "Messages sent" },
    el("thead", {}, el("tr", {}, ...["Message", "To", "When", "Characters", "Broke"].map((h) =>
      el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...found.sentMessages.map((m) => el("tr", { id: `sent-${m.id}`,
      tabindex: "-1" }, el("td", {}, m.id), el("td", {}, memberLink(m.to)), el("td", {}, m.at || ""),
    el("td", {}, m.length === null ? "" : String(m.length)),
    el("td", {}, m.categories.join(", ")))))));
}

// What each scoring changed, newest first: when a finding came or went.
function scoreHistory(found) {
  if (!found.scoreHistory.length) return null;
  return section("Score history", "history", el("table", { "aria-label": "Score history" },
    el("thead", {}, el("tr", {}, ...["When", "By", "Score", "Band", "Recommended", "Came",
      "Went"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...found.scoreHistory.map((c) => el("tr", {}, el("td", {}, c.at),
      el("td", {}, c.trigger === "RESCORE" ? "nightly run" : "local rescore"),
      el("td", {}, c.score.toFixed(1)), el("td", { class: `band-${c.band}` }, c.band),
      el("td", {}, c.recommendedAction), el("td", {}, c.added.join(", ")),
      el("td", {}, c.removed.join(", ")))))));
}

function evidenceSections(found) {
  return [scoreHistory(found), portraits(found), contactAttempts(found), loginTimeline(found),
    contracts(found), timeLogs(found), sentMessages(found), portfolioItems(found), flagList(found),
    identifiers(found)];
}
