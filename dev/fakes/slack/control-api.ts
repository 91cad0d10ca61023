/**
 * The fake's own HTTP control API under `/__fake/`: read the call log and channel state, inject faults, seed users,
 * user groups and messages, play Slack's response_url, reset. JSON in, JSON out (`{ok: true, ...}`).
 */
import type { FaultBook, FaultSpec } from "./faults";
import { FAKE_BOT, type FakeSlackUser, type FakeSlackUsergroup, type SlackMessage } from "./identity";
import { resolveChannel } from "./methods";
import { applyResponseUrl, bindResponseUrl } from "./response-url";
import type { FakeSlackStore } from "./state";
import { checkBlocks, withGeneratedIds } from "./blocks";

export interface ControlContext {
  store: FakeSlackStore;
  faults: FaultBook;
  origin: string;
  apiUrl: string;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const json = (body: unknown, status = 200): HttpAnswer => ({ status, body });
const bad = (error: string, status = 400): HttpAnswer => json({ ok: false, error }, status);

function parseJson(text: string): { value: unknown } | { error: string } {
  if (text.trim() === "") return { value: {} };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: "invalid_json" };
  }
}

function listOf<T>(value: unknown, key: string): T[] {
  if (Array.isArray(value)) return value as T[];
  if (typeof value === "object" && value !== null && Array.isArray((value as Record<string, unknown>)[key])) {
    return (value as Record<string, T[]>)[key]!;
  }
  return [value as T];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function handleControl(ctx: ControlContext, httpMethod: string, path: string, query: URLSearchParams, bodyText: string): Promise<HttpAnswer> {
  const { store, faults } = ctx;
  const route = `${httpMethod} ${path.split("/")[0]}`;
  const rest = path.split("/").slice(1).map(decodeURIComponent);
  const parsed = parseJson(bodyText);
  if ("error" in parsed && httpMethod === "POST") return bad(parsed.error);
  const body = ("value" in parsed ? parsed.value : {}) as Record<string, unknown>;

  switch (route) {
    case "GET health":
    case "GET ":
      return json({ ok: true, url: ctx.apiUrl, origin: ctx.origin });

    case "GET calls": {
      const method = query.get("method");
      const channel = query.get("channel");
      const since = Number(query.get("since") ?? 0);
      const calls = store.calls.filter((c) => (!method || c.method === method) && (!channel || c.args.channel === channel) && c.seq > since);
      return json({ ok: true, calls });
    }
    case "DELETE calls":
      store.calls = [];
      return json({ ok: true });

    case "GET messages": {
      const channel = query.get("channel");
      if (channel) {
        const id = resolveChannel(channel) ?? channel;
        return json({
          ok: true,
          channel: id,
          messages: store.channels.get(id) ?? [],
          ephemeral: store.ephemeral.filter((e) => e.channel === id),
        });
      }
      return json({ ok: true, channels: Object.fromEntries(store.channels), ephemeral: store.ephemeral });
    }
    case "POST messages": {
      // Seeds a message as a (human) user: a thread parent to reply to, a human reply in a thread, ...
      const channel = resolveChannel(typeof body.channel === "string" ? body.channel : undefined);
      if (!channel) return bad("channel_not_found");
      const blocks = body.blocks;
      if (blocks !== undefined) {
        const check = checkBlocks(blocks, "message");
        if (!check.ok) return json({ ok: false, error: "invalid_blocks", errors: check.errors }, 400);
      }
      const ts = typeof body.ts === "string" ? body.ts : store.clock.next();
      if (store.findMessage(channel, ts)) return bad("duplicate_ts", 409);
      const fromBot = body.user === FAKE_BOT.userId;
      const message: SlackMessage = fromBot
        ? store.botMessage({ ts, text: String(body.text ?? "") })
        : { type: "message", ts, text: String(body.text ?? ""), user: String(body.user ?? "U0HUMAN001") };
      if (Array.isArray(blocks)) message.blocks = withGeneratedIds(blocks);
      if (typeof body.thread_ts === "string") message.thread_ts = body.thread_ts;
      store.insertMessage(channel, message);
      return json({ ok: true, channel, ts, message });
    }

    case "GET views":
      return json({ ok: true, views: [...store.views.values()] });

    case "GET faults":
      return json({ ok: true, faults: faults.list() });
    case "POST faults": {
      try {
        const added = listOf<FaultSpec>(body, "faults").map((spec) => faults.add(spec));
        return json({ ok: true, id: added[0]?.id, ids: added.map((f) => f.id) });
      } catch (err) {
        return bad(err instanceof Error ? err.message : String(err));
      }
    }
    case "DELETE faults":
      if (rest[0]) return faults.remove(rest[0]) ? json({ ok: true }) : bad("not_found", 404);
      faults.clear();
      return json({ ok: true });

    case "GET users":
      return json({ ok: true, users: [...store.users.values()] });
    case "POST users": {
      const users = listOf<FakeSlackUser>(body, "users");
      if (users.some((u) => typeof u?.id !== "string")) return bad("user_needs_id");
      for (const u of users) store.addUser(u);
      return json({ ok: true, count: users.length });
    }
    case "GET usergroups":
      return json({ ok: true, usergroups: [...store.usergroups.values()] });
    case "POST usergroups": {
      const groups = listOf<FakeSlackUsergroup>(body, "usergroups");
      if (groups.some((g) => typeof g?.id !== "string" || !Array.isArray(g.users))) return bad("usergroup_needs_id_and_users");
      for (const g of groups) store.addUsergroup(g);
      return json({ ok: true, count: groups.length });
    }

    case "POST response-urls": {
      const channel = resolveChannel(typeof body.channel === "string" ? body.channel : undefined);
      const messageTs = typeof body.message_ts === "string" ? body.message_ts : undefined;
      if (!channel || !messageTs) return bad("channel_and_message_ts_required");
      const id = bindResponseUrl(store, channel, messageTs, typeof body.user === "string" ? body.user : undefined);
      return json({ ok: true, id, url: `${ctx.origin}/__fake/response-url/${id}` });
    }
    case "GET response-url": {
      const id = rest[0] ?? "";
      return json({ ok: true, responses: store.calls.filter((c) => c.method === "response_url" && c.responseUrlId === id) });
    }
    case "POST response-url": {
      const id = rest[0] ?? "";
      if (!id) return bad("not_found", 404);
      if (typeof body !== "object" || body === null || Array.isArray(body)) return bad("invalid_payload");
      const args = { ...body, id };
      const fault = faults.take("response_url", args);
      if (fault?.delayMs) await sleep(fault.delayMs);
      let status = 200;
      let result: Record<string, unknown>;
      if (fault && (fault.status !== undefined || fault.error !== undefined)) {
        status = fault.status ?? 200;
        result = { ok: false, error: fault.error ?? (status === 429 ? "ratelimited" : "internal_error") };
      } else {
        result = applyResponseUrl(store, id, body);
        if (result.ok === false) status = result.error === "message_not_found" ? 404 : 400;
      }
      store.record({
        method: "response_url",
        args,
        auth: "absent",
        status,
        ok: result.ok === true,
        ...(typeof result.error === "string" ? { error: result.error } : {}),
        response: result,
        ...(fault ? { fault: fault.id } : {}),
        responseUrlId: id,
      });
      return { status, body: result, ...(status === 429 ? { headers: { "retry-after": String(fault?.retryAfter ?? 1) } } : {}) };
    }

    case "POST reset":
      store.reset();
      faults.clear();
      return json({ ok: true });

    default:
      return bad("unknown_control_route", 404);
  }
}
