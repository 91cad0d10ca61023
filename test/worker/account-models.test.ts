/// <reference path="../../worker/intent-model/modules.d.ts" />
/**
 * Per-account edge models in workerd with local R2 and D1: upload checks, the promotion rule on held-out
 * examples, rollback, the loader's fallback to the shipped model, and an account model used by its account only.
 * The two fixture models are tiny real models (test/node/write-account-model-fixtures.ts): `strong` knows the
 * five garden-shop intents, `weak` is an early one without spare parts.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import strongConfig from "../fixtures/models/account/strong/config.json";
import strongOnnx from "../fixtures/models/account/strong/model.onnx";
import weakConfig from "../fixtures/models/account/weak/config.json";
import weakOnnx from "../fixtures/models/account/weak/model.onnx";
import heldOut from "../fixtures/models/account/held-out.json";
import { classifierForAccount, RETRY_FAILED_LOAD_MS, resetAccountModelCache } from "../../worker/intent-model/account-model";
import { SHIPPED_MODEL_VERSION } from "../../worker/intent-model/index";
import { toBase64 } from "../../worker/lib/encoding";
import { auditEntries } from "../../worker/store/audit";
import { database } from "../../worker/store/db";
import { isHeldOut } from "../../worker/lib/held-out";
import { upsertTrainingExample } from "../../worker/store/training-examples";
import { parseTaxonomy } from "../../worker/triage/intents/schema";
import type { CascadeTiers } from "../../worker/pipeline/cascade";
import { processEvent } from "../../worker/pipeline/process-event";
import { latestDecision, toDecision } from "../../worker/store/decisions";
import { recordEvent } from "../../worker/store/events";
import { ADMIN, createAccount, seedTicket, ticketEvent, uniqueAccountId, uniqueTicketId } from "./helpers";

const db = () => database(env.DB);
const admin = (path: string, init: RequestInit = {}) => SELF.fetch(`http://worker/admin${path}`, { ...init, headers: { ...ADMIN, ...(init.headers ?? {}) } });
const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;

const STRONG = strongConfig.version;
const WEAK = weakConfig.version;

const GARDEN_INTENTS = ["warranty_claim", "wholesale_inquiry", "gift_card_balance", "subscription_pause", "spare_parts"];
const TAXONOMY = parseTaxonomy({
  intents: GARDEN_INTENTS.map((id) => ({ id, name: id.replace(/_/g, " "), description: `Tickets about ${id.replace(/_/g, " ")}.` })),
});
const TAXONOMY_YAML = `intents:\n${GARDEN_INTENTS.map((id) => `  - id: ${id}\n    name: ${id.replace(/_/g, " ")}\n    description: Tickets about ${id.replace(/_/g, " ")}.\n`).join("")}`;

function upload(account: string, config: unknown, onnx: ArrayBuffer | Uint8Array, extra: Record<string, unknown> = {}) {
  return admin(`/models?account=${account}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ config, model: toBase64(onnx instanceof Uint8Array ? onnx : new Uint8Array(onnx)), ...extra }),
  });
}

const promote = (account: string, version: string, query = "") => admin(`/models/${version}/promote?account=${account}${query}`, { method: "POST" });
const rollback = (account: string) => admin(`/models/rollback?account=${account}`, { method: "POST" });
async function listModels(account: string) {
  return json<{
    liveVersion: string | null;
    previousVersion: string | null;
    shippedVersion: string;
    versions: { version: string; status: string; labelCount: number; bytes: number; evaluation: Record<string, unknown> | null }[];
  }>(await admin(`/models?account=${account}`));
}

/** Ticket ids the store puts in the held-out split for this account (the split is a hash of account + ticket). */
function heldOutTicketIds(account: string, n: number): number[] {
  const ids: number[] = [];
  for (let id = 1; ids.length < n; id++) if (isHeldOut(account, id)) ids.push(id);
  return ids;
}

