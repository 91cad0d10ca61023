import { describe, expect, it } from "vitest";
import { parseRuleTable } from "../../worker/triage/rules/schema";
import { parseRuleSource } from "../../worker/triage/rules/source";
import { triage } from "../../worker/triage/engine/triage";
import type { IntentPrediction } from "../../worker/triage/types";
import { prediction, ruleErrorsOf, ticket } from "./triage-fixtures";

const run = (rules: unknown[], t = ticket(), p: IntentPrediction | null = null, defaults?: unknown) =>
  triage({ ticket: t, table: parseRuleTable({ rules, ...(defaults ? { defaults } : {}) }), rulesVersion: 7, prediction: p });

describe("rule semantics", () => {
  it("applies every matching rule in order; the last scalar wins and tags accumulate", () => {
    const d = run([
      { id: "a", when: { subject: { keywords: ["order"] } }, then: { route: "draft", priority: "low", tags: ["from_a"] } },
      { id: "b", when: { body: { regex: "parcel\\s+ships" } }, then: { priority: "high", tags: ["from_b"] } },
      { id: "c", when: { subject: { keywords: ["refund"] } }, then: { route: "escalate", tags: ["never"] } },
    ]);
    expect(d.ruleHits).toEqual([
      { ruleId: "a", index: 0 },
      { ruleId: "b", index: 1 },
    ]);
    expect(d.route).toBe("draft");
    expect(d.priority).toBe("high");
    expect(d.priorityFromRule).toBe(true);
    expect(d.tags).toEqual(expect.arrayContaining(["from_a", "from_b", "priority__high"]));
    expect(d.tags).not.toContain("never");
    expect(d.reasons.some((r) => r.startsWith("rule a (#0)"))).toBe(true);
    expect(d.rulesVersion).toBe(7);
  });

  it("stops at a rule with stop: true (first-match)", () => {
    const d = run([
      { id: "first", when: { text: { keywords: ["order"] } }, then: { route: "escalate", stop: true } },
      { id: "second", then: { route: "auto", tags: ["second"] } },
    ]);
    expect(d.route).toBe("escalate");
    expect(d.ruleHits.map((h) => h.ruleId)).toEqual(["first"]);
    expect(d.tags).not.toContain("second");
  });

  it("skips disabled rules and treats a rule without `when` as always matching", () => {
    const d = run([
      { id: "off", enabled: false, then: { route: "escalate" } },
      { id: "always", then: { tags: ["seen"] } },
    ]);
    expect(d.ruleHits.map((h) => h.ruleId)).toEqual(["always"]);
    expect(d.route).toBe("auto");
  });

  it("matches keywords as whole words, case-insensitively, in any script", () => {
    const rules = [{ id: "kw", when: { text: { keywords: ["refund", "rückerstattung"] } }, then: { tags: ["kw"] } }];
    expect(run(rules, ticket({ subject: "REFUND please" })).tags).toContain("kw");
    expect(run(rules, ticket({ subject: "Bitte um Rückerstattung" })).tags).toContain("kw");
    expect(run(rules, ticket({ subject: "refunded already" })).tags).not.toContain("kw");
  });

  it("supports all / any / not, tags, channel, language, ticket priority and reply counts", () => {
    const rules = [
      {
        id: "combo",
        when: {
          all: [
            { channel: ["email", "web"] },
            { not: { ticket_tags: ["ignore_me"] } },
            { any: [{ organization_tags: { all: ["vip", "eu"] } }, { requester_tags: ["founder"] }] },
            { ticket_priority: "normal" },
            { customer_replies: { gte: 1 } },
          ],
        },
        then: { tags: ["combo"] },
      },
    ];
    const base = ticket({ priority: "normal", organizationTags: ["vip", "eu"], comments: [{ id: "c1", body: "Any news?" }] });
    expect(run(rules, base).tags).toContain("combo");
    expect(run(rules, { ...base, tags: ["ignore_me"] }).tags).not.toContain("combo");
    expect(run(rules, { ...base, organizationTags: ["vip"] }).tags).not.toContain("combo");
    expect(run(rules, { ...base, organizationTags: [], requesterTags: ["founder"] }).tags).toContain("combo");
    expect(run(rules, { ...base, channel: "chat" }).tags).not.toContain("combo");
    expect(run(rules, { ...base, comments: [] }).tags).not.toContain("combo");
  });

  it("reads the model's intent and confidence, and rules can override the intent", () => {
    const rules = [
      { id: "confident-tracking", when: { all: [{ intent: "track_order" }, { confidence: { gte: 0.9 } }] }, then: { route: "draft" } },
      { id: "rename", when: { intent: "complaint" }, then: { intent: "needs_lead" } },
    ];
    const sure = run(rules, ticket(), prediction("track_order", 0.95));
    expect(sure.route).toBe("draft");
    expect(sure.intent).toBe("track_order");
    expect(sure.confidence).toBeCloseTo(0.95);
    expect(sure.modelVersion).toBe("test@1");
    expect(sure.tags).toContain("intent__track_order");
    expect(run(rules, ticket(), prediction("track_order", 0.6)).route).toBe("auto");
    const renamed = run(rules, ticket(), prediction("complaint", 0.8));
    expect(renamed.intent).toBe("needs_lead");
    expect(renamed.confidence).toBeNull();
  });

  it("uses the abstain route when the model is unsure and no rule decides", () => {
    const unsure = prediction("track_order", 0.3, { abstain: true });
    const d = run([], ticket(), unsure, { route: "auto", abstain_route: "draft" });
    expect(d.intent).toBeNull();
    expect(d.route).toBe("draft");
    expect(d.reasons.some((r) => r.includes("unsure"))).toBe(true);
    expect(run([{ id: "oos", when: { out_of_scope: true }, then: { route: "escalate" } }], ticket(), { ...unsure, outOfScope: true }).route).toBe("escalate");
  });

  it("removes tags on request and never both adds and removes one", () => {
    const d = run([
      { id: "add", then: { tags: ["x"] } },
      { id: "drop", then: { remove_tags: ["x", "legacy"] } },
    ]);
    expect(d.tags).not.toContain("x");
    expect(d.removeTags).toEqual(["legacy", "x"]);
  });

  it("always carries priority, sentiment and language tags", () => {
    const d = run([]);
    expect(d.tags.some((t) => t.startsWith("priority__"))).toBe(true);
    expect(d.tags.some((t) => t.startsWith("sentiment__"))).toBe(true);
    expect(d.tags.some((t) => t.startsWith("language__"))).toBe(true);
  });

  it("caps hostile text so regexes see at most 8000 characters", () => {
    const huge = `${"a".repeat(200_000)} refund`;
    const d = run([{ id: "tail", when: { body: { keywords: ["refund"] } }, then: { tags: ["tail"] } }], ticket({ description: huge }));
    expect(d.tags).not.toContain("tail");
  });
});

