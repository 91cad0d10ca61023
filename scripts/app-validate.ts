/**
 * `npm run app:validate [-- <zendesk-app dir | package.zip>]`: the checks we can make without a Zendesk account
 * (zcli apps:validate needs one; run it as the last step before uploading, see zendesk-app/README.md).
 *
 *   manifest   name, author (name + email), defaultLocale, private, version, frameworkVersion "2.0",
 *              location.support.ticket_sidebar.url = assets/iframe.html; support.nav_bar (the dashboard), when
 *              present, on the same iframe with its svg icon in assets/
 *   parameters unique names; `worker_url` (type url, https default unless loopback), `shared_secret` (secure,
 *              required, no default: a default would ship the secret inside the zip)
 *   domains    domainWhitelist holds the worker_url default's host (secure settings are only sent there)
 *   i18n       every translations/*.json has exactly the keys of en.json, no empty strings; the app section has
 *              name, descriptions, installation instructions and a label for every parameter; every literal
 *              t("ui.…") key in zendesk-app/src exists (when the source is at hand)
 *   assets     iframe.html loads Zendesk's ZAF SDK from its CDN and the bundle, and no other remote script;
 *              the bundle, logo.png (320×320), logo-small.png (128×128) and the nav_bar icon exist
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { readZip } from "./app-zip";
import { printUsage, wantsHelp } from "./lib/command-line";

export const ZAF_SDK_CDN = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js";
const PARAMETER_TYPES: ReadonlySet<unknown> = new Set(["text", "password", "checkbox", "url", "number", "multiline", "hidden", "oauth"]);

export interface Report {
  errors: string[];
  warnings: string[];
}

type Files = Map<string, Buffer>;

/** The manifest fields the checks read. Values are unchecked JSON: each check tests the type it needs. */
interface Manifest {
  name?: unknown;
  author?: { name?: unknown; email?: unknown } | null;
  defaultLocale?: unknown;
  private?: unknown;
  version?: unknown;
  frameworkVersion?: unknown;
  location?: {
    support?: { ticket_sidebar?: string | { url?: unknown } | null; nav_bar?: string | { url?: unknown; svg?: unknown } | null } | null;
  } | null;
  parameters?: unknown;
  domainWhitelist?: unknown;
}

/** One entry of manifest.parameters, unchecked. */
interface Parameter {
  name?: unknown;
  type?: unknown;
  required?: unknown;
  secure?: unknown;
  default?: unknown;
}

function walk(dir: string, base = dir, out: Files = new Map()): Files {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, base, out);
    else out.set(relative(base, path).split("\\").join("/"), readFileSync(path));
  }
  return out;
}

/** The files Zendesk would get from this directory: manifest.json, translations/, assets/. */
export function packageFilesFromDir(dir: string): Files {
  const files: Files = new Map();
  if (existsSync(join(dir, "manifest.json"))) files.set("manifest.json", readFileSync(join(dir, "manifest.json")));
  for (const sub of ["translations", "assets"])
    if (existsSync(join(dir, sub))) for (const [name, data] of walk(join(dir, sub))) files.set(`${sub}/${name}`, data);
  return files;
}

