/** The fake Zendesk with persistPath (npm start): tickets, comments and id counters survive a restart. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoSeed } from "../../dev/fakes/zendesk/demo-seed";
import { startFakeZendesk } from "../../dev/fakes/zendesk/server";

async function customerTicket(url: string, subject: string): Promise<number> {
  const res = await fetch(`${url}/__fake/customer-tickets`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ subject, body: `${subject}: please help`, requester: { name: "Ada", email: "ada@example.com" } }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { ticket: { id: number } }).ticket.id;
}

async function ticketSubjects(url: string): Promise<string[]> {
  const state = (await (await fetch(`${url}/__fake/state`)).json()) as { tickets: { subject: string }[] };
  return state.tickets.map((t) => t.subject);
}

describe("fake Zendesk persistence", () => {
  it("a restart resumes the tickets and never reuses an id; without the file the seed applies", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "fake-zd-")), "state", "fake-zendesk.json");
    const first = await startFakeZendesk({ persistPath: path, seed: demoSeed() });
    expect(first.resumed).toBeNull();
    const seeded = (await ticketSubjects(first.url)).length;
    const a = await customerTicket(first.url, "Before the restart");
    await first.close();

    const second = await startFakeZendesk({ persistPath: path, seed: demoSeed() });
    expect(second.resumed).toEqual({ tickets: seeded + 1 });
    const subjects = await ticketSubjects(second.url);
    expect(subjects).toContain("Before the restart");
    // The seed is not applied again on top of the saved state.
    expect(subjects).toHaveLength(seeded + 1);
    const b = await customerTicket(second.url, "After the restart");
    expect(b).toBeGreaterThan(a);
    await second.close();
    expect(readFileSync(path, "utf8")).toContain("After the restart");
  });

  it("an unreadable state file is an error that names the file and the way out", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "fake-zd-")), "fake-zendesk.json");
    writeFileSync(path, "{ not json");
    await expect(startFakeZendesk({ persistPath: path })).rejects.toThrow(/fake-zendesk\.json is not a readable fake Zendesk state file.*--reset/);
  });

  it("without persistPath nothing is written and a restart starts from the seed", async () => {
    const fake = await startFakeZendesk({ seed: demoSeed() });
    expect(fake.resumed).toBeNull();
    await fake.close();
  });
});
