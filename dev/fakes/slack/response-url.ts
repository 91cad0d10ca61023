/**
 * Slack's `response_url` for interactions, played by the fake: `POST /__fake/response-url/{id}` with Slack's JSON
 * (`text`, `blocks`, `response_type`, `replace_original`, `delete_original`, `thread_ts`).
 *
 * Any id is accepted and recorded (method `response_url` in the call log). An id bound to a message with
 * `POST /__fake/response-urls {channel, message_ts, user?}` also acts on the channel history like Slack does:
 * `delete_original` deletes it, `replace_original` replaces its text and blocks, `response_type: "in_channel"`
 * posts a new bot message, otherwise (ephemeral, Slack's default) an ephemeral message is recorded.
 */
import { checkBlocks, randomId, withGeneratedIds } from "./blocks";
import type { FakeSlackStore } from "./state";
import { FAKE_BOT } from "./identity";
import type { SlackBody } from "./methods";

export function bindResponseUrl(store: FakeSlackStore, channel: string, messageTs: string, user?: string): string {
  const id = randomId(16);
  store.responseUrls.set(id, { channel, messageTs, uses: 0, ...(user ? { user } : {}) });
  return id;
}

export function applyResponseUrl(store: FakeSlackStore, id: string, body: Record<string, unknown>): SlackBody {
  const blocks = body.blocks;
  if (blocks !== undefined) {
    const check = checkBlocks(blocks, "message");
    if (!check.ok) return { ok: false, error: "invalid_blocks", errors: check.errors };
  }
  const text = typeof body.text === "string" ? body.text : "";
  if (body.delete_original !== true && !text && !(Array.isArray(blocks) && blocks.length > 0)) {
    return { ok: false, error: "no_text" };
  }
  const binding = store.responseUrls.get(id);
  if (!binding) return { ok: true };
  binding.uses += 1;
  const { channel, messageTs } = binding;
  const original = store.findMessage(channel, messageTs);

  if (body.delete_original === true) {
    if (!original) return { ok: false, error: "message_not_found" };
    store.deleteMessage(channel, messageTs);
    return { ok: true };
  }
  const filled = Array.isArray(blocks) ? withGeneratedIds(blocks) : undefined;
  if (body.replace_original === true) {
    if (!original) return { ok: false, error: "message_not_found" };
    original.text = text;
    if (filled && filled.length > 0) original.blocks = filled;
    else delete original.blocks;
    original.edited = { user: FAKE_BOT.userId, ts: store.clock.next() };
    return { ok: true };
  }
  const threadTs = typeof body.thread_ts === "string" ? body.thread_ts : undefined;
  if (body.response_type === "in_channel") {
    const message = store.botMessage({ ts: store.clock.next(), text, blocks: filled, thread_ts: threadTs });
    store.insertMessage(channel, message);
    return { ok: true };
  }
  store.ephemeral.push({
    channel,
    user: binding.user ?? "",
    message_ts: store.clock.next(),
    text,
    ...(filled ? { blocks: filled } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    via: "response_url",
  });
  return { ok: true };
}
