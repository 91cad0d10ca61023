/** Knowledge base: import (JSON/CSV/Markdown) through the admin API, FTS5/BM25 search, Zendesk sync, listing. */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import demoStore from "../../dev/demo-data/demo-store.json";
import { searchKb } from "../../worker/kb/search";
import { ADMIN, createAccount, uniqueAccountId } from "./helpers";

const account = uniqueAccountId("kb");
const admin = (path: string, init: RequestInit = {}) => SELF.fetch(`http://worker/admin${path}`, { ...init, headers: { ...ADMIN, ...(init.headers ?? {}) } });

async function importFile(acct: string, body: string, opts: { format?: string; contentType?: string; replace?: boolean } = {}) {
  const q = new URLSearchParams({ account: acct, ...(opts.format ? { format: opts.format } : {}), ...(opts.replace ? { replace: "true" } : {}) });
  return admin(`/kb/import?${q}`, { method: "POST", headers: { "Content-Type": opts.contentType ?? "application/json" }, body });
}

beforeAll(async () => {
  await createAccount(account);
  const res = await importFile(account, JSON.stringify(demoStore));
  expect(res.status).toBe(200);
});

describe("demo knowledge base", () => {
  it("ships 30+ articles and macros for a fictional store, and imports idempotently", async () => {
    const docs = demoStore.documents;
    expect(docs.length).toBeGreaterThanOrEqual(30);
    expect(docs.filter((d) => d.kind === "article").length).toBeGreaterThanOrEqual(20);
    expect(docs.filter((d) => d.kind === "macro").length).toBeGreaterThanOrEqual(8);
    const again = await importFile(account, JSON.stringify(demoStore));
    expect(await again.json()).toMatchObject({ total: docs.length, created: 0, updated: 0, unchanged: docs.length });
    const list = await (await admin(`/kb?account=${account}&kind=macro`)).json<{ total: number; documents: { docId: string; kind: string }[] }>();
    expect(list.total).toBe(docs.filter((d) => d.kind === "macro").length);
    expect(list.documents.every((d) => d.kind === "macro")).toBe(true);
  });

  it.each([
    ["Where is my parcel? I need the tracking number", ["shp-03", "mac-01"]],
    ["I want my money back, what is your refund policy?", ["ret-02"]],
    ["How do I cancel the order I placed ten minutes ago?", ["ord-02"]],
    ["forgot my password, the reset link expired", ["acc-03", "mac-06"]],
    ["I was charged twice for one order", ["pay-03", "mac-08"]],
    ["Please delete my account and my data", ["acc-05", "mac-10"]],
  ])("ranks the right document (article or macro) first for %j (BM25)", async (query, expected) => {
    const hits = await searchKb(env.DB, account, query, { limit: 3 });
    expect(expected).toContain(hits[0]?.docId);
    expect(hits[0]!.score).toBeLessThan(0);
  });

  it("prefers documents in the customer's language", async () => {
    const hits = await searchKb(env.DB, account, "Rücksendung Erstattung Geld zurück refund", { limit: 3, locale: "de" });
    expect(hits[0]).toMatchObject({ docId: "ret-de-01", locale: "de" });
  });

  it("is safe against FTS syntax in the query and keeps accounts apart", async () => {
    const other = uniqueAccountId("kb-other");
    await createAccount(other);
    expect(await searchKb(env.DB, other, "refund policy", {})).toEqual([]);
    const weird = await searchKb(env.DB, account, 'refund" OR * NEAR( -- ) AND "', { limit: 2 });
    expect(weird.length).toBeGreaterThan(0);
    expect(await searchKb(env.DB, account, "[EMAIL_1] 12345 the and", {})).toEqual([]);
  });

  it("previews a search with the passage a prompt would get", async () => {
    const res = await admin(`/kb/search?account=${account}&q=${encodeURIComponent("damaged item arrived broken")}&limit=2`);
    const body = await res.json<{ results: { docId: string; passage: string; score: number }[] }>();
    expect(res.status).toBe(200);
    expect(body.results[0]!.docId).toMatch(/^(ret-04|mac-07)$/);
    expect(body.results[0]!.passage.length).toBeGreaterThan(50);
  });
});

