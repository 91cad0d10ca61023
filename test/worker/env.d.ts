import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../../worker/env/bindings";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      FAKE_ZENDESK_URL: string;
      FAKE_SLACK_URL: string;
      FAKE_LLM_URL: string;
      FAKE_STORE_URL: string;
    }
  }
}
