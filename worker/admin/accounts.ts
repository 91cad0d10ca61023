/** Connect or update a Zendesk account. Secrets go in, never come out. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/app-env";
import { jsonError } from "../http/errors";
import { accountSettingsSchema } from "../settings/account";
import { findAccount, publicAccount, upsertAccount } from "../store/accounts";
import { audit } from "../store/audit";
import { database } from "../store/db";
import { accountSecretsSchema } from "../store/secrets";

const accountInput = z
  .object({
    name: z.string().min(1).max(200).optional(),
    zendeskAccountId: z.number().int().positive().nullable().optional(),
    apiBaseUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
    apiEmail: z.email().nullable().optional(),
    secrets: accountSecretsSchema,
    settings: accountSettingsSchema.optional(),
  })
  .strict();

export const adminAccounts = new Hono<AppEnv>();

adminAccounts.put("/accounts/:id", async (c) => {
  const id = c.req.param("id").toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) return jsonError(c, 400, "invalid_account_id", "The account id is the Zendesk subdomain (a-z, 0-9, -).");
  const body = await c.req.json().catch(() => undefined);
  const parsed = accountInput.safeParse(body);
  if (!parsed.success)
    return jsonError(c, 400, "invalid_account", "The account body is invalid.", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  const db = database(c.env.DB);
  const existed = Boolean(await findAccount(db, { id }));
  const account = await upsertAccount(db, c.env.SECRETS_KEY, { id, ...parsed.data });
  await audit(db, { accountId: id, actor: "admin", action: existed ? "account.updated" : "account.created", subject: `account:${id}` });
  return c.json({ account }, existed ? 200 : 201);
});

adminAccounts.get("/accounts/:id", async (c) => {
  const row = await findAccount(database(c.env.DB), { id: c.req.param("id").toLowerCase() });
  if (!row) return jsonError(c, 404, "account_not_found", `No account '${c.req.param("id")}'.`);
  return c.json({ account: publicAccount(row) });
});
