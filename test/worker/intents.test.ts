/**
 * Account intent taxonomies: the shipped default until an account pushes its own, the admin API (validation that
 * names each entry, YAML syntax errors with their line, push/pull that keeps comments, versions, the size cap,
 * warnings for intents the rule table uses), the sidebar's picker and the correction re-tag with mapped tags.
 * Run: npx vitest run --project workers test/worker/intents.test.ts
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { CorrectionResponse, IntentList } from "../../contract/app-api";
import defaultSource from "../../intents/default.yaml";
import modelConfig from "../../models/support/config.json";
import { MAX_INTENTS_BYTES } from "../../worker/admin/intents";
import { signSidebarToken } from "../../worker/sidebar/token";
import { database } from "../../worker/store/db";
import { currentTaxonomy, defaultTaxonomy } from "../../worker/store/intents";
import {
  ADMIN,
  adminTicket,
  createAccount,
  fakeRequests,
  fakeTicket,
  postWebhook,
  putRules,
  seedTicket,
  ticketEvent,
  uniqueAccountId,
  uniqueTicketId,
  waitFor,
  ZENDESK_TEST_SECRET,
} from "./helpers";

const MINE = `# Our own intents (a comment that must survive a push and a pull)
version: 1
intents:
  - id: where_is_parcel
    name: Where is my parcel
    description: The customer asks where a parcel they ordered is or why it has not arrived.
    examples: ["my parcel has not arrived", "where is my package?"]
    zendesk: { tag: parcel_status, field_value: Parcel status }
  # refunds get their own tag and field value too
  - id: refund
    name: Refund
    description: The customer wants money back for an order.
    examples: ["refund please", "I want my money back"]
    zendesk: { tag: refunds, field_value: Refund }
  - id: warranty_claim
    name: Warranty claim
    description: A product broke within its warranty period; the customer wants a repair or a replacement.
  - id: newsletter_subscription
    name: Newsletter
    description: Subscribe to or leave the newsletter.
    enabled: false
`;

function admin(method: string, path: string, body?: string, contentType = "application/yaml"): Promise<Response> {
  return SELF.fetch(`http://worker/admin${path}`, { method, headers: { ...ADMIN, ...(body !== undefined ? { "Content-Type": contentType } : {}) }, body });
}

/** workerd warns when .text() reads a body typed application/yaml; the bytes are UTF-8 text all the same. */
async function textOf(res: Response): Promise<string> {
  return new TextDecoder().decode(await res.arrayBuffer());
}

const putIntents = (account: string, source: string, contentType?: string) => admin("PUT", `/intents?account=${account}`, source, contentType);

interface ProblemBody {
  error: string;
  details: { errors: { index: number | null; intentId: string | null; path: string; message: string; line: number | null; text: string }[] };
}

