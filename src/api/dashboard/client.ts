// The dashboard's script: a small client of the public JSON API and the task event stream (no framework, no build).
// It is served as text, so it is plain browser JavaScript; it writes data into the page with textContent only.

export const DASHBOARD_JS = String.raw`"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const FINAL = ["completed", "failed", "cancelled"];
  const LIVE_EVENTS = ["status", "plan", "estimate", "route", "subtask.started", "subtask.delta", "subtask.completed", "verdict", "task.completed", "task.failed"];

  /** An element with attributes and children; strings become text nodes (never HTML). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c);
    return el;
  }
  const fill = (el, ...rows) => el.replaceChildren(...rows.flat());
  const usd = (x) => (typeof x === "number" ? "$" + (x === 0 ? "0" : x < 0.01 ? x.toPrecision(2) : x.toFixed(4)) : "—");
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : "");
  const short = (s, n) => (s && s.length > n ? s.slice(0, n - 1) + "…" : s || "");
  const badge = (status) => h("span", { class: "badge s-" + status }, status);
  const show = (el, on) => { el.hidden = !on; };

  /** The API's answer as JSON; a non-2xx answer throws its error message, naming the field at fault. */
  async function api(path, init) {
    const r = await fetch(path, init);
    const body = r.status === 204 ? null : await r.json().catch(() => null);
    if (!r.ok) {
      const e = (body && body.error) || {};
      const param = e.param || (e.details && e.details.param);
      throw new Error((e.message || "HTTP " + r.status) + (param && !String(e.message || "").includes(param) ? " (" + param + ")" : ""));
    }
    return body;
  }
  const post = (path, body) => api(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body || {}) });

  // ---- navigation --------------------------------------------------------------------------------------------
  let leave = () => {};
  async function route() {
    leave();
    leave = () => {};
    const parts = (location.hash || "#/tasks").slice(2).split("/");
    const view = parts[0] === "tasks" && parts[1] ? "task" : parts[0] || "tasks";
    for (const s of document.querySelectorAll("main > section")) show(s, s.id === "view-" + view);
    for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === (view === "task" ? "tasks" : view));
    if (view === "tasks") leave = tasksView();
    else if (view === "task") leave = taskView(decodeURIComponent(parts[1]));
    else if (view === "experts") await expertsView();
    else if (view === "requests") await requestsView(parts[1] && decodeURIComponent(parts[1]));
  }

  // ---- tasks -------------------------------------------------------------------------------------------------
  let olderTasks = null;
  let tasksExpanded = false;
  function taskRow(t) {
    return h("tr", { "data-href": "#/tasks/" + encodeURIComponent(t.id), "data-task-id": t.id },
      h("td", {}, when(t.createdAt)), h("td", {}, badge(t.status)), h("td", {}, short(t.input, 90)), h("td", {}, usd(t.costUsd)));
  }
  async function loadTasks(more) {
    const page = await api(more && olderTasks ? olderTasks : "/v1/tasks?limit=20");
    const body = $("task-list").tBodies[0];
    if (more) body.append(...page.data.map(taskRow));
    else fill(body, page.data.map(taskRow));
    tasksExpanded = Boolean(more);
    olderTasks = page.next;
    show($("task-more"), Boolean(page.next));
  }
  function tasksView() {
    loadTasks(false).catch(report($("task-error")));
    // The list follows new tasks and status changes, unless older pages were loaded below it.
    const timer = setInterval(() => { if (!tasksExpanded) loadTasks(false).catch(() => {}); }, 3000);
    return () => clearInterval(timer);
  }
  $("task-more").addEventListener("click", () => loadTasks(true).catch(report($("task-error"))));
  $("task-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const err = $("task-error");
    show(err, false);
    const body = { input: $("task-input").value };
    const budget = $("task-budget").value.trim();
    if (budget !== "") body.budgetUsd = Number(budget);
    if ($("task-approval").checked) body.requireApproval = true;
    $("task-submit").disabled = true;
    try {
      const t = await post("/v1/tasks", body);
      $("task-input").value = "";
      location.hash = "#/tasks/" + encodeURIComponent(t.id);
    } catch (e) {
      report(err)(e);
    } finally {
      $("task-submit").disabled = false;
    }
  });
  const report = (el) => (e) => { el.textContent = e.message; show(el, true); };

  // ---- one task, live -----------------------------------------------------------------------------------------
  function taskView(id) {
    const live = { runs: {}, text: {}, refetch: 0 };
    fill($("subtasks"));
    fill($("event-log"));
    $("task-result").textContent = "";
    $("task-id").textContent = id;
    show($("task-action-error"), false);
    const render = (t) => {
      fill($("task-status"), t.status);
      $("task-status").className = "badge s-" + t.status;
      $("task-text").textContent = t.input;
      const est = t.estimate && t.estimate.total;
      $("task-money").textContent = "spent " + usd(t.costUsd) + " of a " + usd(t.budgetUsd) + " budget" +
        (est ? "; priced before running at " + usd(est.p50) + " (p50) to " + usd(est.p90) + " (p90)" : "") + (t.error ? "; " + t.error.code + ": " + t.error.message : "");
      show($("task-approve"), t.status === "awaiting_approval");
      show($("task-reject"), t.status === "awaiting_approval");
      show($("task-cancel"), !FINAL.includes(t.status));
      fill($("subtasks"), (t.subtasks || []).map((s) => subtaskBox(s, live)));
      $("task-result").textContent = t.result || "";
    };
    const refetch = () => {
      clearTimeout(live.refetch);
      live.refetch = setTimeout(() => api("/v1/tasks/" + encodeURIComponent(id)).then(render).catch(report($("task-action-error"))), 120);
    };
    const source = new EventSource("/v1/tasks/" + encodeURIComponent(id) + "/events");
    source.onopen = () => { $("live-state").textContent = "live"; };
    source.onerror = () => { $("live-state").textContent = source.readyState === EventSource.CLOSED ? "" : "reconnecting…"; };
    for (const type of LIVE_EVENTS) {
      source.addEventListener(type, (e) => {
        let d = {};
        try { d = JSON.parse(e.data); } catch (_) { /* a comment or a malformed frame: nothing to show */ }
        logEvent(e.lastEventId, type, d);
        if (type === "subtask.started") { live.runs[d.subtaskId] = d.run; live.text[d.subtaskId] = ""; }
        if (type === "subtask.delta" && d.run === live.runs[d.subtaskId]) {
          live.text[d.subtaskId] = (live.text[d.subtaskId] || "") + d.text;
          const out = document.querySelector('[data-output="' + CSS.escape(d.subtaskId) + '"]');
          if (out) out.textContent = live.text[d.subtaskId];
          return;
        }
        if (type === "task.completed" || type === "task.failed") { $("live-state").textContent = ""; source.close(); }
        refetch();
      });
    }
    refetch();
    const act = (path, body) => post("/v1/tasks/" + encodeURIComponent(id) + path, body).then(refetch).catch(report($("task-action-error")));
    $("task-approve").onclick = () => act("/approve", { approved: true });
    $("task-reject").onclick = () => act("/approve", { approved: false });
    $("task-cancel").onclick = () => act("/cancel");
    return () => { source.close(); clearTimeout(live.refetch); };
  }
  function subtaskBox(s, live) {
    const streamed = live.text[s.id];
    const output = s.status === "completed" || streamed === undefined ? s.output || "" : streamed;
    return h("div", { class: "subtask", "data-subtask": s.id },
      h("h4", {}, s.id + " · " + s.domain + " · ", badge(s.status), " ", s.expert ? "by " + s.expert : "", " · ", usd(s.costUsd), s.attempts > 1 ? " · " + s.attempts + " attempts" : ""),
      h("div", { class: "muted" }, s.instruction),
      h("pre", { class: "answer", "data-output": s.id }, output),
      (s.verdicts || []).map((v) => h("div", { class: "verdict" },
        (v.pass ? "✓ " : "✗ ") + "judged by " + v.judge + ": " + (typeof v.score === "number" ? v.score.toFixed(2) : "") + " → " + (v.action || "") + (v.reasons && v.reasons.length ? " — " + short(v.reasons.join("; "), 200) : ""))));
  }
  function logEvent(id, type, d) {
    const what = type === "status" ? d.status : type === "route" ? d.role + (d.subtaskId ? " " + d.subtaskId : "") + " → " + d.expert
      : type === "plan" ? (d.subtasks || []).length + " subtasks" : type === "estimate" ? usd(d.total && d.total.p50) + " – " + usd(d.total && d.total.p90) + " (" + (d.decision || "") + ")"
      : type === "verdict" ? d.subtaskId + " " + (d.pass ? "pass" : "fail") + " → " + d.action : type === "subtask.delta" ? d.subtaskId + " +" + (d.text || "").length + " chars"
      : d.subtaskId ? d.subtaskId : "";
    $("event-log").append(h("li", { value: id, "data-event": type }, type + " " + what));
  }

  // ---- experts and leaderboard ------------------------------------------------------------------------------------
  let boards = [];
  async function expertsView() {
    const [experts, board] = await Promise.all([api("/v1/experts"), api("/v1/leaderboard")]);
    fill($("expert-list").tBodies[0], experts.data.map((e) => h("tr", { "data-expert": e.id },
      h("td", {}, e.id), h("td", {}, e.provider + " · " + e.model), h("td", {}, e.local ? "local" : "cloud"),
      h("td", {}, (e.domains || []).join(", ")), h("td", {}, e.pricing ? e.pricing.inputPerMTok + " / " + e.pricing.outputPerMTok : "—"),
      h("td", {}, (e.calibration && e.calibration.status) || "—", e.blocked && e.blocked.length ? h("span", { class: "error" }, " blocked: " + e.blocked.join(", ")) : ""))));
    boards = board.data;
    const options = (sel, values, chosen) => fill(sel, [...new Set(values)].map((v) => h("option", { value: v, selected: v === chosen }, v)));
    const domain = $("board-domain").value || "general";
    options($("board-domain"), boards.map((b) => b.domain), domain);
    options($("board-dimension"), boards.map((b) => b.dimension), $("board-dimension").value || "correctness");
    renderBoard();
  }
  function renderBoard() {
    const b = boards.find((x) => x.domain === $("board-domain").value && x.dimension === $("board-dimension").value);
    fill($("leaderboard").tBodies[0], (b ? b.entries : []).map((e) => h("tr", { "data-expert": e.expert },
      h("td", {}, e.rank), h("td", {}, e.expert), h("td", {}, e.mean.toFixed(3)), h("td", {}, e.lower.toFixed(2) + " – " + e.upper.toFixed(2)), h("td", {}, e.n), h("td", {}, e.source))));
  }
  $("board-domain").addEventListener("change", renderBoard);
  $("board-dimension").addEventListener("change", renderBoard);

  // ---- the audit trail ---------------------------------------------------------------------------------------------
  let olderRequests = null;
  function requestRow(r) {
    return h("tr", { "data-href": "#/requests/" + encodeURIComponent(r.requestId), "data-request-id": r.requestId },
      h("td", {}, when(r.createdAt)), h("td", {}, r.kind), h("td", {}, r.requestedModel || ""), h("td", {}, r.answeredBy || "—"),
      h("td", { class: "o-" + r.outcome }, r.outcome), h("td", {}, usd(r.costUsd)), h("td", {}, typeof r.latencyMs === "number" ? Math.round(r.latencyMs) + " ms" : ""));
  }
  async function loadRequests(more) {
    const page = await api(more && olderRequests ? olderRequests : "/v1/requests?limit=25");
    const body = $("request-list").tBodies[0];
    if (more) body.append(...page.data.map(requestRow));
    else fill(body, page.data.map(requestRow));
    olderRequests = page.next;
    show($("request-more"), Boolean(page.next));
  }
  async function requestsView(id) {
    await loadRequests(false);
    const box = $("request-detail");
    show(box, Boolean(id));
    if (!id) return;
    const r = await api("/v1/requests/" + encodeURIComponent(id));
    fill(box, h("h3", {}, "Request " + r.requestId),
      h("p", {}, r.reason || ""),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "attempt"), h("th", {}, "expert"), h("th", {}, "outcome"), h("th", {}, "latency"))),
        h("tbody", {}, (r.attempts || []).map((a) => h("tr", {}, h("td", {}, a.attempt), h("td", {}, a.expert), h("td", {}, a.outcome), h("td", {}, Math.round(a.latencyMs || 0) + " ms"))))),
      r.cascade ? h("p", {}, "Cascade: " + r.cascade.reason) : "",
      r.text ? [h("h4", {}, "Prompt"), h("pre", { class: "answer" }, r.text.prompt), h("h4", {}, "Answer"), h("pre", { class: "answer", "data-answer": "" }, r.text.response)] : "");
  }
  $("request-more").addEventListener("click", () => loadRequests(true).catch(() => {}));

  // ---- start ---------------------------------------------------------------------------------------------------------
  document.addEventListener("click", (ev) => {
    const row = ev.target.closest("tr[data-href]");
    if (row) location.hash = row.dataset.href;
  });
  window.addEventListener("hashchange", () => route().catch(() => {}));
  api("/healthz").then((x) => { $("health").textContent = "v" + x.version + " · " + x.experts + " experts" + (x.sandbox ? " · sandbox" : ""); }).catch(() => {});
  route().catch(() => {});
})();
`;
