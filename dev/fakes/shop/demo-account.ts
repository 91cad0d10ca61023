/**
 * What `npm start` gives the demo account for drafting: the LLM settings pointing at the fake LLM, and the order
 * tools of dev/demo-data/demo-tools.json pointing at the fake store (whatever port it runs on).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../..");

export function demoDraftingSettings(opts: { llmUrl: string; storeUrl: string }) {
  const store = new URL(opts.storeUrl);
  const tools = (JSON.parse(readFileSync(resolve(ROOT, "dev/demo-data/demo-tools.json"), "utf8")) as { url: string; allowedHosts: string[] }[]).map((t) => ({
    ...t,
    url: t.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, store.origin),
    allowedHosts: [store.host],
  }));
  return {
    llm: {
      baseUrl: opts.llmUrl,
      smallModel: "fake-gpt-4o-mini",
      largeModel: "fake-gpt-4o",
      // Demo prices (gpt-4o-mini / gpt-4o list prices), so the cost ledger shows realistic figures.
      prices: { "fake-gpt-4o-mini": { inputPerMTok: 0.15, outputPerMTok: 0.6 }, "fake-gpt-4o": { inputPerMTok: 2.5, outputPerMTok: 10 } },
      dailyBudgetUsd: 5,
      signature: "The Fernhill Support Team",
      // Agents see this next to every draft, in the sidebar and in Slack: nothing pretends a real LLM wrote it.
      displayName: "local stand-in model (not a real LLM)",
    },
    tools,
  };
}

/** The demo knowledge base file, as the admin import endpoint takes it. */
export function demoKnowledgeBase(): string {
  return readFileSync(resolve(ROOT, "dev/demo-data/demo-store.json"), "utf8");
}
