/**
 * Account secrets (Zendesk API token, webhook signing secret) are stored in D1 only as AES-GCM ciphertext
 * under SECRETS_KEY, a Worker secret. A database dump alone reveals nothing.
 */
import { z } from "zod";
import { fromBase64, toBase64 } from "../lib/encoding";

export const accountSecretsSchema = z
  .object({
    webhookSigningSecret: z.string().min(8).max(500),
    apiToken: z.string().min(1).max(500).optional(),
    oauthToken: z.string().min(1).max(2000).optional(),
    /** Key for the account's OpenAI-compatible LLM endpoint. */
    llmApiKey: z.string().min(1).max(2000).optional(),
    /** Slack app credentials (bot token xoxb-…, signing secret). */
    slackBotToken: z.string().min(1).max(500).optional(),
    slackSigningSecret: z.string().min(1).max(500).optional(),
    /** Shared secret the Zendesk sidebar app signs its requests with (the app's secure setting). */
    sidebarSecret: z.string().min(16).max(500).optional(),
  })
  .strict();

export type AccountSecrets = z.infer<typeof accountSecretsSchema>;

const VERSION = "v1";

const keyCache = new Map<string, Promise<CryptoKey>>();

function importKey(secretsKey: string): Promise<CryptoKey> {
  let key = keyCache.get(secretsKey);
  if (!key) {
    let raw: Uint8Array;
    try {
      raw = fromBase64(secretsKey);
    } catch {
      throw new Error("SECRETS_KEY is not valid base64");
    }
    if (raw.length !== 32) throw new Error("SECRETS_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keyCache.set(secretsKey, key);
  }
  return key;
}

export async function encryptSecrets(secretsKey: string, secrets: AccountSecrets): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(secrets));
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await importKey(secretsKey), plain));
  return `${VERSION}:${toBase64(iv)}:${toBase64(cipher)}`;
}

export async function decryptSecrets(secretsKey: string, ciphertext: string): Promise<AccountSecrets> {
  const [version, iv, data] = ciphertext.split(":");
  if (version !== VERSION || !iv || !data) throw new Error("account secrets are in an unknown format");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(iv) }, await importKey(secretsKey), fromBase64(data));
  return accountSecretsSchema.parse(JSON.parse(new TextDecoder().decode(plain)));
}
