// trustmesh console: cases and notes. Loaded before console.js, whose helpers
// (gql, el, field, show, memberLink) these views call once the page is up.
"use strict";

const CASE_FIELDS = `id subject subjectId title status outcome assignee assigneeName
  openedBy openedAt updatedAt members`;
const CASE = `query($id: ID!) { case(id: $id) { ${CASE_FIELDS}
  notes { id at who text } audit { at who what before after reason } } }`;
const CASE_DESK = `{ mine: cases(mine: true, first: 100) { ${CASE_FIELDS} }
  review: cases(status: IN_REVIEW, first: 100) { ${CASE_FIELDS} }
  open: cases(status: OPEN, first: 100) { ${CASE_FIELDS} } }`;
const CASE_LIST = `query($mine: Boolean!, $status: CaseStatus, $account: ID) {
  cases(mine: $mine, status: $status, accountId: $account, first: 100) { ${CASE_FIELDS} } }`;
const OPEN_CASE = `mutation($subject: CaseSubject!, $id: ID!, $title: String!) {
  openCase(subject: $subject, subjectId: $id, title: $title) { id } }`;
const ASSIGN_CASE = `mutation($id: ID!, $me: Boolean!) { assignCase(id: $id, toMe: $me) { id } }`;
const CASE_STATUS = `mutation($id: ID!, $status: CaseStatus!, $outcome: CaseOutcome,
  $reason: String!) { setCaseStatus(id: $id, status: $status, outcome: $outcome,
  reason: $reason) { id } }`;
const CASE_NOTE = `mutation($id: ID!, $text: String!) { addCaseNote(id: $id, text: $text) { id } }`;
const CASE_STATUSES = ["OPEN", "IN_REVIEW", "CLOSED"];
const OUTCOMES = ["CONFIRMED", "DISMISSED", "INCONCLUSIVE"];
const SUBJECT_PAGES = { ACCOUNT: "accounts", CLUSTER: "clusters", RING: "rings" };

function caseLink(c) {
  return el("a", { href: `/console/cases/${encodeURIComponent(c.id)}` }, c.title || c.id);
}

function subjectLink(c) {
  const page = SUBJECT_PAGES[c.subject];
  return el("a", { href: `/console/${page}/${encodeURIComponent(c.subjectId)}` },
    `${c.subject.toLowerCase()} ${c.subjectId}`);
}

