/**
 * `npm run app:package [-- --worker-url https://edge-triage.<you>.workers.dev] [--skip-build] [--out file.zip]`
 * builds the app and writes dist/edge-triage-zendesk-app.zip in Zendesk's app layout:
 *
 *   manifest.json   with worker_url's default and domainWhitelist set to the given Worker (secure settings are
 *                   only sent to whitelisted domains, so the Worker's host must be listed)
 *   translations/   en.json, de.json
 *   assets/         iframe.html, main.js, logo.png, logo-small.png
 *
 * The zip is validated (scripts/app-validate.ts) before it is written. Upload it in Admin Center (Apps and
 * integrations → Zendesk Support apps → Upload private app), or with zcli; see zendesk-app/README.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { APP_DIR, buildAll } from "./app-build";
import { packageFilesFromDir, validateApp } from "./app-validate";
import { createZip } from "./app-zip";
import { parseCommandLine } from "./lib/command-line";

const ROOT = resolve(import.meta.dirname, "..");
export const DEFAULT_ZIP = join(ROOT, "dist", "edge-triage-zendesk-app.zip");

/** The manifest for a given Worker origin: the parameter default and the domain whitelist follow it. */
export function manifestFor(manifest: Record<string, unknown>, workerUrl: string | undefined): Record<string, unknown> {
  if (!workerUrl) return manifest;
  const url = new URL(workerUrl);
  if (url.protocol !== "https:" && url.hostname !== "127.0.0.1" && url.hostname !== "localhost")
    throw new Error(`--worker-url must be https (got ${workerUrl})`);
  return {
    ...manifest,
    domainWhitelist: [url.host],
    parameters: (manifest.parameters as Record<string, unknown>[]).map((p) => (p.name === "worker_url" ? { ...p, default: url.origin } : p)),
  };
}

export async function packageApp(opts: { workerUrl?: string; out?: string; skipBuild?: boolean } = {}) {
  if (!opts.skipBuild) await buildAll({ appOnly: true });
  const files = packageFilesFromDir(APP_DIR);
  const manifest = manifestFor(JSON.parse(readFileSync(join(APP_DIR, "manifest.json"), "utf8")) as Record<string, unknown>, opts.workerUrl);
  files.set("manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  const report = validateApp(files, { sourceDir: join(APP_DIR, "src") });
  if (report.errors.length) throw new Error(`the package is invalid:\n  ${report.errors.join("\n  ")}`);
  const out = opts.out ?? DEFAULT_ZIP;
  mkdirSync(dirname(out), { recursive: true });
  const zip = createZip([...files].map(([name, data]) => ({ name, data })));
  writeFileSync(out, zip);
  return { out, bytes: zip.length, files: [...files.keys()].sort(), warnings: report.warnings };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseCommandLine("usage: npm run app:package -- [--worker-url https://edge-triage.<you>.workers.dev] [--skip-build] [--out file.zip]", {
    options: { "worker-url": { type: "string" }, out: { type: "string" }, "skip-build": { type: "boolean" } },
  });
  const result = await packageApp({ workerUrl: values["worker-url"] ?? process.env.WORKER_URL, out: values.out, skipBuild: values["skip-build"] });
  for (const w of result.warnings) process.stdout.write(`warning: ${w}\n`);
  process.stdout.write(`[app:package] ${result.out} (${(result.bytes / 1024).toFixed(0)} KiB): ${result.files.join(", ")}\n`);
}
