import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { DataFileError } from "../../../models/data/data-file-error.js";
import { loadLabelledTexts } from "../../../models/data/labelled-texts.js";
import { evaluateModel } from "../../../models/eval/evaluate.js";
import { createNodeGraphRunner, readModelDirectory } from "../../../models/eval/node-runtime.js";
import { classificationReport } from "../../../models/metrics/metrics.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/models/${name}`, import.meta.url));
const columns = { textColumn: "text", labelColumn: "label" };
const run = promisify(execFile);
const trainCli = fileURLToPath(new URL("../../../models/cli/train.ts", import.meta.url));
const evalCli = fileURLToPath(new URL("../../../models/cli/eval.ts", import.meta.url));
const BAD_LINES = [/bad-rows\.csv:7: empty label/, /bad-rows\.csv:15: empty text/, /bad-rows\.csv:16: no value for column "label"/];

describe("real exports: bad rows, numeric labels", () => {
  it("every bad row is reported with its line and reason, in one error", () => {
    let error: DataFileError | undefined;
    try {
      loadLabelledTexts(fixture("bad-rows.csv"), columns);
    } catch (caught) {
      error = caught as DataFileError;
    }
    expect(error?.message).toMatch(/3 bad rows \(pass --skip-bad-rows to leave them out\)/);
    for (const line of BAD_LINES) expect(error?.message).toMatch(line);
  });

  it("with skip, the bad rows are left out and handed back", () => {
    let skipped: readonly DataFileError[] = [];
    const rows = loadLabelledTexts(fixture("bad-rows.csv"), columns, { skip: true, onSkipped: (problems) => (skipped = problems) });
    expect(rows).toHaveLength(24);
    expect(skipped.map((problem) => problem.line)).toEqual([7, 15, 16]);
  });

  it("numeric labels are read as their decimal text", () => {
    const rows = loadLabelledTexts(fixture("numeric-labels.jsonl"), columns);
    expect(new Set(rows.map((row) => row.label))).toEqual(new Set(["1", "2", "3", "4"]));
  });

  it("the train CLI stops listing the bad rows, trains with --skip-bad-rows, warns on an --oos-label the data lacks", async () => {
    const out = mkdtempSync(join(tmpdir(), "train-exports-"));
    const args = (dir: string, data = "bad-rows.csv") => [
      "tsx",
      trainCli,
      "--data",
      fixture(data),
      "--text",
      "text",
      "--label",
      "label",
      "--out",
      join(out, dir),
    ];
    const stopped = run("npx", args("stopped"));
    await expect(stopped).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/3 bad rows/) });
    const failure = (await stopped.catch((error: { stderr: string }) => error)) as { stderr: string };
    for (const line of BAD_LINES) expect(failure.stderr).toMatch(line);

    const skipped = await run("npx", [...args("skipped"), "--skip-bad-rows", "--oos-label", "no_such_label"]);
    expect(skipped.stdout).toMatch(/warning: skipped 3 bad row\(s\)/);
    for (const line of BAD_LINES) expect(skipped.stdout).toMatch(line);
    expect(skipped.stdout).toMatch(/warning: no training example has the out-of-scope label "no_such_label"/);
    const config = JSON.parse(readFileSync(join(out, "skipped", "config.json"), "utf8"));
    expect(config.outOfScopeLabel).toBeNull();
    expect(config.labels).toHaveLength(4);

    const numeric = await run("npx", args("numeric", "numeric-labels.jsonl"));
    expect(numeric.stdout).toMatch(/wrote/);
    expect(JSON.parse(readFileSync(join(out, "numeric", "config.json"), "utf8")).labels).toEqual(["1", "2", "3", "4"]);
  });

  it("the eval CLI does not overwrite a shipped model's report unless --out says so, and warns on a missing --oos-label", async () => {
    const shipped = fileURLToPath(new URL("../../../models/support/", import.meta.url));
    const before = statSync(join(shipped, "report.md")).mtimeMs;
    const data = join(mkdtempSync(join(tmpdir(), "eval-exports-")), "tickets.csv");
    writeFileSync(data, "text,label\nwhere is my parcel,track_order\nI want a refund,get_refund\n");
    const result = await run("npx", ["tsx", evalCli, "--model", shipped, "--data", data, "--text", "text", "--label", "label", "--oos-label", "spam"]);
    expect(result.stdout).toMatch(/warning: --oos-label "spam": no test example has this label/);
    expect(result.stdout).toMatch(/not writing a report: .* holds a shipped model's report/);
    expect(statSync(join(shipped, "report.md")).mtimeMs).toBe(before);
  });
});

describe("metrics with nothing to measure are n/a, not 0%", () => {
  it("precision of a label never predicted is null", () => {
    const report = classificationReport(["a", "b"], ["a", "a"]);
    expect(report.perClass.find((c) => c.label === "b")?.precision).toBeNull();
  });

  it("in-scope accuracy without in-scope examples is null", async () => {
    const model = readModelDirectory(fileURLToPath(new URL("../../../models/support/", import.meta.url)));
    const evaluation = await evaluateModel(model.config, await createNodeGraphRunner(model.onnx), [
      { text: "what's the weather tomorrow", label: "out_of_scope" },
    ]);
    expect(evaluation.inScopeAccuracy).toBeNull();
    expect(evaluation.outOfScopeRecall).not.toBeNull();
  });
});