describe("the shipped default", () => {
  it("is the 27 in-scope labels of the shipped model, each described, with examples", () => {
    const taxonomy = defaultTaxonomy();
    const inScope = (modelConfig.labels as string[]).filter((l) => l !== modelConfig.outOfScopeLabel);
    expect(taxonomy.intents.map((i) => i.id).sort()).toEqual([...inScope].sort());
    expect(inScope).toHaveLength(27);
    for (const intent of taxonomy.intents) {
      expect(intent.enabled).toBe(true);
      expect(intent.examples.length).toBeGreaterThanOrEqual(3);
      expect(intent.examples.length).toBeLessThanOrEqual(5);
    }
  });

  it("is what an account that never pushed runs, and what GET shows and downloads", async () => {
    const account = uniqueAccountId("int-def");
    await createAccount(account);
    expect(await currentTaxonomy(database(env.DB), account)).toEqual({ version: null, taxonomy: defaultTaxonomy() });
    const res = await admin("GET", `/intents?account=${account}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ account, version: null, source: "shipped default", intents: 27, enabled: 27 });
    const yaml = await admin("GET", `/intents?account=${account}&format=yaml`);
    expect(yaml.headers.get("Content-Type")).toContain("yaml");
    expect(await textOf(yaml)).toBe(defaultSource);
    const json = (await (await admin("GET", `/intents?account=${account}&format=json`)).json()) as { intents: unknown[] };
    expect(json.intents).toHaveLength(27);
    expect((await admin("GET", `/intents?account=${account}&format=xml`)).status).toBe(400);
    expect(await (await admin("GET", `/intents/versions?account=${account}`)).json()).toEqual({ account, liveVersion: null, versions: [] });
  });
});

describe("validation", () => {
  const account = uniqueAccountId("int-val");
  beforeAll(() => createAccount(account));

  it("names the entry, the path, the line and the problem of every mistake, and saves nothing", async () => {
    const bad = `intents:
  - id: ok_one
    name: Fine
    description: A fine intent.
  - id: Bad Id
    name: Bad
    description: The id has a space and capitals.
  - id: no_description
    name: Missing description
  - id: ok_one
    name: Again
    description: Same id as the first.
  - id: tagged
    name: Tagged
    description: A tag Zendesk would mangle.
    zendesk: { tag: "Has Spaces" }
  - id: typo
    name: Typo
    description: An unknown key.
    exampels: ["where is it"]
  - id: short
    name: Short example
    description: An example of two characters.
    examples: ["hi"]
`;
    const res = await putIntents(account, bad);
    expect(res.status).toBe(422);
    const body = (await res.json()) as ProblemBody;
    expect(body.error).toBe("invalid_intents");
    const byIndex = (index: number) => body.details.errors.filter((e) => e.index === index);
    expect(byIndex(1)).toEqual([expect.objectContaining({ intentId: "Bad Id", path: "id", line: 5, message: expect.stringContaining("a-z 0-9") })]);
    expect(byIndex(2)).toEqual([expect.objectContaining({ intentId: "no_description", path: "description", line: 8 })]);
    expect(byIndex(3)).toEqual([
      expect.objectContaining({
        intentId: "ok_one",
        path: "id",
        line: 10,
        message: "duplicate id (also intent #0)",
        text: "intent #3 'ok_one' at id: duplicate id (also intent #0)",
      }),
    ]);
    expect(byIndex(4)).toEqual([expect.objectContaining({ path: "zendesk.tag", line: 16, message: expect.stringContaining("lower case") })]);
    expect(byIndex(5)).toEqual([expect.objectContaining({ intentId: "typo", message: expect.stringContaining("exampels"), line: 17 })]);
    expect(byIndex(6)).toEqual([expect.objectContaining({ path: "examples[0]", line: 24, message: "an example phrase has at least 3 characters" })]);
    expect(byIndex(0)).toEqual([]);
    expect(await currentTaxonomy(database(env.DB), account)).toMatchObject({ version: null });
  });

  it("reports a YAML syntax error with its line", async () => {
    const res = await putIntents(account, "intents:\n  - id: a\n    name: [unclosed\n    description: x\n");
    expect(res.status).toBe(422);
    const [error] = ((await res.json()) as ProblemBody).details.errors;
    expect(error).toMatchObject({ index: null, path: "", line: null });
    expect(error!.message).toMatch(/^YAML syntax error \(line \d+, column \d+\): /);
  });

  it("refuses a file where every intent is disabled, an empty body and a file over the cap", async () => {
    const off = await putIntents(account, "intents:\n  - { id: a, name: A, description: An intent., enabled: false }\n");
    expect(off.status).toBe(422);
    expect(((await off.json()) as ProblemBody).details.errors).toEqual([
      expect.objectContaining({ index: null, path: "intents", message: "every intent is disabled" }),
    ]);
    expect((await putIntents(account, "  \n")).status).toBe(400);
    const huge = await putIntents(account, `# ${"x".repeat(MAX_INTENTS_BYTES)}\n${MINE}`);
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: "intents_too_large" });
  });

  it("validates without saving", async () => {
    const res = await admin("POST", `/intents/validate?account=${account}`, MINE);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ valid: true, format: "yaml", intents: 4, enabled: 3, examples: 4 });
    expect(await (await admin("GET", `/intents/versions?account=${account}`)).json()).toMatchObject({ versions: [] });
  });
});

