/**
 * The edge model an account runs: its live version from R2, or the shipped model, adapted with the taxonomy's
 * example phrases. Opened models and adapted classifiers are cached per isolate (./loader.ts). The live pointer itself is read from D1 on every call (one indexed query), so a promotion or a rollback takes
 * effect on the next ticket in every isolate.
 */
import type { IntentClassifier } from "../../models/shared/types";
import type { Env } from "../env/bindings";
import { log } from "../lib/log";
import type { Database } from "../store/db";
import { liveModelVersion } from "../store/models";
import type { IntentTaxonomy } from "../triage/intents/schema";
import { shortReason } from "./artifact";
import { adaptToTaxonomy, openModelVersion, shippedModel, type BaseModel, type VersionRef } from "./loader";

export { MAX_OPEN_MODELS, RETRY_FAILED_LOAD_MS, resetAccountModelCache } from "./loader";

export interface AccountClassifier {
  /** null: no model could be loaded at all (triage runs on rules and the LLM tier). */
  classifier: IntentClassifier | null;
  /** Why the account's own model is not the one answering (it failed to load, say), or null. */
  fallback: string | null;
}

/**
 * The classifier for one registry version (undefined: the account runs the shipped model), adapted to the
 * taxonomy. A version that cannot be loaded falls back to the shipped model and says why.
 */
export async function classifierForVersion(
  env: Pick<Env, "MODELS">,
  live: VersionRef | undefined,
  taxonomy: IntentTaxonomy,
): Promise<AccountClassifier & { base: BaseModel | null }> {
  let base: BaseModel | null = null;
  let fallback: string | null = null;
  if (live) {
    try {
      base = await openModelVersion(env, live);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn("account model failed to load; the shipped model answers", { account: live.accountId, version: live.version, reason });
      fallback = `account model ${live.version} failed to load: ${reason}; the shipped model answered`;
    }
  }
  if (!base) {
    try {
      base = await shippedModel();
    } catch (error) {
      log.error("the shipped model failed to load", { reason: shortReason(error) });
      return {
        classifier: null,
        base: null,
        fallback: `${fallback ? `${fallback.replace(/; the shipped model answered$/, "")}; ` : ""}the shipped model failed to load too`,
      };
    }
  }
  try {
    return { classifier: await adaptToTaxonomy(base, taxonomy), base, fallback };
  } catch (error) {
    // The model still answers on its own intents; the taxonomy's examples just do not join its vote.
    const reason = shortReason(error);
    log.warn("in-context examples could not be applied", { version: base.version, reason });
    return { classifier: base.classifier, base, fallback: [fallback, `the taxonomy's examples were not applied (${reason})`].filter(Boolean).join("; ") };
  }
}

export async function classifierForAccount(
  env: Env,
  db: Database,
  accountId: string,
  taxonomy: { version: number | null; taxonomy: IntentTaxonomy },
): Promise<AccountClassifier> {
  const { classifier, fallback } = await classifierForVersion(env, await liveModelVersion(db, accountId), taxonomy.taxonomy);
  return { classifier, fallback };
}