async function seedHeldOut(account: string, examples: readonly { text: string; intent: string }[]) {
  const ids = heldOutTicketIds(account, examples.length);
  for (const [i, e] of examples.entries()) {
    await upsertTrainingExample(db(), { accountId: account, ticketId: ids[i]!, text: e.text, intent: e.intent, source: "correction" });
  }
}

async function pushTaxonomy(account: string) {
  const res = await admin(`/intents?account=${account}`, { method: "PUT", headers: { "Content-Type": "application/yaml" }, body: TAXONOMY_YAML });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe("upload", () => {
  const account = uniqueAccountId("mdl-up");
  beforeAll(() => createAccount(account));

  it("stores a candidate in R2 under its content-hash version, once", async () => {
    const first = await upload(account, strongConfig, strongOnnx, { training: { examples: 60 } });
    expect(first.status, await first.clone().text()).toBe(201);
    const body = await json<{ created: boolean; model: { version: string; status: string; labels: string[]; bytes: number; training: unknown } }>(first);
    expect(body.created).toBe(true);
    expect(body.model).toMatchObject({ version: STRONG, status: "candidate", bytes: strongOnnx.byteLength, training: { examples: 60 } });
    expect(body.model.labels.sort()).toEqual([...GARDEN_INTENTS].sort());
    const stored = await env.MODELS.get(`models/${account}/${STRONG}/model.onnx`);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(new Uint8Array(strongOnnx));
    expect(await env.MODELS.head(`models/${account}/${STRONG}/config.json`)).not.toBeNull();

    const again = await upload(account, strongConfig, strongOnnx);
    expect(again.status).toBe(200);
    expect(await json(again)).toMatchObject({ created: false, model: { version: STRONG, status: "candidate" } });
    const list = await listModels(account);
    expect(list.versions.filter((v) => v.version === STRONG)).toHaveLength(1);
    expect(list).toMatchObject({ liveVersion: null, shippedVersion: SHIPPED_MODEL_VERSION });
    const audits = (await auditEntries(db(), account)).filter((a) => a.action === "model.uploaded");
    expect(audits).toHaveLength(1);
  });

  it("refuses a graph whose checksum does not match its config, naming both", async () => {
    const config = { ...strongConfig, graph: { ...strongConfig.graph, sha256: "0".repeat(64) } };
    const res = await upload(account, config, strongOnnx);
    expect(res.status).toBe(422);
    const body = await json<{ error: string; message: string }>(res);
    expect(body.error).toBe("sha256_mismatch");
    expect(body.message).toContain(strongConfig.graph.sha256);
  });

  it("refuses truncated bytes, a broken config, a bad version, bad base64 and a graph that does not fit its config", async () => {
    const truncated = await upload(account, strongConfig, new Uint8Array(strongOnnx).slice(0, 1000));
    expect(truncated.status).toBe(422);
    expect(await json(truncated)).toMatchObject({ error: "bytes_mismatch" });

    const noLabels = await upload(account, { ...strongConfig, labels: ["only_one"] }, strongOnnx);
    expect(noLabels.status).toBe(422);
    expect(await json(noLabels)).toMatchObject({ error: "invalid_model_config", message: expect.stringContaining("at least two labels") });

    const badVersion = await upload(account, { ...strongConfig, version: "../../etc" }, strongOnnx);
    expect(await json(badVersion)).toMatchObject({ error: "invalid_version" });

    const notBase64 = await admin(`/models?account=${account}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ config: strongConfig, model: "%%%not base64%%%" }),
    });
    expect(notBase64.status).toBe(400);
    expect(await json(notBase64)).toMatchObject({ error: "invalid_base64" });

    // The weak graph (4 classes) described by a 5-label config: checksums fit, the session does not.
    const mismatched = { ...strongConfig, version: "greenway-000000000001", graph: weakConfig.graph };
    const res = await upload(account, mismatched, weakOnnx);
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({ error: "model_does_not_load", message: expect.stringContaining("does not fit its config") });
    expect((await listModels(account)).versions.map((v) => v.version)).not.toContain("greenway-000000000001");
  });

  it("refuses a second graph under a version that is already registered", async () => {
    const impostor = { ...weakConfig, version: STRONG, name: "greenway" };
    const res = await upload(account, impostor, weakOnnx);
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ error: "version_conflict" });
  });

  it("answers 404 for an unknown account and 400 without one", async () => {
    expect((await upload("no-such-account", strongConfig, strongOnnx)).status).toBe(404);
    expect((await admin("/models")).status).toBe(400);
  });
});

describe("promotion and rollback", () => {
  const account = uniqueAccountId("mdl-pr");
  beforeAll(async () => {
    await createAccount(account);
    await pushTaxonomy(account);
    await seedHeldOut(account, heldOut);
    expect((await upload(account, weakConfig, weakOnnx)).status).toBe(201);
    expect((await upload(account, strongConfig, strongOnnx)).status).toBe(201);
  });

  it("promotes a candidate that beats the shipped model, showing both models' figures", async () => {
    const res = await promote(account, WEAK);
    const body = await json<{
      promoted: string;
      previousVersion: string | null;
      heldOut: number;
      verdict: string;
      candidate: { accuracy: number };
      live: { version: string; accuracy: number };
    }>(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ promoted: WEAK, previousVersion: null, heldOut: heldOut.length, verdict: "better" });
    expect(body.live.version.startsWith(SHIPPED_MODEL_VERSION)).toBe(true);
    expect(body.candidate.accuracy).toBeGreaterThan(body.live.accuracy);
    const list = await listModels(account);
    expect(list.liveVersion).toBe(WEAK);
    expect(list.versions.find((v) => v.version === WEAK)).toMatchObject({ status: "live", evaluation: { promoted: true } });
  });

  it("promotes a better candidate over the live one", async () => {
    const res = await promote(account, STRONG);
    const body = await json<{
      previousVersion: string;
      candidate: { accuracy: number; coverageAtPrecision: number };
      live: { version: string; accuracy: number; coverageAtPrecision: number };
    }>(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.previousVersion).toBe(WEAK);
    expect(body.live.version.startsWith(WEAK)).toBe(true);
    expect(body.candidate.accuracy).toBeGreaterThan(body.live.accuracy);
    const list = await listModels(account);
    expect(list).toMatchObject({ liveVersion: STRONG, previousVersion: WEAK });
    expect(Object.fromEntries(list.versions.map((v) => [v.version, v.status]))).toEqual({ [STRONG]: "live", [WEAK]: "retired" });
  });

  it("refuses a worse candidate with 409 and both figures, rejects it and keeps the live model", async () => {
    const res = await promote(account, WEAK);
    expect(res.status).toBe(409);
    const body = await json<{ error: string; message: string; details: { verdict: string; candidate: { accuracy: number }; live: { accuracy: number } } }>(res);
    expect(body.error).toBe("candidate_not_better");
    expect(body.message).toMatch(/accuracy 80\.0% vs 100\.0%/);
    expect(body.details.verdict).toBe("worse");
    expect(body.details.candidate.accuracy).toBeLessThan(body.details.live.accuracy);
    const list = await listModels(account);
    expect(list.liveVersion).toBe(STRONG);
    expect(list.versions.find((v) => v.version === WEAK)).toMatchObject({
      status: "rejected",
      evaluation: { promoted: false, comparison: { verdict: "worse" } },
    });
    expect((await auditEntries(db(), account)).map((a) => a.action)).toContain("model.promotion_refused");
  });

  it("refuses to promote the live version, and a forced promotion needs a reason", async () => {
    expect(await json(await promote(account, STRONG))).toMatchObject({ error: "already_live" });
    const noReason = await promote(account, WEAK, "&force=true");
    expect(noReason.status).toBe(400);
    expect(await json(noReason)).toMatchObject({ error: "reason_required" });
  });

  it("rolls back to the previous version, then to the shipped model, then has nothing left", async () => {
    const first = await rollback(account);
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({ rolledBack: STRONG, liveVersion: WEAK });
    let list = await listModels(account);
    expect(Object.fromEntries(list.versions.map((v) => [v.version, v.status]))).toEqual({ [STRONG]: "retired", [WEAK]: "live" });

    expect(await json(await rollback(account))).toMatchObject({ rolledBack: WEAK, liveVersion: null });
    list = await listModels(account);
    expect(list.liveVersion).toBeNull();
    expect(list.versions.every((v) => v.status === "retired")).toBe(true);

    const none = await rollback(account);
    expect(none.status).toBe(409);
    expect(await json(none)).toMatchObject({ error: "nothing_to_roll_back" });
    const actions = (await auditEntries(db(), account)).map((a) => a.action);
    expect(actions.filter((a) => a === "model.rolled_back")).toHaveLength(2);
  });

  it("forces a promotion with an audited reason", async () => {
    const res = await promote(account, WEAK, `&force=true&reason=${encodeURIComponent("hotfix while we relabel")}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ promoted: WEAK, forced: true, forceReason: "hotfix while we relabel" });
    const entry = (await auditEntries(db(), account)).find((a) => a.action === "model.promoted");
    expect(entry?.details).toMatchObject({ forced: true, forceReason: "hotfix while we relabel" });
  });

  it("refuses a promotion on too few held-out examples unless forced", async () => {
    const small = uniqueAccountId("mdl-few");
    await createAccount(small);
    await pushTaxonomy(small);
    await seedHeldOut(small, heldOut.slice(0, 5));
    await upload(small, strongConfig, strongOnnx);
    const res = await promote(small, STRONG);
    expect(res.status).toBe(409);
    const body = await json<{ error: string; message: string; details: { heldOut: number; minHeldOut: number } }>(res);
    expect(body).toMatchObject({ error: "not_enough_held_out", details: { heldOut: 5, minHeldOut: 20 } });
    expect(body.message).toContain("needs 20");
    expect((await listModels(small)).liveVersion).toBeNull();
  });

  it("lists training examples per split for the trainer, with counts", async () => {
    const res = await admin(`/training-examples?account=${account}&split=held_out`);
    const body = await json<{ count: number; examples: { text: string; intent: string; heldOut: boolean }[] }>(res);
    expect(body.count).toBe(heldOut.length);
    expect(body.examples.every((e) => e.heldOut)).toBe(true);
    expect(await json(await admin(`/training-examples?account=${account}&split=train`))).toMatchObject({ count: 0 });
    expect(await json(await admin(`/training-examples/counts?account=${account}`))).toMatchObject({ train: 0, heldOut: heldOut.length });
    expect((await admin(`/training-examples?account=${account}&split=everything`)).status).toBe(400);
  });
});