describe("push, pull and versions", () => {
  it("keeps the file as pushed, appends versions and audits each push", async () => {
    const account = uniqueAccountId("int-ver");
    await createAccount(account);
    const first = await putIntents(account, MINE);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ account, version: 1, intents: 4, enabled: 3, examples: 4, warnings: [] });
    expect(await textOf(await admin("GET", `/intents?account=${account}&format=yaml`))).toBe(MINE);

    const asJson = JSON.stringify({ intents: [{ id: "refund", name: "Refund", description: "Money back.", examples: ["refund me please"] }] });
    const second = await putIntents(account, asJson, "application/json");
    expect(await second.json()).toMatchObject({ version: 2, intents: 1 });
    const live = (await (await admin("GET", `/intents?account=${account}`)).json()) as { version: number; source: string };
    expect(live).toMatchObject({ version: 2, source: "pushed", createdBy: "admin" });
    expect(await currentTaxonomy(database(env.DB), account)).toMatchObject({ version: 2, taxonomy: { intents: [{ id: "refund", enabled: true }] } });
    // A JSON push downloads as JSON verbatim, and as YAML re-serialised (which validates again).
    expect(await textOf(await admin("GET", `/intents?account=${account}&format=json`))).toBe(asJson);
    const yaml = await textOf(await admin("GET", `/intents?account=${account}&format=yaml`));
    expect((await admin("POST", `/intents/validate?account=${account}`, yaml)).status).toBe(200);

    const history = (await (await admin("GET", `/intents/versions?account=${account}`)).json()) as { liveVersion: number; versions: Record<string, unknown>[] };
    expect(history.liveVersion).toBe(2);
    expect(history.versions).toEqual([
      expect.objectContaining({ version: 2, intents: 1, enabled: 1, sourceFormat: "json", createdBy: "admin" }),
      expect.objectContaining({ version: 1, intents: 4, enabled: 3, sourceFormat: "yaml" }),
    ]);
    expect(await textOf(await admin("GET", `/intents/versions/1?account=${account}&format=yaml`))).toBe(MINE);
    expect(await (await admin("GET", `/intents/versions/1?account=${account}`)).json()).toMatchObject({
      version: 1,
      intents: 4,
      taxonomy: { intents: expect.any(Array) },
    });
    expect((await admin("GET", `/intents/versions/9?account=${account}`)).status).toBe(404);
    expect((await admin("GET", `/intents/versions/one?account=${account}`)).status).toBe(400);

    const audits = await env.DB.prepare("select subject, details from audit_log where account_id = ? and action = 'intents.updated' order by id")
      .bind(account)
      .all<{ subject: string; details: string }>();
    expect(audits.results.map((r) => [r.subject, JSON.parse(r.details)])).toEqual([
      [
        "intents:v1",
        expect.objectContaining({ intents: 4, enabled: 3, examples: 4, previousVersion: null, added: ["where_is_parcel", "refund", "warranty_claim"] }),
      ],
      [
        "intents:v2",
        expect.objectContaining({ intents: 1, previousVersion: 1, added: [], removed: ["where_is_parcel", "warranty_claim", "newsletter_subscription"] }),
      ],
    ]);
  });

  it("needs the admin token and an account", async () => {
    expect((await SELF.fetch("http://worker/admin/intents?account=x", { method: "PUT", body: MINE })).status).toBe(401);
    expect((await admin("GET", "/intents")).status).toBe(400);
    expect((await admin("GET", "/intents?account=no-such-account-int")).status).toBe(404);
  });
});

describe("intents the rule table uses", () => {
  it("are warnings, not errors, when the pushed taxonomy lacks or disables them", async () => {
    const account = uniqueAccountId("int-rul");
    await createAccount(account);
    const rules = `rules:
  - id: parcel
    when: { text: { keywords: [parcel] } }
    then: { intent: where_is_parcel }
  - id: vip-refund
    when: { all: [{ intent: [refund, chargeback] }, { ticket_tags: [vip] }] }
    then: { priority: high }
  - id: promo
    when: { intent: [newsletter_subscription] }
    then: { route: auto }
`;
    expect((await putRules(account, rules)).status).toBe(200);
    const res = await putIntents(account, MINE);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: number; warnings: { ruleId: string; intent: string; where: string; problem: string; message: string }[] };
    expect(body.version).toBe(1);
    expect(body.warnings).toEqual([
      expect.objectContaining({ ruleId: "vip-refund", intent: "chargeback", where: "when", problem: "missing" }),
      expect.objectContaining({
        ruleId: "promo",
        intent: "newsletter_subscription",
        problem: "disabled",
        message: "rule #2 'promo' matches on intent 'newsletter_subscription', which the taxonomy disables",
      }),
    ]);
    const validate = (await (
      await admin("POST", `/intents/validate?account=${account}`, "intents:\n  - { id: x, name: X, description: Something. }\n")
    ).json()) as typeof body;
    expect(validate.warnings.map((w) => `${w.ruleId}:${w.intent}:${w.where}`)).toEqual([
      "parcel:where_is_parcel:then",
      "vip-refund:refund:when",
      "vip-refund:chargeback:when",
      "promo:newsletter_subscription:when",
    ]);
  });
});

