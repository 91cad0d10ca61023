import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("GET /health", () => {
  it("reports the version, the model version and D1", async () => {
    const res = await SELF.fetch("http://worker/health");
    expect(res.status).toBe(200);
    const body = await res.json<Record<string, unknown>>();
    expect(body).toMatchObject({ status: "ok", d1: { ok: true } });
    expect(typeof body.version).toBe("string");
    expect(body).toHaveProperty("modelVersion");
  });
});
