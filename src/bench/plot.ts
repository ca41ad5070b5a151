// The quality–cost plot of a routing evaluation as a self-contained SVG (log cost axis, hand-written).
import type { CurvePoint } from "./baselines.js";
import type { EvalReport } from "./evaluate.js";
import { upperHull } from "./hull.js";

const W = 820;
const H = 540;
const M = { left: 70, right: 190, top: 48, bottom: 56 };
const COLORS: Record<string, string> = { quality: "#6a3d9a", "cost-aware": "#1f78b4", threshold: "#33a02c", cascade: "#e31a1c" };
const FALLBACK = ["#ff7f00", "#b15928", "#a6cee3"];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const num = (x: number) => Number(x.toFixed(1));

/** Short names for the legend and labels: "gpt-4-1106-preview" stays, "mistralai/mixtral-8x7b-chat" loses its owner. */
const short = (id: string) => id.split("/").at(-1)!;

/**
 * Renders the report: each single expert as a labelled point, the oracle, the zero router (hull of the
 * single experts, dashed), the random router (dotted), and each strategy's hull as a line over its points.
 * Cost is on a log scale, because the experts' costs span two to three orders of magnitude.
 */
export function plotSvg(r: EvalReport, title: string): string {
  const all: CurvePoint[] = [
    ...Object.values(r.experts),
    r.oracle,
    ...r.random.points,
    ...r.strategies.flatMap((s) => s.points),
  ].filter((p) => p.costUsd > 0);
  const xMin = Math.log10(Math.min(...all.map((p) => p.costUsd)) / 1.3);
  const xMax = Math.log10(Math.max(...all.map((p) => p.costUsd)) * 1.3);
  const yMin = Math.max(0, Math.floor(Math.min(...all.map((p) => p.quality)) * 10 - 0.5) / 10);
  const yMax = Math.min(1, Math.ceil(Math.max(...all.map((p) => p.quality)) * 20 + 0.5) / 20);
  const px = (c: number) => num(M.left + ((Math.log10(Math.max(c, 1e-12)) - xMin) / (xMax - xMin)) * (W - M.left - M.right));
  const py = (q: number) => num(H - M.bottom - ((q - yMin) / (yMax - yMin)) * (H - M.top - M.bottom));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${M.left}" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`);
  out.push(axes(px, py, xMin, xMax, yMin, yMax));

  // Straight in linear cost, a hull segment bends on a log axis: draw it through many points.
  const hullPath = (points: readonly CurvePoint[]) => {
    const hull = upperHull(points.map((p) => ({ x: p.costUsd, y: p.quality })));
    const pts: string[] = [];
    hull.forEach((b, i) => {
      const a = hull[i - 1];
      const steps = a ? 24 : 1;
      for (let k = a ? 1 : 0; k <= (a ? steps : 0); k++) {
        const x = a ? a.x + ((b.x - a.x) * k) / steps : b.x;
        const y = a ? a.y + ((b.y - a.y) * k) / steps : b.y;
        pts.push(`${px(x)},${py(y)}`);
      }
    });
    return pts.join(" ");
  };
  const legend: Array<{ label: string; swatch: string }> = [];
  out.push(`<polyline points="${hullPath(r.zeroRouter.points)}" fill="none" stroke="#777" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  legend.push({ label: `zero router (AIQ ${r.zeroRouter.aiq.toFixed(3)})`, swatch: `<line x1="0" y1="0" x2="22" y2="0" stroke="#777" stroke-width="1.5" stroke-dasharray="6 4"/>` });
  out.push(`<polyline points="${r.random.points.map((p) => `${px(p.costUsd)},${py(p.quality)}`).join(" ")}" fill="none" stroke="#bbb" stroke-width="1.5" stroke-dasharray="2 3"/>`);
  legend.push({ label: `random (AIQ ${r.random.aiq.toFixed(3)})`, swatch: `<line x1="0" y1="0" x2="22" y2="0" stroke="#bbb" stroke-width="1.5" stroke-dasharray="2 3"/>` });
  r.strategies.forEach((s, i) => {
    const color = COLORS[s.name] ?? FALLBACK[i % FALLBACK.length]!;
    const r0 = s.points.length === 1 ? 5 : 2.5; // a one-point strategy has no line: show its point
    for (const p of s.points) out.push(`<circle cx="${px(p.costUsd)}" cy="${py(p.quality)}" r="${r0}" fill="${color}" fill-opacity="${s.points.length === 1 ? 0.8 : 0.35}"><title>${esc(`${s.name} ${p.knob ?? ""}: quality ${p.quality.toFixed(3)}, $${p.costUsd.toFixed(3)}`)}</title></circle>`);
    out.push(`<polyline points="${hullPath(s.points)}" fill="none" stroke="${color}" stroke-width="2"/>`);
    legend.push({ label: `${s.name} (AIQ ${s.aiq.toFixed(3)})`, swatch: `<line x1="0" y1="0" x2="22" y2="0" stroke="${color}" stroke-width="2"/>` });
  });
  const rightEdge = W - M.right;
  for (const [id, e] of Object.entries(r.experts)) {
    const x = px(e.costUsd);
    // Labels of the dearest experts go to the left of their point, clear of the legend.
    const left = x > rightEdge - 120;
    out.push(`<circle cx="${x}" cy="${py(e.quality)}" r="4" fill="#222"><title>${esc(`${id}: quality ${e.quality.toFixed(3)}, $${e.costUsd.toFixed(3)}`)}</title></circle>`);
    out.push(`<text x="${left ? x - 7 : x + 6}" y="${py(e.quality) + (left ? 14 : 4)}" font-size="10" fill="#333"${left ? ' text-anchor="end"' : ""}>${esc(short(id))}</text>`);
  }
  legend.push({ label: "single expert", swatch: `<circle cx="11" cy="0" r="4" fill="#222"/>` });
  const o = r.oracle;
  out.push(`<path d="M${px(o.costUsd)},${py(o.quality) - 7} l6,12 h-12 z" fill="#ff7f00"><title>${esc(`oracle: quality ${o.quality.toFixed(3)}, $${o.costUsd.toFixed(3)}`)}</title></path>`);
  legend.push({ label: `oracle (${o.quality.toFixed(3)})`, swatch: `<path d="M11,-6 l6,11 h-12 z" fill="#ff7f00"/>` });
  legend.forEach((l, i) => {
    const y = M.top + 8 + i * 20;
    out.push(`<g transform="translate(${W - M.right + 16},${y})">${l.swatch}<text x="28" y="4">${esc(l.label)}</text></g>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/** Frame, grid lines and tick labels: decades (1, 2, 5 ×) on the cost axis, tenths on the quality axis. */
function axes(px: (c: number) => number, py: (q: number) => number, xMin: number, xMax: number, yMin: number, yMax: number): string {
  const out: string[] = [];
  const x0 = M.left, x1 = W - M.right, y0 = H - M.bottom, y1 = M.top;
  out.push(`<rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" fill="none" stroke="#333"/>`);
  for (let d = Math.floor(xMin); d <= Math.ceil(xMax); d++) {
    for (const m of [1, 2, 5]) {
      const c = m * 10 ** d;
      const lc = Math.log10(c);
      if (lc < xMin || lc > xMax) continue;
      const x = px(c);
      out.push(`<line x1="${x}" y1="${y1}" x2="${x}" y2="${y0}" stroke="#eee"/>`);
      out.push(`<text x="${x}" y="${y0 + 16}" text-anchor="middle" fill="#333">$${Number(c.toPrecision(2))}</text>`);
    }
  }
  const step = yMax - yMin > 0.3 ? 0.1 : 0.05;
  for (let q = Math.ceil(yMin / step) * step; q <= yMax + 1e-9; q += step) {
    const y = py(q);
    out.push(`<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="#eee"/>`);
    out.push(`<text x="${x0 - 8}" y="${y + 4}" text-anchor="end" fill="#333">${q.toFixed(2)}</text>`);
  }
  out.push(`<text x="${(x0 + x1) / 2}" y="${H - 14}" text-anchor="middle">total cost on the test prompts (USD, log scale)</text>`);
  out.push(`<text transform="translate(18,${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">mean quality (score)</text>`);
  return out.join("\n");
}