describe("the sidebar and the correction re-tag follow the taxonomy", () => {
  const account = uniqueAccountId("int-side");
  const SECRET = "sidebar-secret-for-intents-0123456789";
  const INTENT_FIELD = 360_020;

  beforeAll(async () => {
    await createAccount(account, {
      secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token", sidebarSecret: SECRET },
      settings: { fields: { intent: INTENT_FIELD }, writeBack: true },
    });
    const rules = "rules:\n  - id: parcel\n    when: { text: { keywords: [parcel] } }\n    then: { intent: where_is_parcel }\n";
    expect((await putRules(account, rules)).status).toBe(200);
    expect((await putIntents(account, MINE)).status).toBe(200);
  });

  async function app(path: string, method = "GET", body?: unknown): Promise<Response> {
    const token = await signSidebarToken(
      SECRET,
      { account, sub: "9100000077", name: "Sam Agent", req: `${method} ${path}` },
      { nowS: Math.floor(Date.now() / 1000), expiresInS: 300 },
    );
    return SELF.fetch(`http://worker${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  it("offers the enabled intents only, with their names", async () => {
    const list = (await (await app("/app/intents")).json()) as IntentList;
    expect(list.labels).toEqual(["refund", "warranty_claim", "where_is_parcel"]);
    expect(list.taxonomyVersion).toBe(1);
    expect(list.intents?.map((i) => i.name)).toEqual(["Where is my parcel", "Refund", "Warranty claim"]);
  });

  it("writes the mapped tag and field value, and removes the stale mapped tag", async () => {
    const id = uniqueTicketId();
    const subject = "My parcel is late";
    const description = "The parcel I ordered has not arrived.";
    await seedTicket({ id, subject, description, tags: ["web"] });
    expect((await postWebhook(JSON.stringify(ticketEvent(id, { subject, description })), { account })).status).toBe(202);
    await waitFor(async () => ((await adminTicket(account, id)).writeback?.status === "succeeded" ? true : undefined), `triage of ${id}`);
    // The triage core tags with the taxonomy's mapping.
    expect((await fakeTicket(id)).tags).toContain("parcel_status");

    const disabled = await app(`/app/tickets/${id}/correction`, "POST", { intent: "newsletter_subscription" });
    expect(disabled.status).toBe(400);
    expect(await disabled.json()).toMatchObject({ error: "unknown_intent" });

    const path = `/api/v2/tickets/${id}.json`;
    const toRefund = await app(`/app/tickets/${id}/correction`, "POST", { intent: "refund" });
    expect(toRefund.status).toBe(201);
    expect(((await toRefund.json()) as Extract<CorrectionResponse, { tags: unknown }>).tags).toEqual({ added: ["refunds"], removed: ["parcel_status"] });
    expect((await fakeRequests({ method: "PUT", path })).at(-1)!.body).toEqual({
      ticket: {
        additional_tags: ["refunds"],
        remove_tags: ["parcel_status"],
        custom_fields: [{ id: INTENT_FIELD, value: "Refund" }],
        safe_update: true,
        updated_stamp: expect.any(String),
      },
    });

    // An intent without a mapping: the default intent__ tag and the id; the mapped tag of the old intent goes.
    const toWarranty = await app(`/app/tickets/${id}/correction`, "POST", { intent: "warranty_claim" });
    expect(((await toWarranty.json()) as Extract<CorrectionResponse, { tags: unknown }>).tags).toEqual({
      added: ["intent__warranty_claim"],
      removed: ["refunds"],
    });
    expect((await fakeRequests({ method: "PUT", path })).at(-1)!.body).toMatchObject({
      ticket: { custom_fields: [{ id: INTENT_FIELD, value: "warranty_claim" }] },
    });
    const tags = (await fakeTicket(id)).tags;
    expect(tags).toContain("intent__warranty_claim");
    expect(tags).toContain("web");
    expect(tags).not.toContain("refunds");
    expect(tags).not.toContain("parcel_status");
  });
});
