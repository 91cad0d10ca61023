import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { assertTrainable } from "../../../models/data/assert-trainable.js";
import { loadLabelledTexts } from "../../../models/data/labelled-texts.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/models/${name}`, import.meta.url));
const columns = { textColumn: "text", labelColumn: "label" };

describe("data files", () => {
  it("reads CSV and JSONL with the line of every example", () => {
    const csv = loadLabelledTexts(fixture("tiny-intents.csv"), columns);
    expect(csv).toHaveLength(24);
    expect(csv[0]).toMatchObject({ label: "where_is_parcel", line: 2 });
    const jsonl = loadLabelledTexts(fixture("corrections.jsonl"), columns);
    expect(jsonl.map((row) => row.line)).toEqual([1, 2, 3]);
  });

  it.each([
    ["missing-column.csv", /missing-column\.csv:1: no column "label" in the header \(columns: text, category\)/],
    ["empty-label.csv", /empty-label\.csv:3: empty label in column "label"/],
    ["invalid-utf8.csv", /invalid-utf8\.csv:3: invalid UTF-8/],
    ["missing-field.jsonl", /missing-field\.jsonl:2: missing field "label"/],
  ])("%s stops with the line and the problem", (name, message) => {
    expect(() => loadLabelledTexts(fixture(name), columns)).toThrow(message);
  });

  it("a single class stops before training", () => {
    const rows = loadLabelledTexts(fixture("one-class.csv"), columns);
    expect(() => assertTrainable(rows, "one-class.csv")).toThrow(/one-class\.csv:2: only one label \("greeting"\)/);
  });

  it("the train CLI prints the problem and exits non-zero", async () => {
    const cli = fileURLToPath(new URL("../../../models/cli/train.ts", import.meta.url));
    const run = promisify(execFile)("npx", ["tsx", cli, "--data", fixture("empty-label.csv"), "--text", "text", "--label", "label", "--out", "unused"]);
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/empty-label\.csv:3: empty label/) });
  });

  it("the train CLI trains with or without the vote and with ticket framing as asked", async () => {
    const cli = fileURLToPath(new URL("../../../models/cli/train.ts", import.meta.url));
    const out = mkdtempSync(join(tmpdir(), "train-cli-"));
    const train = (dir: string, ...flags: string[]) =>
      promisify(execFile)("npx", ["tsx", cli, "--data", fixture("tiny-intents.csv"), "--text", "text", "--label", "label", "--out", join(out, dir), ...flags]);
    const voted = await train("voted", "--ticket-framing", "1");
    expect(voted.stdout).toMatch(/1 framed copy each/);
    expect(voted.stdout).toMatch(/neighbour vote: \d+ prototypes/);
    const config = (dir: string) => JSON.parse(readFileSync(join(out, dir, "config.json"), "utf8"));
    expect(config("voted").neighbourVote).toMatchObject({ k: 3 });
    expect(config("voted").training.recipe.ticketFraming).toEqual({ copies: 1 });
    await train("plain", "--no-vote");
    expect(config("plain").neighbourVote).toBeNull();
    expect(config("plain").graph.output).toBe("logits");
    expect(config("plain").calibration.familiarity).toBeUndefined();
    // 24 examples hold out 2 for validation: the account recipe fits no temperature on so few, and says so
    // (a familiarity-scaled fit through the export is tested in familiarity.test.ts).
    const familiar = await train("familiar", "--no-vote", "--familiarity", "pooled-length");
    expect(familiar.stdout).toMatch(/warning: \d+ validation examples \(< 100\): temperature not fitted \(T = 1\)/);
    expect(config("familiar").calibration).toMatchObject({ temperature: 1 });
    expect(config("familiar").calibration.familiarity).toBeUndefined();
    await expect(train("bad", "--familiarity", "vibes")).rejects.toMatchObject({
      code: 2, // a usage error
      stderr: expect.stringMatching(/--familiarity must be one of pooled-length, nearest-prototype-cosine, none/),
    });
  });
});
