import type { TestProject } from "vitest/node";
import { startFakeZendesk } from "../dev/fakes/zendesk/server";

/** Starts the fake external services as real HTTP servers on 127.0.0.1 for the workerd tests. */
export default async function setup(project: TestProject) {
  const zendesk = await startFakeZendesk({ port: 0, idBase: 100_000 });
  project.provide("fakeZendeskUrl", zendesk.url);
  return async () => {
    await zendesk.close();
  };
}
