import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    // The Worker's own bindings are declared here by wrangler (worker/env/worker-configuration.d.ts); tests add theirs.
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      FAKE_ZENDESK_URL: string;
      FAKE_SLACK_URL: string;
      FAKE_LLM_URL: string;
      FAKE_STORE_URL: string;
    }
  }
}