describe("rule validation", () => {
  it("names the rule index, id and path of each problem", () => {
    const errors = ruleErrorsOf({
      rules: [
        { id: "ok", then: { tags: ["fine"] } },
        { id: "bad-regex", when: { subject: { regex: "(unclosed" } }, then: { route: "draft" } },
        { id: "typo", when: { subjct: { keywords: ["x"] } }, then: { route: "draft" } },
        { id: "bad-route", then: { route: "sometimes" } },
        { id: "ok", then: { tags: ["Has Space"] } },
      ],
    });
    const byIndex = (i: number) => errors.filter((e) => e.index === i);
    expect(byIndex(0)).toEqual([]);
    expect(byIndex(1)[0]).toMatchObject({ ruleId: "bad-regex", path: "when.subject.regex" });
    expect(byIndex(1)[0]!.message).toMatch(/invalid regular expression/);
    expect(byIndex(2)[0]).toMatchObject({ ruleId: "typo", path: "when.subjct" });
    expect(byIndex(2)[0]!.message).toMatch(/unknown condition 'subjct'/);
    expect(byIndex(3)[0]).toMatchObject({ ruleId: "bad-route", path: "then.route" });
    expect(byIndex(4).map((e) => e.path)).toEqual(expect.arrayContaining(["then.tags[0]"]));
  });

  it("rejects duplicate ids, empty actions, unknown keys and wrong types", () => {
    const errors = ruleErrorsOf({
      rules: [
        { id: "dup", then: { tags: ["a"] } },
        { id: "dup", then: {} },
        { id: "extra", then: { tags: ["a"] }, colour: "red" },
        { id: "types", when: { confidence: { gte: "high" } }, then: { priority: "whenever" } },
        "not an object",
      ],
    });
    const messages = errors.map((e) => `${e.index}:${e.path}:${e.message}`);
    expect(messages.some((m) => m.startsWith("1:id:duplicate id"))).toBe(true);
    expect(messages.some((m) => m.startsWith("1:then:a rule needs at least one action"))).toBe(true);
    expect(errors.some((e) => e.index === 2 && /colour/.test(e.message))).toBe(true);
    expect(errors.some((e) => e.index === 3 && e.path === "when.confidence.gte")).toBe(true);
    expect(errors.some((e) => e.index === 3 && e.path === "then.priority")).toBe(true);
    expect(errors.some((e) => e.index === 4)).toBe(true);
  });

  it("reports YAML syntax errors with the line", () => {
    expect(() => parseRuleSource("rules:\n  - id: a\n    then: { tags: [x]\n", "yaml")).toThrow(/line \d+/);
  });

  it("accepts JSON and YAML forms of the same table", () => {
    const yaml = parseRuleSource("rules:\n  - id: a\n    when: { subject: refund }\n    then: { route: draft }\n", "yaml");
    const json = parseRuleSource(JSON.stringify({ rules: [{ id: "a", when: { subject: "refund" }, then: { route: "draft" } }] }), "json");
    expect(yaml).toEqual(json);
    expect(yaml.defaults).toEqual({ route: "auto", abstain_route: "auto" });
  });
});