describe("import formats and errors", () => {
  it("imports CSV (quoted commas, quotes and line breaks) and Markdown with front matter", async () => {
    const acct = uniqueAccountId("kb-fmt");
    await createAccount(acct);
    const csv =
      'id,kind,title,body,url,locale,tags\ncsv-1,article,"Gift wrap, cards and notes","We wrap gifts for $5.\nAdd a ""note"" at checkout.",https://help.example.com/gift,en,gift wrap\n';
    const r1 = await importFile(acct, csv, { contentType: "text/csv" });
    expect(await r1.json()).toMatchObject({ format: "csv", created: 1 });
    const md =
      "---\nid: md-1\nkind: macro\ntags: [gift, wrapping]\n---\n# Gift wrapping confirmation\n\nHi {{ticket.requester.first_name}}, your gift will be **wrapped** with a note.\n";
    const r2 = await importFile(acct, md, { format: "markdown", contentType: "text/markdown" });
    expect(await r2.json()).toMatchObject({ format: "markdown", created: 1 });
    const doc = await (await admin(`/kb/documents/md-1?account=${acct}`)).json<{ document: { title: string; body: string; kind: string; tags: string[] } }>();
    expect(doc.document).toMatchObject({ title: "Gift wrapping confirmation", kind: "macro", tags: ["gift", "wrapping"] });
    expect(doc.document.body).toBe("Hi {{ticket.requester.first_name}}, your gift will be wrapped with a note.");
    const hits = await searchKb(env.DB, acct, "can you wrap my gift?", {});
    expect(hits.map((h) => h.docId).sort()).toEqual(["csv-1", "md-1"]);
  });

  it("rejects an invalid file with 422 naming each line, and imports nothing", async () => {
    const acct = uniqueAccountId("kb-bad");
    await createAccount(acct);
    const bad = '[\n  {"id": "ok-1", "title": "Fine", "body": "Fine body"},\n  {"id": "bad 2", "title": "", "body": "x", "kind": "faq"}\n]';
    const res = await importFile(acct, bad);
    expect(res.status).toBe(422);
    const body = await res.json<{ error: string; details: { problems: { line: number; document: string; field: string }[] } }>();
    expect(body.error).toBe("invalid_documents");
    expect(body.details.problems.map((p) => [p.line, p.field])).toEqual([
      [3, "id"],
      [3, "kind"],
      [3, "title"],
    ]);
    const csvRes = await importFile(acct, "id,title,body\nx,Title\n", { format: "csv" });
    expect((await csvRes.json<{ details: { problems: { line: number; message: string }[] } }>()).details.problems[0]).toMatchObject({
      line: 2,
      message: "expected 3 fields (as in the header), got 2",
    });
    expect((await (await admin(`/kb?account=${acct}`)).json<{ total: number }>()).total).toBe(0);
  });

  it("replaces an import and deletes single documents", async () => {
    const acct = uniqueAccountId("kb-rep");
    await createAccount(acct);
    const docs = (ids: string[]) => JSON.stringify(ids.map((id) => ({ id, title: `Doc ${id}`, body: `About ${id}` })));
    await importFile(acct, docs(["a", "b", "c"]));
    const r = await importFile(acct, docs(["a", "d"]), { replace: true });
    expect(await r.json()).toMatchObject({ created: 1, unchanged: 1, removed: 2 });
    expect((await admin(`/kb/documents/d?account=${acct}`, { method: "DELETE" })).status).toBe(200);
    const list = await (await admin(`/kb?account=${acct}`)).json<{ documents: { docId: string }[] }>();
    expect(list.documents.map((d) => d.docId)).toEqual(["a"]);
    // The FTS index follows deletes and updates (triggers).
    expect(await searchKb(env.DB, acct, "About d", {})).toEqual([]);
  });
});

describe("sync from Zendesk Help Center and macros", () => {
  it("pulls published articles (HTML flattened) and active macros, and mirrors deletions", async () => {
    const acct = uniqueAccountId("kb-zd");
    await createAccount(acct);
    const base = 7_000_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
    const seed = {
      articles: [
        {
          id: base + 1,
          title: "Gift card balance",
          body: "<p>Check your <strong>gift card</strong> balance under <em>Account &gt; Gift cards</em>.</p><ul><li>Never expires</li></ul>",
          label_names: ["gift cards"],
        },
        { id: base + 2, title: "Unpublished draft", body: "<p>secret draft</p>", draft: true },
      ],
      macros: [
        { id: base + 3, title: "Billing::Gift card balance", comment: "Hi {{ticket.requester.first_name}}, your gift card never expires." },
        { id: base + 4, title: "Inactive macro", active: false, comment: "old" },
      ],
    };
    const seeded = await fetch(`${env.FAKE_ZENDESK_URL}/__fake/seed`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(seed),
    });
    expect(seeded.ok).toBe(true);
    const res = await admin(`/kb/sync?account=${acct}`, { method: "POST" });
    expect(res.status).toBe(200);
    const list = await (await admin(`/kb?account=${acct}&source=zendesk&limit=500`)).json<{ documents: { docId: string; kind: string; title: string }[] }>();
    const ids = list.documents.map((d) => d.docId);
    expect(ids).toContain(`zd-article-${base + 1}`);
    expect(ids).toContain(`zd-macro-${base + 3}`);
    expect(ids).not.toContain(`zd-article-${base + 2}`);
    expect(ids).not.toContain(`zd-macro-${base + 4}`);
    const article = await (await admin(`/kb/documents/zd-article-${base + 1}?account=${acct}`)).json<{
      document: { body: string; url: string; tags: string[] };
    }>();
    expect(article.document.body).toBe("Check your gift card balance under Account > Gift cards.\n\n- Never expires");
    expect(article.document.url).toMatch(new RegExp(`/articles/${base + 1}`));
    const macro = list.documents.find((d) => d.docId === `zd-macro-${base + 3}`);
    expect(macro).toMatchObject({ kind: "macro", title: "Billing › Gift card balance" });
    expect((await searchKb(env.DB, acct, "gift card balance expiry", {}))[0]?.docId).toMatch(/^zd-(article|macro)-/);

    // A second sync with the same data changes nothing.
    const again = await (await admin(`/kb/sync?account=${acct}`, { method: "POST" })).json<{ created: number; updated: number; removed: number }>();
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0 });
  });

  it("reports Zendesk failures without changing the knowledge base", async () => {
    const acct = uniqueAccountId("kb-zdfail");
    await createAccount(acct, { apiBaseUrl: "http://127.0.0.1:9" });
    const res = await admin(`/kb/sync?account=${acct}`, { method: "POST" });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: "zendesk_sync_failed" });
  });
});
