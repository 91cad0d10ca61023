/** scripts/check-architecture.ts: folder cycles and the relative-path boundaries, on a fixture tree and on this repo. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkArchitecture, formatReport } from "../../scripts/check-architecture";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("check-architecture", () => {
  const fixture = mkdtempSync(join(tmpdir(), "architecture-"));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), text);
  };
  write("worker/a/one.ts", 'import { two } from "../b/two.js";\nexport const one = two;\n');
  write("worker/b/two.ts", 'export const two = 2;\nimport type { Three } from "../c";\nexport type { Three };\n');
  write("worker/c/index.ts", 'import { one } from "../a/one";\nexport type Three = typeof one;\n');
  write("worker/triage/rule.ts", 'import { rows } from "../store/rows";\nexport const r = rows;\n');
  // A backtick in a regex literal derails ts.preProcessFile's scanner; the checker must still see the import below.
  write("models/shared/text.ts", 'const QUOTES = /[`\u2019]/g;\nimport { rows } from "../../worker/store/rows";\nexport const t = [QUOTES, rows];\n');
  write("worker/store/rows.ts", 'import { eq } from "drizzle-orm";\nexport const rows = eq;\n');
  write("zendesk-app/src/app.ts", 'import type { Env } from "../../worker/env";\nimport type { View } from "../../contract/api";\n');
  write("contract/api.ts", "export type View = { id: number };\n");
  write("worker/env.ts", "export type Env = object;\n");
  write("worker/sidebar/x.ts", 'const m = await import("../../dev/fakes/zendesk");\n');
  write("dev/fakes/zendesk.ts", "export {};\n");
  write("node_modules/pkg/index.ts", 'import "../../worker/a/one";\n');

  it("reports each folder cycle with an example import per edge", () => {
    const { cycles } = checkArchitecture(fixture);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toEqual([
      { from: "worker/a", to: "worker/b", example: "worker/a/one.ts:1" },
      { from: "worker/b", to: "worker/c", example: "worker/b/two.ts:2" },
      { from: "worker/c", to: "worker/a", example: "worker/c/index.ts:1" },
    ]);
  });

  it("reports boundary violations and nothing else", () => {
    const report = checkArchitecture(fixture);
    expect(report.violations.map((v) => `${v.rule} ${v.at}`).sort()).toEqual([
      "dev-desk worker/sidebar/x.ts:1",
      "pure-core models/shared/text.ts:2",
      "pure-core worker/triage/rule.ts:1",
      "sidebar-app zendesk-app/src/app.ts:1",
    ]);
    expect(formatReport(report)).toContain('boundary pure-core: worker/triage/rule.ts:1 imports "../store/rows"');
  });

  describe("on this repository", () => {
    const report = checkArchitecture(ROOT);
    it("finds no folder cycle", () => {
      expect(report.files).toBeGreaterThan(200);
      expect(formatReport({ ...report, violations: [] })).toBe("");
    });
    it("finds no boundary violation", () => {
      expect(formatReport({ ...report, cycles: [] })).toBe("");
    });
  });
});
