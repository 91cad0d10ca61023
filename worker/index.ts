import { createApp } from "./app";
import { safeErrorSummary } from "./http/errors";
import { log } from "./lib/log";
import type { Env, TriageMessage } from "./env/bindings";
import { consumeDeadLetters, consumeTriageBatch, DEAD_LETTER_QUEUE } from "./queue/consumer";
import { sweep } from "./queue/sweep";
import { classifierForAccount } from "./intent-model/account-model";
import { classifyWithLlm } from "./llm-triage/classify";
import type { CascadeTiers } from "./pipeline/cascade";

export { TicketWorkflow } from "./workflows/ticket-workflow";
export { HistoryImportWorkflow } from "./workflows/history-import-workflow";

const app = createApp();
const tiers: CascadeTiers = { models: classifierForAccount, llm: classifyWithLlm };

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) return consumeDeadLetters(batch, env);
    return consumeTriageBatch(batch, env, tiers);
  },
  async scheduled(controller, env, ctx) {
    // A rejection inside waitUntil is an uncaught error of the invocation: log it with its class, never let it escape.
    ctx.waitUntil(sweep(env, controller.scheduledTime).catch((error: unknown) => log.error("sweep failed", { error: safeErrorSummary(error) })));
  },
} satisfies ExportedHandler<Env, TriageMessage>;
