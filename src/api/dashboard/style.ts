// The dashboard's stylesheet: plain, readable, no framework.

export const DASHBOARD_CSS = String.raw`
:root { color-scheme: light dark; --muted: #777; --line: #8884; --ok: #2a7d3a; --bad: #b3261e; --warn: #a86b00; --run: #1f5fae; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; }
header { display: flex; gap: 1.5rem; align-items: baseline; padding: .8rem 1.2rem; border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.15rem; margin: 0; }
nav a { margin-right: 1rem; text-decoration: none; }
nav a.active { font-weight: 600; text-decoration: underline; }
main { padding: 1rem 1.2rem; max-width: 1100px; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody tr[data-href] { cursor: pointer; }
tbody tr[data-href]:hover { background: #8881; }
textarea { width: 100%; font: inherit; }
.row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: .4rem 0; }
.muted { color: var(--muted); }
.error { color: var(--bad); }
.quote { white-space: pre-wrap; border-left: 3px solid var(--line); padding-left: .6rem; }
.badge { font-size: .8rem; padding: .1rem .45rem; border-radius: .6rem; border: 1px solid currentColor; }
.s-completed, .o-ok { color: var(--ok); }
.s-failed, .s-cancelled, .o-error { color: var(--bad); }
.s-awaiting_approval { color: var(--warn); }
.s-running, .s-planning, .s-queued { color: var(--run); }
pre.answer { white-space: pre-wrap; background: #8881; padding: .5rem; margin: .3rem 0; min-height: 1.5rem; }
.subtask { border: 1px solid var(--line); border-radius: .4rem; padding: .5rem .7rem; margin: .5rem 0; }
.subtask h4 { margin: 0 0 .3rem; font-size: .95rem; }
.verdict { font-size: .9rem; }
#event-log { font-family: ui-monospace, monospace; font-size: .82rem; max-height: 18rem; overflow: auto; }
#request-detail { border-top: 1px solid var(--line); margin-top: 1rem; }
`;