function caseTable(label, found) {
  if (!found.length) return el("p", { class: "status" }, "No cases.");
  return el("table", { "aria-label": label },
    el("thead", {}, el("tr", {}, ...["Case", "About", "Status", "Assignee", "Updated"]
      .map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...found.map((c) => el("tr", {}, el("td", {}, caseLink(c)),
      el("td", {}, subjectLink(c)),
      el("td", {}, c.outcome ? `${c.status} · ${c.outcome}` : c.status),
      el("td", {}, c.assigneeName || c.assignee || "nobody"), el("td", {}, c.updatedAt)))));
}

// /console/cases: mine first, then every case still open
async function caseList() {
  show(el("h1", {}, "Cases"), el("p", { class: "status" }, "Loading cases…"));
  const desk = await gql(CASE_DESK, {});
  show(el("h1", {}, "Cases"),
    el("h2", {}, "My open cases"), caseTable("My open cases", desk.mine),
    el("h2", {}, "Open and in review"),
    caseTable("Open cases", [...desk.review, ...desk.open]));
}

// The "Cases" section of an account, cluster or ring page.
function caseSection(subject, id, account) {
  const status = el("p", { class: "status", role: "status" });
  const title = el("input", { id: "case-title", type: "text", maxlength: 200 });
  const open = el("button", { type: "button" }, "Open a case");
  const list = el("div", {}, el("p", { class: "status" }, "Loading cases…"));
  open.addEventListener("click", async () => {
    if (!window.confirm(`Open a case on ${subject.toLowerCase()} ${id}?`)) return;
    status.textContent = "Opening…";
    try {
      const made = (await gql(OPEN_CASE, { subject, id, title: title.value.trim() })).openCase;
      navigate(`/console/cases/${encodeURIComponent(made.id)}`);
    } catch (error) {
      status.textContent = `Not opened: ${error.message}`;
    }
  });
  if (account) {
    gql(CASE_LIST, { mine: false, status: null, account })
      .then((found) => list.replaceChildren(caseTable("Cases", found.cases)))
      .catch((error) => list.replaceChildren(el("p", { class: "error" }, `Cases: ${error.message}`)));
  } else {
    list.replaceChildren();
  }
  return el("section", { "aria-label": "Cases" }, el("h2", {}, "Cases"), list,
    el("div", { class: "filters" }, field("case-title", "New case title", title), open), status);
}

// /console/cases/{id}
async function caseView(id) {
  show(el("h1", {}, id), el("p", { class: "status" }, "Loading case…"));
  const found = (await gql(CASE, { id })).case;
  if (!found) {
    show(el("h1", {}, id), el("p", { class: "error", role: "alert" }, "No such case."));
    return;
  }
  const status = el("p", { class: "status", role: "status" });
  const save = async (question, mutation, variables) => {
    if (question && !window.confirm(question)) return;
    status.textContent = "Saving…";
    try {
      await gql(mutation, variables);
      await caseView(id);
    } catch (error) {
      status.textContent = `Not saved: ${error.message}`;
    }
  };
  const mine = el("button", { type: "button" }, "Assign to me");
  mine.addEventListener("click", () => save(null, ASSIGN_CASE, { id, me: true }));
  const nobody = el("button", { type: "button" }, "Unassign");
  nobody.addEventListener("click", () => save(null, ASSIGN_CASE, { id, me: false }));
  const [statusField, statusBox] = choice("case-status", "Status", CASE_STATUSES, found.status);
  const [outcomeField, outcomeBox] = choice("case-outcome", "Outcome", OUTCOMES, found.outcome);
  const reason = el("input", { id: "case-reason", type: "text" });
  const update = el("button", { type: "button" }, "Update status");
  update.addEventListener("click", () => {
    const closing = statusBox.value === "CLOSED";
    if (!statusBox.value) { status.textContent = "status: choose one"; return; }
    if (closing && !outcomeBox.value) { status.textContent = "outcome: closing needs one"; return; }
    if (closing && !reason.value.trim()) { status.textContent = "reason: say why"; return; }
    save(`Set ${found.title} to ${statusBox.value}${closing ? ` (${outcomeBox.value})` : ""}?`,
      CASE_STATUS, { id, status: statusBox.value, outcome: closing ? outcomeBox.value : null,
        reason: reason.value.trim() });
  });
  const note = el("textarea", { id: "case-note", rows: 3, cols: 60 });
  const add = el("button", { type: "button" }, "Add note");
  add.addEventListener("click", () => {
    if (!note.value.trim()) { status.textContent = "note: write something first"; return; }
    save(null, CASE_NOTE, { id, text: note.value });
  });
  const notes = found.notes.map((n) => el("li", {}, el("div", { class: "status" },
    `${n.at} · ${n.who}`), el("p", { class: "note" }, n.text)));
  const trail = el("table", { "aria-label": "Case trail" },
    el("thead", {}, el("tr", {}, ...["When", "Who", "What", "Before", "After", "Reason"]
      .map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...found.audit.map((e) => el("tr", {}, el("td", {}, e.at),
      el("td", {}, e.who), el("td", {}, e.what), el("td", {}, e.before || ""),
      el("td", {}, e.after || ""), el("td", {}, e.reason || "")))));
  show(
    el("h1", {}, found.title),
    el("p", {}, "About ", subjectLink(found), ` · opened by ${found.openedBy} at ${found.openedAt}`),
    el("p", { class: "case-state" }, el("strong", {}, found.status),
      found.outcome ? ` · outcome ${found.outcome}` : "",
      ` · assigned to ${found.assigneeName || found.assignee || "nobody"}`),
    el("p", {}, "Accounts: ", ...found.members.flatMap((m, i) => (i ? [", ", memberLink(m)] : [memberLink(m)]))),
    el("div", { class: "filters" }, mine, nobody),
    el("div", { class: "filters" }, statusField, outcomeField, field("case-reason", "Reason", reason), update),
    status,
    el("h2", {}, "Notes"), notes.length ? el("ul", { class: "notes" }, ...notes) : el("p", {}, "None yet."),
    el("div", { class: "filters" }, field("case-note", "Note", note), add),
    el("h2", {}, "Case trail"), trail);
}
