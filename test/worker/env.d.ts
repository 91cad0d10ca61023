import type { D1Migration } from "cloudflare:test";
import type { Env } from "../../worker/env";

declare module "cloudflare:test" {
  interface ProvidedEnv extends Env {
    TEST_MIGRATIONS: D1Migration[];
    FAKE_ZENDESK_URL: string;
  }
}
