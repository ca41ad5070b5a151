// The dashboard's HTML shell: the views the client fills in (tasks, one task live, experts, requests).

/** The page served at `/`. Everything dynamic is rendered by dashboard.js from the JSON API; nothing here is data. */
export const DASHBOARD_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Expert Orchestrator</title>
<link rel="stylesheet" href="/dashboard.css">
<link rel="icon" href="data:,">
<script src="/dashboard.js" defer></script>
</head>
<body>
<header>
  <h1>Expert Orchestrator</h1>
  <nav>
    <a href="#/tasks" data-view="tasks">Tasks</a>
    <a href="#/experts" data-view="experts">Experts</a>
    <a href="#/requests" data-view="requests">Requests</a>
  </nav>
  <span id="health" class="muted"></span>
</header>
<main>
  <section id="view-tasks" hidden>
    <form id="task-form" novalidate>
      <label for="task-input">New task</label>
      <textarea id="task-input" rows="3" placeholder="1. Write a Python CSV parser. 2. Write a haiku about autumn. 3. Explain hash tables."></textarea>
      <div class="row">
        <label>Budget (USD) <input id="task-budget" type="number" min="0" step="0.001" placeholder="default"></label>
        <label><input id="task-approval" type="checkbox"> ask me before going over budget</label>
        <button id="task-submit" type="submit">Submit</button>
      </div>
      <p id="task-error" class="error" role="alert" hidden></p>
    </form>
    <table id="task-list">
      <thead><tr><th>created</th><th>status</th><th>input</th><th>cost</th></tr></thead>
      <tbody></tbody>
    </table>
    <button id="task-more" type="button" hidden>Older tasks</button>
  </section>

  <section id="view-task" hidden>
    <p><a href="#/tasks">← all tasks</a></p>
    <h2><span id="task-id"></span> <span id="task-status" class="badge"></span> <span id="live-state" class="muted"></span></h2>
    <p id="task-text" class="quote"></p>
    <p id="task-money"></p>
    <div class="row">
      <button id="task-approve" type="button" hidden>Approve</button>
      <button id="task-reject" type="button" hidden>Reject</button>
      <button id="task-cancel" type="button" hidden>Cancel</button>
    </div>
    <p id="task-action-error" class="error" role="alert" hidden></p>
    <h3>Subtasks</h3>
    <div id="subtasks"></div>
    <h3>Result</h3>
    <pre id="task-result" class="answer"></pre>
    <h3>Events</h3>
    <ol id="event-log"></ol>
  </section>

  <section id="view-experts" hidden>
    <h2>Experts</h2>
    <table id="expert-list">
      <thead><tr><th>expert</th><th>model</th><th>where</th><th>domains</th><th>price per M tokens (in / out)</th><th>calibration</th></tr></thead>
      <tbody></tbody>
    </table>
    <h2>Leaderboard</h2>
    <div class="row">
      <label>Domain <select id="board-domain"></select></label>
      <label>Dimension <select id="board-dimension"></select></label>
    </div>
    <table id="leaderboard">
      <thead><tr><th>rank</th><th>expert</th><th>score</th><th>interval</th><th>judged samples</th><th>source</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>

  <section id="view-requests" hidden>
    <h2>Requests</h2>
    <table id="request-list">
      <thead><tr><th>time</th><th>kind</th><th>model asked</th><th>answered by</th><th>outcome</th><th>cost</th><th>latency</th></tr></thead>
      <tbody></tbody>
    </table>
    <button id="request-more" type="button" hidden>Older requests</button>
    <div id="request-detail" hidden></div>
  </section>
</main>
</body>
</html>
`;
