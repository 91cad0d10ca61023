/** The dashboard's figures for one account: the store's rows over the window, the latest replay, the pure builder. */
import type { InsightStats } from "../../contract/insight-api";
import type { Database } from "../store/db";
import { insightFacts } from "../store/insight";
import { latestReplayReport } from "../store/history";
import { modelFitView } from "./model-fit";
import { buildStats } from "./stats";
import { lastWeeks } from "./weeks";

/** Eight ISO weeks: two months of trend, and enough weeks for drift to have a before. */
export const INSIGHT_WEEKS = 8;

export async function insightStats(db: Database, accountId: string, nowMs = Date.now()): Promise<InsightStats> {
  const since = new Date(lastWeeks(nowMs, INSIGHT_WEEKS)[0]!.startMs).toISOString();
  const [facts, replay] = await Promise.all([insightFacts(db, accountId, since), latestReplayReport(db, accountId)]);
  return buildStats({ accountId, nowMs, weeks: INSIGHT_WEEKS, ...facts, modelFit: replay ? modelFitView(replay) : null });
}
