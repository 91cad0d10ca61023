import type { TestProject } from "vitest/node";
import { startFakeLlm } from "../dev/fakes/llm/server";
import { startFakeSlack } from "../dev/fakes/slack/server";
import { startFakeStore } from "../dev/fakes/shop/server";
import { startFakeZendesk } from "../dev/fakes/zendesk/server";

/** Starts the fake external services as real HTTP servers on 127.0.0.1 for the workerd tests. */
export default async function setup(project: TestProject) {
  const zendesk = await startFakeZendesk({ port: 0, idBase: 100_000 });
  const slack = await startFakeSlack({ port: 0 });
  const llm = await startFakeLlm({ port: 0 });
  const store = await startFakeStore({ port: 0 });
  project.provide("fakeZendeskUrl", zendesk.url);
  project.provide("fakeSlackUrl", slack.url);
  project.provide("fakeLlmUrl", llm.url);
  project.provide("fakeStoreUrl", store.url);
  return async () => {
    await Promise.all([zendesk.close(), slack.close(), llm.close(), store.close()]);
  };
}
