import { createApp } from "./app";
import type { Env, TriageMessage } from "./env";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<TriageMessage>, env: Env, ctx: ExecutionContext) {
    for (const message of batch.messages) message.ack();
  },
} satisfies ExportedHandler<Env, TriageMessage>;
