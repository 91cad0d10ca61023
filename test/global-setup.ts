import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    fakeZendeskUrl: string;
  }
}

/** Starts the fake external services as real HTTP servers on 127.0.0.1 for the workerd tests. */
export default async function setup(project: TestProject) {
  project.provide("fakeZendeskUrl", "http://127.0.0.1:1");
  return async () => {};
}
