/** GET /admin/approvals (the audit) and /admin/approvals/stats (acceptance rate, mean edit distance per intent). */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { decideDraft } from "../../worker/approval/lifecycle";
import { ADMIN, createAccount, seedPendingDraft, uniqueAccountId } from "./helpers";

const actor = (id: string) => ({ via: "sidebar" as const, id, name: `Agent ${id}` });

describe("admin approvals", () => {
  it("lists every action with who, when, original and final text and edit distance; computes stats per intent", async () => {
    const account = uniqueAccountId("audit");
    await createAccount(account);
    const a = await seedPendingDraft(account, { intent: "order_status", body: "Your order ships today." });
    const b = await seedPendingDraft(account, { intent: "order_status", body: "Your order ships today." });
    const c = await seedPendingDraft(account, { intent: "refund", body: "We refunded you." });
    const d = await seedPendingDraft(account, { intent: "refund", body: "We refunded you." });
    await decideDraft(env, { accountId: account, draftId: a.draft.id, action: "approve", actor: actor("1") });
    await decideDraft(env, { accountId: account, draftId: a.draft.id, action: "approve", actor: actor("2") }); // refused: already decided
    await decideDraft(env, { accountId: account, draftId: b.draft.id, action: "edit", text: "Your order ships tomorrow.", actor: actor("1") });
    await decideDraft(env, { accountId: account, draftId: c.draft.id, action: "reject", reason: "wrong policy", actor: actor("2") });
    await decideDraft(env, { accountId: account, draftId: d.draft.id, action: "edit", text: "We refunded you in full.", actor: actor("2") });

    const list = await SELF.fetch(`http://worker/admin/approvals?account=${account}`, { headers: ADMIN });
    expect(list.status).toBe(200);
    const { actions } = (await list.json()) as { actions: Record<string, unknown>[] };
    expect(actions).toHaveLength(5);
    const edit = actions.find((x) => x.draftId === b.draft.id)!;
    expect(edit).toMatchObject({
      action: "edit",
      applied: true,
      actor: "1",
      actorName: "Agent 1",
      via: "sidebar",
      intent: "order_status",
      originalText: "Your order ships today.",
      finalText: "Your order ships tomorrow.",
      editDistance: 6,
    });
    expect(typeof edit.at).toBe("string");

    const one = (await (await SELF.fetch(`http://worker/admin/approvals?account=${account}&draft=${a.draft.id}`, { headers: ADMIN })).json()) as {
      actions: { action: string; applied: boolean }[];
    };
    expect(one.actions.map((x) => [x.action, x.applied])).toEqual([
      ["approve:refused", false],
      ["approve", true],
    ]);

    const stats = (await (await SELF.fetch(`http://worker/admin/approvals/stats?account=${account}`, { headers: ADMIN })).json()) as {
      intents: { intent: string; decided: number; acceptanceRate: number; unchangedRate: number; meanEditDistance: number | null }[];
      overall: { decided: number; acceptanceRate: number; meanEditDistance: number };
    };
    const byIntent = Object.fromEntries(stats.intents.map((i) => [i.intent, i]));
    expect(byIntent.order_status).toMatchObject({
      decided: 2,
      approved: 1,
      edited: 1,
      rejected: 0,
      acceptanceRate: 1,
      unchangedRate: 0.5,
      meanEditDistance: 3,
    });
    expect(byIntent.refund).toMatchObject({ decided: 2, approved: 0, edited: 1, rejected: 1, acceptanceRate: 0.5, unchangedRate: 0, meanEditDistance: 8 });
    expect(stats.overall).toMatchObject({ decided: 4, acceptanceRate: 0.75 });
    expect(stats.overall.meanEditDistance).toBeCloseTo((0 + 6 + 8) / 3, 2);
  });

  it("needs the admin token and a valid account / draft", async () => {
    expect((await SELF.fetch("http://worker/admin/approvals?account=x")).status).toBe(401);
    expect((await SELF.fetch("http://worker/admin/approvals", { headers: ADMIN })).status).toBe(400);
    expect((await SELF.fetch("http://worker/admin/approvals?account=nope-none", { headers: ADMIN })).status).toBe(404);
    const account = uniqueAccountId("audit");
    await createAccount(account);
    expect((await SELF.fetch(`http://worker/admin/approvals?account=${account}&draft=abc`, { headers: ADMIN })).status).toBe(400);
    const empty = (await (await SELF.fetch(`http://worker/admin/approvals/stats?account=${account}`, { headers: ADMIN })).json()) as {
      intents: unknown[];
      overall: { acceptanceRate: null };
    };
    expect(empty.intents).toEqual([]);
    expect(empty.overall.acceptanceRate).toBeNull();
  });
});
