import { createApp } from "./app";
import type { Env, TriageMessage } from "./env/bindings";
import { consumeDeadLetters, consumeTriageBatch, DEAD_LETTER_QUEUE } from "./queue/consumer";
import { sweep } from "./queue/sweep";
import { classifierForAccount } from "./intent-model/account-model";
import { classifyWithLlm } from "./llm-triage/classify";
import type { CascadeTiers } from "./pipeline/cascade";

export { TicketWorkflow } from "./workflows/ticket-workflow";

const app = createApp();
const tiers: CascadeTiers = { models: classifierForAccount, llm: classifyWithLlm };

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) return consumeDeadLetters(batch, env);
    return consumeTriageBatch(batch, env, tiers);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(sweep(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env, TriageMessage>;
