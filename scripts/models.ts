/**
 * An account's edge models from the command line (training is `npm run train -- --account <sub>`):
 *   npm run models -- list --account <sub>                        versions, status, size, figures; the live one marked
 *   npm run models -- show <version> --account <sub>              one version: labels, training notes, last evaluation
 *   npm run models -- upload <dir> --account <sub>                upload model.onnx + config.json from a directory as a candidate
 *   npm run models -- promote <version> --account <sub> [--force --reason <why>]   promote if it beats the live model
 *   npm run models -- rollback --account <sub>                    back to the previous live version (or the shipped model)
 * Like scripts/rules.ts: --url (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787) and $ADMIN_TOKEN (default
 * dev-admin-token, the local value). Add --json to print the API's answer as it is. Its calls send JSON and read
 * a refused promotion's figures (409), so they do not go through scripts/admin-cli.ts adminApi (YAML bodies, 2xx only).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeEvaluation, type Evaluation } from "../models/cli/train-account";
import { fail } from "./admin-cli";
import { parseCommandLine } from "./lib/command-line";

const USAGE = `usage:
  npm run models -- list --account <subdomain> [--json]
  npm run models -- show <version> --account <subdomain> [--json]
  npm run models -- upload <model dir> --account <subdomain>
  npm run models -- promote <version> --account <subdomain> [--force --reason <why>]
  npm run models -- rollback --account <subdomain>
options: --url <worker url> (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787); the admin token is $ADMIN_TOKEN`;

const { positionals, values } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    account: { type: "string" },
    url: { type: "string" },
    force: { type: "boolean" },
    reason: { type: "string" },
    json: { type: "boolean" },
  },
});
const [command, arg] = positionals;
const baseUrl = (values.url ?? process.env.EDGE_TRIAGE_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const token = process.env.ADMIN_TOKEN ?? "dev-admin-token";

function account(): string {
  if (!values.account) fail("--account <subdomain> is required");
  return encodeURIComponent(values.account);
}

interface ApiAnswer {
  status: number;
  body: Record<string, unknown> & { message?: string; details?: Record<string, unknown> };
}

async function call(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    fail(`cannot reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)} (is the Worker running? npm start)`);
  }
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as ApiAnswer["body"] };
  } catch {
    fail(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  }
}

function mustSucceed(method: string, path: string, answer: ApiAnswer): ApiAnswer["body"] {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  fail(`${method} ${path.split("?")[0]} → ${answer.status}: ${answer.body.message ?? JSON.stringify(answer.body)}`);
}

function print(body: unknown, human: () => void): void {
  if (values.json) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  else human();
}

const pct = (v: unknown) => (typeof v === "number" ? `${(v * 100).toFixed(1)}%` : "n/a");

interface VersionView {
  version: string;
  status: string;
  bytes: number;
  labelCount: number;
  labels?: string[];
  createdAt: string;
  promotedAt: string | null;
  training: Record<string, unknown>;
  evaluation: (Record<string, unknown> & { candidate?: { accuracy: number | null; coverageAtPrecision: number | null } | null }) | null;
}

function printFigures(body: Record<string, unknown>): void {
  const e = body as { candidate?: Evaluation | null; live?: (Evaluation & { fallback?: string | null }) | null };
  process.stdout.write(`${describeEvaluation("candidate", e.candidate)}\n${describeEvaluation("live", e.live)}\n`);
  if (e.live?.fallback) process.stdout.write(`  (live: ${e.live.fallback})\n`);
}

async function main(): Promise<void> {
  switch (command) {
    case "list": {
      const path = `/admin/models?account=${account()}`;
      const body = mustSucceed("GET", path, await call("GET", path)) as { liveVersion: string | null; shippedVersion: string; versions: VersionView[] };
      print(body, () => {
        process.stdout.write(`live: ${body.liveVersion ?? `the shipped model (${body.shippedVersion})`}\n`);
        for (const v of body.versions) {
          const figures = v.evaluation?.candidate
            ? `  held-out accuracy ${pct(v.evaluation.candidate.accuracy)}, coverage ${pct(v.evaluation.candidate.coverageAtPrecision)}`
            : "";
          process.stdout.write(
            `${v.version === body.liveVersion ? "*" : " "} ${v.version.padEnd(30)} ${v.status.padEnd(9)} ${(v.bytes / 1024).toFixed(0).padStart(6)} KB  ` +
              `${String(v.labelCount).padStart(3)} intents  ${v.createdAt}${figures}\n`,
          );
        }
        if (body.versions.length === 0) process.stdout.write("no uploaded versions (train one: npm run train -- --account <sub>)\n");
      });
      return;
    }
    case "show": {
      if (!arg) fail(USAGE);
      const path = `/admin/models/${encodeURIComponent(arg)}?account=${account()}`;
      const body = mustSucceed("GET", path, await call("GET", path)) as { live: boolean; model: VersionView };
      print(body, () => {
        const m = body.model;
        process.stdout.write(`${m.version} (${m.status}${body.live ? ", live" : ""}), ${m.bytes} bytes, created ${m.createdAt}\n`);
        process.stdout.write(`intents: ${(m.labels ?? []).join(", ")}\n`);
        process.stdout.write(`training: ${JSON.stringify(m.training)}\n`);
        if (m.evaluation) {
          process.stdout.write(`last promotion check (${String(m.evaluation.checkedAt)}, ${String(m.evaluation.heldOut)} held-out examples):\n`);
          printFigures(m.evaluation);
          const comparison = m.evaluation.comparison as { reason?: string } | null;
          if (comparison?.reason) process.stdout.write(`${comparison.reason}\n`);
        }
      });
      return;
    }
    case "upload": {
      if (!arg) fail(USAGE);
      let config: unknown;
      let onnx: Buffer;
      try {
        config = JSON.parse(readFileSync(join(arg, "config.json"), "utf8"));
        onnx = readFileSync(join(arg, "model.onnx"));
      } catch (error) {
        fail(`cannot read ${arg}/model.onnx and config.json: ${error instanceof Error ? error.message : String(error)}`);
      }
      const path = `/admin/models?account=${account()}`;
      const body = mustSucceed("POST", path, await call("POST", path, { config, model: onnx.toString("base64"), training: { uploadedFrom: arg } })) as {
        created: boolean;
        model: VersionView;
      };
      print(body, () => process.stdout.write(`${body.created ? "uploaded" : "already registered"}: ${body.model.version} (${body.model.status})\n`));
      return;
    }
    case "promote": {
      if (!arg) fail(USAGE);
      if (values.force && !values.reason) fail("--force needs --reason <why> (the promotion is audited)");
      const force = values.force ? `&force=true&reason=${encodeURIComponent(values.reason!)}` : "";
      const path = `/admin/models/${encodeURIComponent(arg)}/promote?account=${account()}${force}`;
      const answer = await call("POST", path);
      if (answer.status === 200) {
        print(answer.body, () => {
          printFigures(answer.body);
          process.stdout.write(
            `promoted ${arg}${answer.body.previousVersion ? ` (was ${String(answer.body.previousVersion)})` : " (was the shipped model)"}\n`,
          );
        });
        return;
      }
      if (answer.status === 409 && answer.body.details) {
        print(answer.body, () => {
          printFigures(answer.body.details!);
          process.stdout.write(`not promoted: ${answer.body.message}\n`);
        });
        process.exitCode = 3;
        return;
      }
      mustSucceed("POST", path, answer);
      return;
    }
    case "rollback": {
      const path = `/admin/models/rollback?account=${account()}`;
      const body = mustSucceed("POST", path, await call("POST", path)) as { rolledBack: string; liveVersion: string | null; shippedVersion: string };
      print(body, () =>
        process.stdout.write(`rolled back ${body.rolledBack}; live now: ${body.liveVersion ?? `the shipped model (${body.shippedVersion})`}\n`),
      );
      return;
    }
    default:
      fail(USAGE);
  }
}

await main();