function flatKeys(value: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatKeys(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
  return out;
}

function pngSize(data: Buffer): { width: number; height: number } | null {
  if (data.length < 24 || data.readUInt32BE(0) !== 0x89504e47) return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host.startsWith("127.0.0.1:") || host.startsWith("localhost:");
}

export function validateApp(files: Files, opts: { sourceDir?: string } = {}): Report {
  const errors: string[] = [];
  const warnings: string[] = [];
  const json = (name: string): Record<string, unknown> | null => {
    const data = files.get(name);
    if (!data) return null;
    try {
      return JSON.parse(data.toString("utf8")) as Record<string, unknown>;
    } catch (error) {
      errors.push(`${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      return null;
    }
  };

  // --- manifest ---------------------------------------------------------------------------------------------
  const manifest = json("manifest.json") as Manifest | null;
  if (!manifest) {
    errors.push("manifest.json is missing");
    return { errors, warnings };
  }
  if (typeof manifest.name !== "string" || !manifest.name.trim()) errors.push("manifest: name is required");
  if (typeof manifest.author?.name !== "string" || !manifest.author.name.trim()) errors.push("manifest: author.name is required");
  if (typeof manifest.author?.email !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(manifest.author.email))
    errors.push("manifest: author.email must be an email address");
  if (typeof manifest.defaultLocale !== "string") errors.push("manifest: defaultLocale is required");
  if (typeof manifest.private !== "boolean") errors.push("manifest: private must be true or false");
  if (manifest.private !== true) warnings.push("manifest: private is not true (this app is meant to be installed privately)");
  if (typeof manifest.version !== "string" || !/^\d+\.\d+\.\d+$/.test(manifest.version)) errors.push("manifest: version must look like 1.2.3");
  if (manifest.frameworkVersion !== "2.0") errors.push(`manifest: frameworkVersion must be "2.0" (is ${JSON.stringify(manifest.frameworkVersion)})`);
  const sidebar = manifest.location?.support?.ticket_sidebar;
  const sidebarUrl = typeof sidebar === "string" ? sidebar : sidebar?.url;
  if (sidebarUrl !== "assets/iframe.html")
    errors.push(`manifest: location.support.ticket_sidebar.url must be "assets/iframe.html" (is ${JSON.stringify(sidebarUrl)})`);
  const locations = Object.entries((manifest.location ?? {}) as Record<string, Record<string, unknown>>).flatMap(([product, locs]) =>
    Object.keys(locs ?? {}).map((l) => `${product}.${l}`),
  );
  const navBar = manifest.location?.support?.nav_bar;
  if (navBar) {
    const url = typeof navBar === "string" ? navBar : navBar.url;
    if (url !== "assets/iframe.html") errors.push(`manifest: location.support.nav_bar.url must be "assets/iframe.html" (is ${JSON.stringify(url)})`);
    const svg = typeof navBar === "string" ? undefined : navBar.svg;
    if (typeof svg !== "string" || !/^assets\/[^/]+\.svg$/.test(svg)) errors.push("manifest: location.support.nav_bar.svg must name an SVG icon in assets/");
    else if (!files.has(svg)) errors.push(`${svg} (the nav_bar icon) is missing (run npm run app:build)`);
  }
  const extra = locations.filter((l) => l !== "support.ticket_sidebar" && l !== "support.nav_bar");
  if (extra.length) warnings.push(`manifest: locations besides support.ticket_sidebar and support.nav_bar: ${extra.join(", ")}`);

  // --- parameters and domains --------------------------------------------------------------------------------
  const parameters = Array.isArray(manifest.parameters) ? (manifest.parameters as Parameter[]) : [];
  if (!Array.isArray(manifest.parameters)) errors.push("manifest: parameters must be an array");
  const names = new Set<string>();
  for (const p of parameters) {
    if (typeof p.name !== "string" || !/^[a-z][a-z0-9_]*$/.test(p.name)) errors.push(`parameter ${JSON.stringify(p.name)}: name must be lower_snake_case`);
    else if (names.has(p.name)) errors.push(`parameter ${p.name}: duplicate name`);
    else names.add(p.name);
    if (!PARAMETER_TYPES.has(p.type)) errors.push(`parameter ${p.name}: unknown type ${JSON.stringify(p.type)}`);
    if (p.secure === true && p.default !== undefined)
      errors.push(`parameter ${p.name}: a secure parameter must not have a default (it would ship inside the zip)`);
  }
  const secret = parameters.find((p) => p.name === "shared_secret");
  if (!secret) errors.push("parameters: shared_secret is missing");
  else {
    if (secret.secure !== true) errors.push("parameter shared_secret: must be secure: true (secure settings never reach the browser)");
    if (secret.required !== true) errors.push("parameter shared_secret: must be required");
  }
  const workerUrl = parameters.find((p) => p.name === "worker_url");
  const domains = Array.isArray(manifest.domainWhitelist) ? (manifest.domainWhitelist as unknown[]) : [];
  if (!Array.isArray(manifest.domainWhitelist) || domains.length === 0)
    errors.push("manifest: domainWhitelist must list the Worker's domain (secure settings are only sent to whitelisted domains)");
  for (const d of domains)
    if (typeof d !== "string" || /[/:]/.test(d.replace(/:\d+$/, "")) || d.includes("*"))
      errors.push(`domainWhitelist: ${JSON.stringify(d)} must be a bare host name`);
  if (!workerUrl) errors.push("parameters: worker_url is missing");
  else {
    if (workerUrl.type !== "url") errors.push("parameter worker_url: type must be url");
    if (workerUrl.required !== true) errors.push("parameter worker_url: must be required");
    if (workerUrl.secure === true) errors.push("parameter worker_url: must not be secure (the app reads it from its settings)");
    let host: string | null = null;
    try {
      const url = new URL(String(workerUrl.default));
      host = url.host;
      if (url.protocol !== "https:" && !isLoopback(url.host)) errors.push(`parameter worker_url: default ${url} must use https`);
      if (url.pathname !== "/" || url.search) warnings.push("parameter worker_url: default should be the Worker's origin (no path)");
    } catch {
      errors.push("parameter worker_url: needs a default URL (the Worker's origin; app:package -- --worker-url sets it)");
    }
    if (host && !domains.includes(host) && !domains.includes(host.replace(/:\d+$/, "")))
      errors.push(`domainWhitelist ${JSON.stringify(domains)} does not contain the worker_url host ${host}`);
    if (host?.endsWith(".example.workers.dev") || host?.includes("example"))
      warnings.push(`worker_url default ${host} is the placeholder: package with --worker-url https://<your worker> (or set it when installing)`);
  }

  // --- translations -----------------------------------------------------------------------------------------
  const locale = typeof manifest.defaultLocale === "string" ? manifest.defaultLocale : "en";
  const translationFiles = [...files.keys()].filter((f) => /^translations\/[^/]+\.json$/.test(f));
  const base = json(`translations/${locale}.json`);
  if (!base) errors.push(`translations/${locale}.json (the defaultLocale) is missing`);
  if (translationFiles.length < 2) errors.push("translations: at least two languages are expected");
  let baseKeys = new Map<string, unknown>();
  if (base) {
    baseKeys = flatKeys(base);
    for (const key of ["app.name", "app.short_description", "app.long_description", "app.installation_instructions"])
      if (typeof baseKeys.get(key) !== "string") errors.push(`translations/${locale}.json: ${key} is required`);
    for (const p of parameters)
      if (typeof p.name === "string" && typeof baseKeys.get(`app.parameters.${p.name}.label`) !== "string")
        errors.push(`translations/${locale}.json: app.parameters.${p.name}.label is required`);
    for (const file of translationFiles) {
      const other = json(file);
      if (!other) continue;
      const keys = flatKeys(other);
      const missing = [...baseKeys.keys()].filter((k) => !keys.has(k));
      const unknown = [...keys.keys()].filter((k) => !baseKeys.has(k));
      if (missing.length) errors.push(`${file}: missing keys ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` (+${missing.length - 10})` : ""}`);
      if (unknown.length) errors.push(`${file}: keys not in ${locale}.json: ${unknown.slice(0, 10).join(", ")}`);
      for (const [k, v] of keys) if (typeof v !== "string" || !v.trim()) errors.push(`${file}: ${k} must be a non-empty string`);
    }
  }
  if (opts.sourceDir && base) {
    const used = new Set<string>();
    const prefixes = new Set<string>();
    for (const [name, data] of walk(opts.sourceDir)) {
      if (!/\.(ts|tsx)$/.test(name)) continue;
      const text = data.toString("utf8");
      for (const m of text.matchAll(/\bt\(\s*"(ui\.[a-zA-Z0-9_.]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\bt\(\s*`(ui\.[a-zA-Z0-9_.]+\.)\$\{/g)) prefixes.add(m[1]!);
    }
    for (const key of used) if (!baseKeys.has(key)) errors.push(`source uses t("${key}") but translations/${locale}.json has no such key`);
    for (const prefix of prefixes)
      if (![...baseKeys.keys()].some((k) => k.startsWith(prefix))) errors.push(`source uses t(\`${prefix}\${…}\`) but no ${prefix}* keys exist`);
  }

  // --- assets ---------------------------------------------------------------------------------------------
  const html = files.get("assets/iframe.html")?.toString("utf8");
  if (!html) errors.push("assets/iframe.html is missing (run npm run app:build)");
  else {
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
    if (!scripts.includes(ZAF_SDK_CDN)) errors.push(`assets/iframe.html must load the ZAF SDK from ${ZAF_SDK_CDN}`);
    const remote = scripts.filter((s) => /^(https?:)?\/\//.test(s) && s !== ZAF_SDK_CDN);
    if (remote.length) errors.push(`assets/iframe.html loads remote scripts besides the ZAF SDK: ${remote.join(", ")} (the bundle must be self-contained)`);
    for (const local of scripts.filter((s) => !/^(https?:)?\/\//.test(s))) {
      const path = `assets/${local.replace(/^\.\//, "")}`;
      if (!files.has(path)) errors.push(`assets/iframe.html loads ${local}, which is not in assets/`);
    }
    if (!scripts.some((s) => !/^(https?:)?\/\//.test(s))) errors.push("assets/iframe.html loads no app bundle");
  }
  for (const [file, size] of [
    ["assets/logo.png", 320],
    ["assets/logo-small.png", 128],
  ] as const) {
    const data = files.get(file);
    const dims = data ? pngSize(data) : null;
    if (!data) errors.push(`${file} is missing`);
    else if (!dims) errors.push(`${file} is not a PNG`);
    else if (dims.width !== size || dims.height !== size) errors.push(`${file} must be ${size}×${size} (is ${dims.width}×${dims.height})`);
  }
  const allowed = /^(manifest\.json|translations\/[^/]+\.json|assets\/.+)$/;
  for (const name of files.keys()) if (!allowed.test(name)) warnings.push(`unexpected file in the package: ${name}`);
  return { errors, warnings };
}

export function validatePath(path: string): Report {
  const full = resolve(path);
  if (full.endsWith(".zip")) {
    const files: Files = new Map(readZip(readFileSync(full)).map((e) => [e.name, e.data]));
    return validateApp(files);
  }
  return validateApp(packageFilesFromDir(full), existsSync(join(full, "src")) ? { sourceDir: join(full, "src") } : {});
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  if (wantsHelp(process.argv.slice(2))) {
    printUsage("usage: npm run app:validate [-- <app dir or .zip>]   offline checks of the manifest and translations (default: zendesk-app/)");
    process.exit(0);
  }
  const target = process.argv.slice(2).find((a) => !a.startsWith("-")) ?? resolve(import.meta.dirname, "..", "zendesk-app");
  const report = validatePath(target);
  for (const w of report.warnings) process.stdout.write(`warning: ${w}\n`);
  for (const e of report.errors) process.stdout.write(`error: ${e}\n`);
  process.stdout.write(`[app:validate] ${target}: ${report.errors.length} error(s), ${report.warnings.length} warning(s)\n`);
  process.stdout.write("[app:validate] final check with a Zendesk account: npx @zendesk/zcli apps:validate <dir> (see zendesk-app/README.md)\n");
  process.exitCode = report.errors.length ? 1 : 0;
}
