/** Connect or update a Zendesk account. Secrets go in, never come out. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { jsonBody } from "../http/middleware";
import { accountSettingsSchema } from "../settings/account";
import { findAccount, publicAccount, upsertAccount } from "../store/accounts";
import { audit } from "../store/audit";
import { accountSecretsSchema } from "../store/secrets";

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

export const adminAccounts = new Hono<AppEnv>();

adminAccounts.put("/accounts/:id", jsonBody(accountInput, { error: "invalid_account", message: "The account body is invalid." }), async (c) => {
  const id = c.req.param("id").toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) apiError(400, "invalid_account_id", "The account id is the Zendesk subdomain (a-z, 0-9, -).");
  const db = c.var.db;
  const existed = Boolean(await findAccount(db, { id }));
  const account = await upsertAccount(db, c.env.SECRETS_KEY, { id, ...c.var.body });
  await audit(db, { accountId: id, actor: "admin", action: existed ? "account.updated" : "account.created", subject: `account:${id}` });
  return c.json({ account }, existed ? 200 : 201);
});

adminAccounts.get("/accounts/:id", async (c) => {
  const row = await findAccount(c.var.db, { id: c.req.param("id").toLowerCase() });
  if (!row) apiError(404, "account_not_found", "No account with that id.");
  return c.json({ account: publicAccount(row) });
});
