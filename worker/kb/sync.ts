/** Sync the knowledge base from Zendesk: Help Center articles and active macros → kb_documents (source "zendesk"). */
import type { AccountWithSecrets } from "../store/accounts";
import type { Database } from "../store/db";
import { helpCenterClientFor, macroCommentText, type HelpCenterClient } from "../zendesk/help-center";
import type { KbDocument } from "./documents";
import { htmlToText, tidy } from "./text";
import { upsertDocuments, type UpsertResult } from "../store/kb";

export interface SyncResult extends UpsertResult {
  articles: number;
  macros: number;
  skipped: { drafts: number; emptyMacros: number };
}

export async function syncFromZendesk(
  db: Database,
  account: AccountWithSecrets,
  opts: { locales?: string[]; client?: HelpCenterClient } = {},
): Promise<SyncResult> {
  const client = opts.client ?? helpCenterClientFor(account);
  const articleLists = opts.locales?.length ? await Promise.all(opts.locales.map((l) => client.listArticles(l))) : [await client.listArticles()];
  const macros = await client.listActiveMacros();

  const docs: KbDocument[] = [];
  const skipped = { drafts: 0, emptyMacros: 0 };
  const seen = new Set<string>();
  for (const article of articleLists.flat()) {
    if (article.draft) {
      skipped.drafts++;
      continue;
    }
    // A translated article shares its id with the source: the locale keeps the ids apart.
    const docId = `zd-article-${article.id}${article.locale && articleLists.length > 1 ? `-${article.locale.toLowerCase()}` : ""}`;
    if (seen.has(docId)) continue;
    seen.add(docId);
    const body = htmlToText(article.body ?? "");
    if (!body) continue;
    docs.push({
      docId,
      kind: "article",
      title: article.title.slice(0, 300),
      body: body.slice(0, 50_000),
      url: article.html_url,
      locale: (article.locale || "en").toLowerCase(),
      tags: (article.label_names ?? []).map((t) => t.toLowerCase().replace(/[^\p{L}\p{N}_.:-]+/gu, "-")).slice(0, 50),
    });
  }
  for (const macro of macros) {
    const comment = macroCommentText(macro);
    const body = comment ? (comment.html ? htmlToText(comment.text) : tidy(comment.text)) : "";
    if (!body) {
      skipped.emptyMacros++;
      continue;
    }
    const title = macro.title.replace(/::/g, " › ").slice(0, 300);
    const description = macro.description ? `${tidy(macro.description)}\n\n` : "";
    docs.push({ docId: `zd-macro-${macro.id}`, kind: "macro", title, body: `${description}${body}`.slice(0, 50_000), url: null, locale: "en", tags: [] });
  }
  // Both lists were read completely (an error above throws before anything is written): mirror them.
  const result = await upsertDocuments(db, account.id, docs, "zendesk", { replaceSource: true });
  return { ...result, articles: docs.filter((d) => d.kind === "article").length, macros: docs.filter((d) => d.kind === "macro").length, skipped };
}
