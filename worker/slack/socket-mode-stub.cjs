/**
 * Stand-in for `@slack/socket-mode`, aliased in wrangler.toml (and vitest.config.ts). Bolt requires it for its
 * SocketModeReceiver, which a Worker never uses (Slack reaches the Worker over HTTP); the real package pulls in
 * undici and `node:sqlite`, which do not load in workerd. CommonJS because bolt `require`s it.
 */
"use strict";

class SocketModeClient {
  constructor() {
    throw new Error("Socket Mode is not available in a Cloudflare Worker; use the HTTP endpoints (/slack/interactions, /slack/events).");
  }
}

module.exports = { SocketModeClient };
