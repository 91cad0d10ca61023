import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { TEST_BINDINGS } from "./test/bindings.js";

// Two projects: "workers" runs inside workerd (real D1, queues, workflows); "node" runs Node-side code
// (training, CLIs, fakes). Fake external services are real HTTP servers started by the global setup.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("db/migrations");
  return {
    // @slack/bolt requires @slack/socket-mode (undici, node:sqlite), which cannot load in workerd. wrangler.toml's
    // [alias] covers deploys; vitest-pool-workers ignores it but resolves requires through this root-level alias.
    resolve: { alias: { "@slack/socket-mode": fileURLToPath(new URL("./worker/slack/socket-mode-stub.cjs", import.meta.url)) } },
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest(({ inject }) => ({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  ...TEST_BINDINGS,
                  TEST_MIGRATIONS: migrations,
                  FAKE_ZENDESK_URL: inject("fakeZendeskUrl"),
                  FAKE_SLACK_URL: inject("fakeSlackUrl"),
                  FAKE_LLM_URL: inject("fakeLlmUrl"),
                  FAKE_STORE_URL: inject("fakeStoreUrl"),
                },
              },
            })),
          ],
          test: {
            name: "workers",
            include: ["test/worker/**/*.test.ts"],
            globalSetup: ["test/global-setup.ts"],
            setupFiles: ["test/worker/setup.ts"],
            testTimeout: 30_000,
          },
        },
        {
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["test/e2e/global-setup.ts"],
            testTimeout: 180_000,
            hookTimeout: 300_000,
            fileParallelism: false,
          },
        },
        {
          test: {
            name: "node",
            include: ["test/node/**/*.test.ts"],
            environment: "node",
            testTimeout: 120_000,
          },
        },
      ],
    },
  };
});