describe("the loader", () => {
  const withModel = uniqueAccountId("mdl-a");
  const withoutModel = uniqueAccountId("mdl-b");
  beforeAll(async () => {
    await createAccount(withModel);
    await createAccount(withoutModel);
    await upload(withModel, strongConfig, strongOnnx);
    const forced = await promote(withModel, STRONG, "&force=true&reason=loader%20test");
    expect(forced.status, await forced.clone().text()).toBe(200);
  });

  it("runs an account's model for that account only", async () => {
    const a = await classifierForAccount(env, db(), withModel, { version: 1, taxonomy: TAXONOMY });
    const b = await classifierForAccount(env, db(), withoutModel, { version: 1, taxonomy: TAXONOMY });
    expect(a.fallback).toBeNull();
    expect(b.fallback).toBeNull();
    expect(a.classifier!.version.startsWith(STRONG)).toBe(true);
    expect(b.classifier!.version.startsWith(SHIPPED_MODEL_VERSION)).toBe(true);
    const text = "Can I buy a replacement blade for my GM-420 lawn mower?";
    expect((await a.classifier!.predict(text)).top[0]?.label).toBe("spare_parts");
    expect(b.classifier!.labels).not.toContain("spare_parts");
    // Cached per isolate: the same account and taxonomy get the same classifier object.
    expect((await classifierForAccount(env, db(), withModel, { version: 1, taxonomy: TAXONOMY })).classifier).toBe(a.classifier);
  });

  it("falls back to the shipped model when the account's R2 object is corrupt, and says so", async () => {
    const account = uniqueAccountId("mdl-bad");
    await createAccount(account);
    await upload(account, strongConfig, strongOnnx);
    await promote(account, STRONG, "&force=true&reason=corrupt%20test");
    const damaged = new Uint8Array(strongOnnx.slice(0));
    damaged[damaged.length - 10] = damaged[damaged.length - 10]! ^ 0xff;
    await env.MODELS.put(`models/${account}/${STRONG}/model.onnx`, damaged);
    // The promotion loaded the model into this isolate's cache; a fresh isolate reads R2 again.
    await resetAccountModelCache();

    const result = await classifierForAccount(env, db(), account, { version: 1, taxonomy: TAXONOMY });
    expect(result.classifier!.version.startsWith(SHIPPED_MODEL_VERSION)).toBe(true);
    expect(result.fallback).toMatch(new RegExp(`^account model ${STRONG} failed to load: .*SHA-256.*; the shipped model answered$`));
  });

  it("a ticket triaged while the account's model is broken records that the shipped model answered, and why", async () => {
    const account = uniqueAccountId("mdl-tkt");
    await createAccount(account, { settings: { writeBack: false } });
    await upload(account, strongConfig, strongOnnx);
    await promote(account, STRONG, "&force=true&reason=pipeline%20test");
    await env.MODELS.delete(`models/${account}/${STRONG}/model.onnx`);
    await resetAccountModelCache();
    const tiers: CascadeTiers = { models: classifierForAccount, llm: async () => ({ ran: false, reason: "no LLM in this test" }) };
    const id = uniqueTicketId();
    await seedTicket({ id, subject: "Spare blade", description: "Do you sell a replacement blade for the GM-420?", updated_at: new Date().toISOString() });
    const event = await recordEvent(db(), {
      accountId: account,
      dedupeKey: `account-models-${id}`,
      eventType: "zen:event-type:ticket.created",
      ticketId: id,
      payload: JSON.stringify(ticketEvent(id, { subject: "Spare blade", description: "Do you sell a replacement blade for the GM-420?" })),
    });
    expect(await processEvent(env, { eventId: event.id, accountId: account }, tiers)).toBe("triaged");
    const decision = toDecision((await latestDecision(db(), account, id))!);
    expect(decision.cascade.modelFallback).toBe(`account model ${STRONG} failed to load: model.onnx is missing from R2; the shipped model answered`);
    expect(decision.reasons.join("\n")).toContain("model.onnx is missing from R2");
  });

  it("falls back when an object is missing, remembers the failure for a while, and loads once it is back", async () => {
    const account = uniqueAccountId("mdl-gone");
    await createAccount(account);
    await upload(account, strongConfig, strongOnnx);
    await promote(account, STRONG, "&force=true&reason=missing%20test");
    const key = `models/${account}/${STRONG}/config.json`;
    const config = await (await env.MODELS.get(key))!.text();
    await env.MODELS.delete(key);
    await resetAccountModelCache();

    const missing = await classifierForAccount(env, db(), account, { version: 1, taxonomy: TAXONOMY });
    expect(missing.fallback).toBe(`account model ${STRONG} failed to load: config.json is missing from R2; the shipped model answered`);

    await env.MODELS.put(key, config);
    // Within RETRY_FAILED_LOAD_MS the failure is remembered (R2 is not asked on every ticket)...
    expect(RETRY_FAILED_LOAD_MS).toBeGreaterThan(1000);
    expect((await classifierForAccount(env, db(), account, { version: 1, taxonomy: TAXONOMY })).fallback).toContain("config.json is missing");
    // ...and a fresh isolate (here: a cleared cache) loads the restored artifact.
    await resetAccountModelCache();
    const back = await classifierForAccount(env, db(), account, { version: 1, taxonomy: TAXONOMY });
    expect(back.fallback).toBeNull();
    expect(back.classifier!.version.startsWith(STRONG)).toBe(true);
  });
});
