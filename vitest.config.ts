import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { TEST_BINDINGS } from "./test/bindings.js";

// Two projects: "workers" runs inside workerd (real D1, queues, workflows); "node" runs Node-side code
// (training, CLIs, fakes). Fake external services are real HTTP servers started by the global setup.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("db/migrations");
  return {
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
