/** The replay report (worker/replay/report.ts) as the dashboard draws it: overall fit, per intent, tier shares. Pure. */
import type { ModelFitView } from "../../contract/insight-api";
import type { ReplayReport } from "../replay/report";

export function modelFitView(report: ReplayReport): ModelFitView {
  const tiers = Object.entries(report.tiers).map(([tier, f]) => ({ tier, tickets: f.tickets }));
  const total = tiers.reduce((s, t) => s + t.tickets, 0);
  return {
    replayId: report.replayId,
    createdAt: report.createdAt,
    modelVersion: report.modelVersion,
    overall: { ...report.overall },
    perIntent: report.perIntent.map((p) => ({ ...p })),
    tierShares: tiers.map((t) => ({ ...t, share: total ? t.tickets / total : null })),
  };
}
