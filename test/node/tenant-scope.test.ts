/** scripts/check-tenant-scope.ts: a store function that reaches a row by id without the account fails the lint. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkTenantScope } from "../../scripts/check-tenant-scope";

describe("check-tenant-scope", () => {
  it("flags an id lookup without the account and accepts the scoped forms", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenant-scope-"));
    writeFileSync(
      join(dir, "drafts.ts"),
      [
        "export async function getDraft(db: Database, id: number) {}",
        "export async function scoped(db: Database, accountId: string, id: number) {}",
        "export async function byRef(db: Database, draft: DraftRef) {}",
        "export async function byInput(db: Database, d: { accountId: string; ticketId: number }) {}",
        "export async function viaOutcome(db: Database, runId: number, v: { note: DraftRow['note'] }) {}",
        "export function pure(row: DraftRow) {}",
      ].join("\n"),
    );
    const report = checkTenantScope(dir);
    expect(report.functions).toBe(5);
    expect(report.violations.map((v) => `${v.fn}:${v.idParam}`)).toEqual(["getDraft:id", "viaOutcome:runId"]);
  });

  it("holds on this repository's store", () => {
    expect(checkTenantScope(resolve(__dirname, "../../worker/store")).violations).toEqual([]);
  });
});
