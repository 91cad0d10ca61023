/**
 * The replay report as one self-contained HTML page: the figures as text and tables, and charts drawn by chart.js,
 * whose UMD build is inlined from node_modules (no CDN: the page opens offline and from a file). Pure but for
 * reading that one file. docs/replay.md says what each figure means.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { FitFigures, ReplayReport } from "../../worker/replay/report";

const require = createRequire(import.meta.url);

/** chart.js's exports map hides its UMD build: found next to the entry the package does export. */
function chartJsSource(): string {
  return readFileSync(join(dirname(require.resolve("chart.js")), "chart.umd.min.js"), "utf8");
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
export const percent = (r: number | null) => (r === null ? "–" : `${(r * 100).toFixed(1)}%`);
/** JSON inside a <script>: `</script>` and friends cannot close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function card(label: string, value: string, sub: string): string {
  return `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div><div class="sub">${escapeHtml(sub)}</div></div>`;
}

function fitRow(name: string, f: FitFigures): string {
  return `<tr><td>${escapeHtml(name)}</td><td>${f.tickets}</td><td>${f.labelled}</td><td>${f.decided}</td><td>${f.correct}</td><td>${percent(f.coverage)}</td><td>${percent(f.accuracy)}</td></tr>`;
}

const FIT_HEAD = "<tr><th></th><th>tickets</th><th>labelled</th><th>decided</th><th>correct</th><th>coverage</th><th>accuracy</th></tr>";

export function replayHtml(report: ReplayReport): string {
  const o = report.overall;
  const tiers = Object.entries(report.tiers) as [string, FitFigures][];
  const title = `Model fit: ${report.accountId}`;
  const data = {
    intents: report.perIntent.map((p) => ({ label: p.name ? `${p.name} (${p.intent})` : p.intent, ...p })),
    tiers: tiers.map(([tier, f]) => ({ tier, tickets: f.tickets, accuracy: f.accuracy })),
    routes: Object.entries(report.routes),
    fields: [
      { field: "priority", ...report.priority },
      { field: "group", ...report.group },
    ],
  };
  const intentHeight = Math.max(220, 26 * report.perIntent.length + 60);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2933; margin: 0; background: #f5f7fa; }
  header { background: #17494d; color: #fff; padding: 18px 28px; }
  header h1 { margin: 0 0 4px; font-size: 22px; }
  header p { margin: 0; opacity: .85; }
  main { padding: 20px 28px 40px; max-width: 1180px; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-bottom: 18px; }
  .card { background: #fff; border-radius: 8px; padding: 12px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  .card .label { color: #52606d; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
  .card .value { font-size: 26px; font-weight: 600; margin: 2px 0; }
  .card .sub { color: #7b8794; font-size: 12px; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
  section { background: #fff; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); margin-bottom: 16px; }
  section h2 { font-size: 16px; margin: 0 0 10px; }
  .wide { grid-column: 1 / -1; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e4e7eb; }
  th { color: #52606d; font-weight: 600; }
  td:not(:first-child), th:not(:first-child) { text-align: right; }
  .chart { position: relative; height: 260px; }
  .muted { color: #7b8794; font-size: 12px; }
  .scroll { max-height: 360px; overflow: auto; }
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(title)}</h1>
  <p>Replay ${escapeHtml(report.replayId)} of import ${escapeHtml(report.importId)} · ${escapeHtml(report.createdAt)} · model ${escapeHtml(report.modelVersion ?? "none")} · rules v${report.rulesVersion ?? "–"} · taxonomy ${report.taxonomyVersion === null ? "default" : `v${report.taxonomyVersion}`} · LLM ${report.llmMode === "estimate" ? "estimated, not called" : "called"}</p>
</header>
<main>
  <div class="cards">
    ${card("tickets replayed", String(o.tickets), `${o.labelled} with the agents' intent`)}
    ${card("coverage", percent(o.coverage), `${o.decided} of ${o.labelled} labelled got an intent`)}
    ${card("accuracy", percent(o.accuracy), `${o.correct} of ${o.decided} decided were right`)}
    ${card("priority match", percent(report.priority.accuracy), `${report.priority.matched} of ${report.priority.compared}`)}
    ${card("group match", percent(report.group.accuracy), `${report.group.matched} of ${report.group.compared}`)}
    ${card(report.llmMode === "estimate" ? "LLM calls (estimated)" : "LLM calls", String(report.llm.calls), `$${report.llm.costUsd.toFixed(4)}`)}
  </div>
  <div class="grid">
    <section class="wide"><h2>Per intent (the agents' final intent)</h2><div class="chart" style="height:${intentHeight}px"><canvas id="intents"></canvas></div></section>
    <section><h2>Which tier decided</h2><div class="chart"><canvas id="tiers"></canvas></div></section>
    <section><h2>What would have happened</h2><div class="chart"><canvas id="routes"></canvas></div></section>
    <section class="wide"><h2>Tiers</h2><table>${FIT_HEAD}${fitRow("overall", o)}${tiers.map(([t, f]) => fitRow(t, f)).join("")}</table></section>
    <section class="wide"><h2>Intents</h2><table>${FIT_HEAD}${report.perIntent.map((p) => fitRow(p.name ? `${p.name} (${p.intent})` : p.intent, p)).join("")}</table></section>
    <section><h2>Rules that matched</h2>${
      report.ruleHits.length
        ? `<table><tr><th>rule</th><th>tickets</th></tr>${report.ruleHits.map((r) => `<tr><td>${escapeHtml(r.ruleId)}</td><td>${r.hits}</td></tr>`).join("")}</table>`
        : '<p class="muted">No rule matched.</p>'
    }</section>
    <section><h2>Misses (${report.misses.length} of ${o.labelled - o.correct}, by ticket)</h2>${
      report.misses.length
        ? `<div class="scroll"><table><tr><th>ticket</th><th>agents</th><th>triage</th><th>tier</th></tr>${report.misses
            .map(
              (m) => `<tr><td>#${m.ticketId}</td><td>${escapeHtml(m.expected)}</td><td>${escapeHtml(m.decided ?? "–")}</td><td>${escapeHtml(m.tier)}</td></tr>`,
            )
            .join("")}</table></div>`
        : '<p class="muted">None.</p>'
    }</section>
  </div>
  <p class="muted">Coverage: labelled tickets the cascade gave an intent. Accuracy: of those, the ones matching the agents' final intent. See docs/replay.md.</p>
</main>
<script>${chartJsSource()}</script>
<script>
const data = ${scriptJson(data)};
const pct = (r) => (r === null ? null : Math.round(r * 1000) / 10);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", sans-serif';
Chart.defaults.animation = false;
new Chart(document.getElementById("intents"), {
  type: "bar",
  data: {
    labels: data.intents.map((i) => i.label + " · " + i.tickets),
    datasets: [
      { label: "coverage %", data: data.intents.map((i) => pct(i.coverage)), backgroundColor: "#3e8e9b" },
      { label: "accuracy %", data: data.intents.map((i) => pct(i.accuracy)), backgroundColor: "#f0a030" },
    ],
  },
  options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: { min: 0, max: 100, title: { display: true, text: "%" } } } },
});
new Chart(document.getElementById("tiers"), {
  type: "doughnut",
  data: {
    labels: data.tiers.map((t) => t.tier + " (" + t.tickets + ")"),
    datasets: [{ data: data.tiers.map((t) => t.tickets), backgroundColor: ["#17494d", "#3e8e9b", "#f0a030", "#cbd2d9"] }],
  },
  options: { maintainAspectRatio: false, plugins: { legend: { position: "right" } } },
});
new Chart(document.getElementById("routes"), {
  type: "bar",
  data: {
    labels: data.routes.map((r) => r[0]),
    datasets: [{ label: "tickets", data: data.routes.map((r) => r[1]), backgroundColor: ["#3e8e9b", "#17494d", "#d64545", "#9aa5b1"] }],
  },
  options: { maintainAspectRatio: false, plugins: { legend: { display: false } } },
});
</script>
</body>
</html>
`;
}

/** The text summary the CLI prints. */
export function replayText(report: ReplayReport): string {
  const o = report.overall;
  const lines = [
    `replay ${report.replayId} of import ${report.importId} (${report.accountId}), model ${report.modelVersion ?? "none"}, rules v${report.rulesVersion ?? "-"}`,
    `tickets ${o.tickets}, labelled ${o.labelled}, decided ${o.decided}, correct ${o.correct}`,
    `coverage ${percent(o.coverage)}  accuracy ${percent(o.accuracy)}`,
    `priority match ${percent(report.priority.accuracy)} (${report.priority.matched}/${report.priority.compared})  group match ${percent(report.group.accuracy)} (${report.group.matched}/${report.group.compared})`,
    `tiers: ${Object.entries(report.tiers)
      .map(([t, f]) => `${t} ${f.tickets} (accuracy ${percent(f.accuracy)})`)
      .join(", ")}`,
    `routes: ${Object.entries(report.routes)
      .map(([r, n]) => `${r} ${n}`)
      .join(", ")}`,
    `LLM ${report.llmMode === "estimate" ? "(estimated, not called)" : "(called)"}: ${report.llm.calls} call(s), $${report.llm.costUsd.toFixed(4)}`,
  ];
  // Weakest: the smallest share of the intent's labelled tickets placed right, the bigger intent first on a tie.
  const share = (p: FitFigures) => (p.labelled ? p.correct / p.labelled : 1);
  const worst = [...report.perIntent].filter((p) => p.labelled > 0).sort((a, b) => share(a) - share(b) || b.tickets - a.tickets);
  if (worst.length)
    lines.push(
      `weakest intents (right / labelled): ${worst
        .slice(0, 5)
        .map((p) => `${p.intent} ${p.correct}/${p.labelled}`)
        .join(", ")}`,
    );
  return `${lines.join("\n")}\n`;
}
