/**
 * Connect or update a Zendesk account. Secrets go in, never come out (GET names the ones that are set).
 * PUT replaces the whole account; PATCH is a JSON Merge Patch (RFC 7396): secrets by name and settings by path,
 * `null` removes, arrays are replaced, and the merged account is validated as a PUT body would be.
 */
import { Hono } from "hono";
import mergePatch from "json-merge-patch";
import { z } from "zod";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { jsonBody, validationIssues } from "../http/middleware";
import { accountSettingsSchema } from "../settings/account";
import { findAccount, publicAccount, unlockAccount, upsertAccount, type AccountWithSecrets } from "../store/accounts";
import { audit } from "../store/audit";
import { accountSecretsSchema, type AccountSecrets } from "../store/secrets";

const accountInput = z
  .object({
    name: z.string().min(1).max(200).optional(),
    zendeskAccountId: z.number().int().positive().nullable().optional(),
    apiBaseUrl: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .optional(),
    apiEmail: z.email().nullable().optional(),
    secrets: accountSecretsSchema,
    settings: accountSettingsSchema.optional(),
  })
  .strict();

/** A merge patch: any JSON object (its merged result is what gets validated). */
const accountPatch = z.record(z.string(), z.unknown());

/** The names of the secrets that are set, never their values. */
const secretNames = (secrets: AccountSecrets) =>
  Object.keys(secrets)
    .filter((k) => secrets[k as keyof AccountSecrets] !== undefined)
    .sort();

function accountId(raw: string): string {
  const id = raw.toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) apiError(400, "invalid_account_id", "The account id is the Zendesk subdomain (a-z, 0-9, -).");
  return id;
}

/** The stored account as a PUT body would state it, so a merge patch applies to exactly what PUT accepts. */
function asInput(account: AccountWithSecrets): Record<string, unknown> {
  return {
    name: account.name,
    zendeskAccountId: account.zendeskAccountId,
    // The default Zendesk URL is derived, not stored: keep it derived.
    apiBaseUrl: account.apiBaseUrl === `https://${account.id}.zendesk.com` ? null : account.apiBaseUrl,
    apiEmail: account.apiEmail,
    secrets: account.secrets,
    settings: account.settings,
  };
}

export const adminAccounts = new Hono<AppEnv>();

adminAccounts.put("/accounts/:id", jsonBody(accountInput, { error: "invalid_account", message: "The account body is invalid." }), async (c) => {
  const id = accountId(c.req.param("id"));
  const db = c.var.db;
  const existed = Boolean(await findAccount(db, { id }));
  const account = await upsertAccount(db, c.env.SECRETS_KEY, { id, ...c.var.body });
  await audit(db, { accountId: id, actor: "admin", action: existed ? "account.updated" : "account.created", subject: `account:${id}` });
  return c.json({ account, secretsSet: secretNames(c.var.body.secrets) }, existed ? 200 : 201);
});

adminAccounts.patch(
  "/accounts/:id",
  jsonBody(accountPatch, { error: "invalid_patch", message: "A PATCH body is a JSON object (RFC 7396 merge patch)." }),
  async (c) => {
    const id = accountId(c.req.param("id"));
    const db = c.var.db;
    const row = await findAccount(db, { id });
    if (!row) apiError(404, "account_not_found", "No account with that id: create it with PUT first.");
    const current = await unlockAccount(row, c.env.SECRETS_KEY);
    const merged = accountInput.safeParse(mergePatch.apply(structuredClone(asInput(current)), c.var.body));
    if (!merged.success) {
      // Paths and messages only, never values: a rejected secret must not come back in the error.
      const issues = validationIssues(merged.error);
      apiError(400, "invalid_account", `The patched account is invalid at ${issues.map((i) => i.path || "(root)").join(", ")}.`, issues);
    }
    const account = await upsertAccount(db, c.env.SECRETS_KEY, { id, ...merged.data });
    const changed = Object.keys(c.var.body).sort();
    await audit(db, { accountId: id, actor: "admin", action: "account.patched", subject: `account:${id}`, details: { changed } });
    return c.json({ account, secretsSet: secretNames(merged.data.secrets) });
  },
);

adminAccounts.get("/accounts/:id", async (c) => {
  const row = await findAccount(c.var.db, { id: accountId(c.req.param("id")) });
  if (!row) apiError(404, "account_not_found", "No account with that id.");
  const { secrets } = await unlockAccount(row, c.env.SECRETS_KEY);
  return c.json({ account: publicAccount(row), secretsSet: secretNames(secrets) });
});
