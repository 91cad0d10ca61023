/**
 * The account's latest history replay report, for the dashboard's "Model fit" section. The replay and its D1
 * table belong to the history replay work (worker/replay); only the report contract is shared.
 */
import type { ReplayReport } from "../replay/report";
import type { Database } from "../store/db";

// Wired when the replay lands: it will read the newest report of the account from the replay's own table.
export async function latestReplayReport(db: Database, accountId: string): Promise<ReplayReport | null> {
  void db;
  void accountId;
  return null;
}
