/**
 * The draft lifecycle's table is the only way a status changes: a move TRANSITIONS does not list is refused with a
 * typed result and leaves the row as it was, whoever asks (the lifecycle functions or transition itself).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { canTransition, decideDraft, expireDraft, markComposed, TRANSITIONS, transition } from "../../worker/approval/lifecycle";
import { database } from "../../worker/store/db";
import { getDraft } from "../../worker/store/drafts";
import { createAccount, seedPendingDraft, uniqueAccountId } from "./helpers";

const account = uniqueAccountId("life");
const db = () => database(env.DB);
const human = { via: "sidebar" as const, id: "9100000001", name: "Sam Support" };

beforeAll(async () => {
  await createAccount(account);
});

describe("the transition table", () => {
  it("lets only drafting and pending move; decided drafts are final", () => {
    expect(canTransition("drafting", "pending")).toBe(true);
    expect(canTransition("pending", "approved")).toBe(true);
    expect(canTransition("pending", "superseded")).toBe(true);
    expect(canTransition("drafting", "approved")).toBe(false);
    expect(canTransition("approved", "pending")).toBe(false);
    expect(canTransition("expired", "approved")).toBe(false);
    for (const status of ["approved", "edited", "rejected", "escalated", "expired", "superseded", "failed"] as const) expect(TRANSITIONS[status]).toEqual([]);
  });
});

describe("a transition outside the table", () => {
  it("is refused with a typed result and changes nothing", async () => {
    const { draft } = await seedPendingDraft(account);
    expect((await decideDraft(env, { accountId: account, draftId: draft.id, action: "approve", actor: human })).ok).toBe(true);
    const approved = (await getDraft(db(), draft.accountId, draft.id))!;

    // approved → pending is not an edge of the table.
    const back = await transition(db(), draft, "pending", { body: "rewritten" });
    expect(back).toMatchObject({ ok: false, error: "refused", from: "approved", to: "pending" });
    // Nor approved → expired (a timeout after the human won) or approved → rejected (a second decision).
    expect(await expireDraft(db(), draft, 30)).toBeUndefined();
    expect(await decideDraft(env, { accountId: account, draftId: draft.id, action: "reject", reason: "too late", actor: human })).toMatchObject({
      ok: false,
      error: "already_decided",
    });
    expect(
      await markComposed(db(), draft, {
        modelLabel: null,
        body: "x",
        citations: [],
        confidence: 1,
        needsHuman: false,
        reason: null,
        source: "llm",
        model: "m",
        costUsd: 0,
        note: null,
      }),
    ).toBe("approved");

    expect(await getDraft(db(), draft.accountId, draft.id)).toEqual(approved);
  });

  it("a missing draft is not_found, not refused", async () => {
    expect(await transition(db(), { accountId: account, id: 987_654_321 }, "approved")).toEqual({ ok: false, error: "not_found" });
  });
});
