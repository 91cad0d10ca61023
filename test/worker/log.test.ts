/** LOG_LEVEL: lines below the configured level are dropped (wrangler.toml sets "info" for tests). */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log, logThreshold } from "../../worker/lib/log";

describe("log levels", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reads the threshold leniently and falls back to info", () => {
    expect(logThreshold("WARN ")).toBe("warn");
    expect(logThreshold("debug")).toBe("debug");
    expect(logThreshold("verbose")).toBe("info");
    expect(logThreshold(undefined)).toBe("info");
  });

  it("drops debug at the configured info level and keeps info, warn and error", () => {
    expect((env as { LOG_LEVEL?: string }).LOG_LEVEL).toBe("info");
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    log.debug("hidden", { n: 1 });
    log.info("shown", { n: 2 });
    log.warn("careful");
    log.error("broken");
    expect(out.mock.calls.map((c) => JSON.parse(String(c[0])).message)).toEqual(["shown"]);
    expect(JSON.parse(String(warn.mock.calls[0]?.[0])).level).toBe("warn");
    expect(JSON.parse(String(error.mock.calls[0]?.[0])).level).toBe("error");
  });
});
