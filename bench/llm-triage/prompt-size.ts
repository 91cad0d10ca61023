/**
 * What one LLM classification costs: the prompt the cascade's LLM tier sends for a taxonomy (default: the shipped
 * intents/default.yaml), in tokens and dollars, measured over the Worker's own client against the local fake LLM.
 *
 *   npx tsx bench/llm-triage/prompt-size.ts [--taxonomy intents/default.yaml] [--examples 3] [--input 0.15] [--output 0.60]
 *
 * Tickets: test/fixtures/drafting/tickets.jsonl (43 support tickets written for the project, with PII), redacted
 * and cut exactly as classifyWithLlm does. Tokens are the fake LLM's estimate (about 4 characters per token; see
 * dev/fakes/llm/README.md), so they are close to, not equal to, a real tokenizer's count. The completion is the
 * fake's answer, about as long as a real model's one-line reason. Prices default to gpt-4o-mini's ($0.15 / $0.60
 * per million input / output tokens). The stand-in's agreement with the fixture's labels is printed for the demo's
 * sake only: it is word overlap, not a model.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startFakeLlm } from "../../dev/fakes/llm/server";
import { createChatFn, type ResponseFormat } from "../../worker/drafting/llm-client";
import { withJsonObjectInstructions } from "../../worker/drafting/prompt";
import { buildClassificationPrompt, CLASSIFICATION_SCHEMA_NAME } from "../../worker/llm-triage/prompt";
import { redactText } from "../../worker/pii/index";
import { resolveLlmSettings } from "../../worker/settings/drafting";
import { parseTaxonomySource } from "../../worker/triage/intents/source";
import { modelText } from "../../worker/triage/ticket-text";
import type { TicketSnapshot } from "../../worker/triage/types";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = `usage: npx tsx bench/llm-triage/prompt-size.ts [--taxonomy intents/default.yaml] [--examples 3] [--input 0.15] [--output 0.60]`;

const ROOT = resolve(import.meta.dirname, "../..");
const defaults = resolveLlmSettings({}).classification;
const { values } = parseCommandLine(USAGE, {
  options: {
    taxonomy: { type: "string", default: "intents/default.yaml" },
    examples: { type: "string", default: String(defaults.maxExamplesPerIntent) },
    input: { type: "string", default: "0.15" },
    output: { type: "string", default: "0.60" },
  },
});
const inputPrice = Number(values.input);
const outputPrice = Number(values.output);
const maxExamples = Number(values.examples);

const path = resolve(ROOT, values.taxonomy!);
const taxonomy = parseTaxonomySource(readFileSync(path, "utf8"), path.endsWith(".json") ? "json" : "yaml");
const enabled = taxonomy.intents.filter((i) => i.enabled);

const tickets = readFileSync(resolve(ROOT, "test/fixtures/drafting/tickets.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line, i) => {
    const t = JSON.parse(line) as { subject: string; body: string; comments: string[]; intent: string };
    const snapshot: TicketSnapshot = {
      id: i + 1,
      subject: t.subject,
      description: t.body,
      comments: t.comments.map((body, j) => ({ id: String(j), body })),
      status: "new",
      priority: null,
      channel: "email",
      tags: [],
      requesterTags: [],
      organizationTags: [],
    };
    return { text: modelText(snapshot), label: t.intent };
  });

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { min: s[0]!, median: at(0.5), p95: at(0.95), max: s.at(-1)!, mean: s.reduce((a, b) => a + b, 0) / s.length };
};
const usd = (n: number) => `$${n.toFixed(6)}`;

const sample = buildClassificationPrompt({ taxonomy, text: "", maxExamplesPerIntent: maxExamples, maxTextChars: defaults.maxTextChars });
const intentListChars = sample.messages[0]!.content!.split("\nIntents:\n")[1]?.length ?? 0;

const llm = await startFakeLlm({ port: 0 });
try {
  const chat = createChatFn({ baseUrl: llm.url, apiKey: undefined });
  console.log(`LLM classification prompt: ${path.replace(`${ROOT}/`, "")}, ${enabled.length} enabled intents, up to ${maxExamples} examples each`);
  console.log(`tickets: ${tickets.length} (test/fixtures/drafting/tickets.jsonl); tokens: the fake LLM's ~4 chars/token estimate`);
  console.log(`prices: $${values.input} / $${values.output} per MTok (input / output)\n`);
  for (const format of ["json_schema", "json_object"] as ResponseFormat[]) {
    const prompt: number[] = [];
    const completion: number[] = [];
    const systemChars: number[] = [];
    let agree = 0;
    let labelled = 0;
    let none = 0;
    for (const t of tickets) {
      const p = buildClassificationPrompt({ taxonomy, text: redactText(t.text), maxExamplesPerIntent: maxExamples, maxTextChars: defaults.maxTextChars });
      const messages = format === "json_object" ? withJsonObjectInstructions(p.messages, p.schema) : p.messages;
      const result = await chat(
        {
          model: "gpt-4o-mini",
          messages,
          responseFormat: format,
          jsonSchema: { name: CLASSIFICATION_SCHEMA_NAME, schema: p.schema },
          maxTokens: defaults.maxTokens,
          tokenParam: "max_tokens",
          temperature: 0,
        },
        { timeoutMs: 10_000 },
      );
      prompt.push(result.usage!.promptTokens);
      completion.push(result.usage!.completionTokens);
      systemChars.push(messages[0]!.content!.length);
      const answer = JSON.parse(result.content!) as { intent: string };
      if (answer.intent === "none") none++;
      if (p.intentIds.includes(t.label)) {
        labelled++;
        if (answer.intent === t.label) agree++;
      }
    }
    const pt = stats(prompt);
    const ct = stats(completion);
    const cost = (pt.mean * inputPrice + ct.mean * outputPrice) / 1e6;
    console.log(`${format}:`);
    console.log(
      `  system prompt      ${stats(systemChars).median} characters, of which the intent list ${intentListChars} (~${Math.ceil(intentListChars / 4)} tokens)`,
    );
    console.log(`  prompt tokens      min ${pt.min}  median ${pt.median}  p95 ${pt.p95}  max ${pt.max}  mean ${pt.mean.toFixed(0)}`);
    console.log(`  completion tokens  min ${ct.min}  median ${ct.median}  max ${ct.max}  mean ${ct.mean.toFixed(0)}`);
    console.log(`  cost per classification  ${usd(cost)}  (${usd((pt.mean * inputPrice) / 1e6)} prompt + ${usd((ct.mean * outputPrice) / 1e6)} answer)`);
    console.log(`  per 1,000 classifications  $${(cost * 1000).toFixed(3)}`);
    console.log(`  stand-in answers: ${none} none; agrees with the fixture label on ${agree}/${labelled} labelled tickets\n`);
  }
} finally {
  await llm.close();
}
