/** `npm run app:package` / `app:validate`: Zendesk's app layout, the manifest, translations, and what the checks catch. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageApp } from "../../scripts/app-package";
import { packageFilesFromDir, validateApp, validatePath } from "../../scripts/app-validate";
import { readZip } from "../../scripts/app-zip";
import { ROOT } from "./stack";

const APP = join(ROOT, "zendesk-app");
const OUT = join(ROOT, "test-output", "e2e", "edge-triage-zendesk-app.zip");

describe("app:package", () => {
  it("writes a zip in Zendesk's layout with the Worker's domain whitelisted", async () => {
    const result = await packageApp({ workerUrl: "https://edge-triage.acme.workers.dev", out: OUT, skipBuild: true });
    expect(result.files).toEqual([
      "assets/icon_nav_bar.svg",
      "assets/iframe.html",
      "assets/logo-small.png",
      "assets/logo.png",
      "assets/main.js",
      "manifest.json",
      "translations/de.json",
      "translations/en.json",
    ]);
    const entries = new Map(readZip(readFileSync(OUT)).map((e) => [e.name, e.data]));
    const manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8"));
    expect(manifest).toMatchObject({
      frameworkVersion: "2.0",
      private: true,
      location: { support: { ticket_sidebar: { url: "assets/iframe.html" }, nav_bar: { url: "assets/iframe.html", svg: "assets/icon_nav_bar.svg" } } },
      domainWhitelist: ["edge-triage.acme.workers.dev"],
    });
    expect(manifest.parameters).toContainEqual({ name: "worker_url", type: "url", required: true, default: "https://edge-triage.acme.workers.dev" });
    expect(manifest.parameters).toContainEqual({ name: "shared_secret", type: "text", required: true, secure: true });
    expect(validatePath(OUT)).toEqual({ errors: [], warnings: [] });
    // The bundle is self-contained: no secret, no remote code but the ZAF SDK that iframe.html loads.
    const html = entries.get("assets/iframe.html")!.toString("utf8");
    expect(html).toContain('src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"');
    const js = entries.get("assets/main.js")!.toString("utf8");
    expect(/\bimport\s*\(\s*["'`]https?:/.test(js), "no remote dynamic import in the bundle").toBe(false);
    expect(js.includes("static.zdassets.com"), "the SDK is loaded by iframe.html, not bundled").toBe(false);
  });

  it("refuses a non-https Worker URL", async () => {
    await expect(packageApp({ workerUrl: "http://edge-triage.acme.workers.dev", out: OUT, skipBuild: true })).rejects.toThrow(/https/);
  });
});

/** The parts of manifest.json and the translation files that the tests below break. */
interface ManifestJson {
  frameworkVersion: string;
  location: { support: { ticket_sidebar: { url: string }; nav_bar: { url: string; svg: string } } };
  author: { email?: string };
  parameters: { name: string; secure?: boolean; default?: string }[];
  domainWhitelist: string[];
}
interface TranslationsJson {
  app: { parameters: Record<string, unknown> };
  ui: Record<string, unknown> & { draft: Record<string, unknown> };
}

describe("app:validate", () => {
  const good = () => packageFilesFromDir(APP);
  const withJson = <T>(files: Map<string, Buffer>, name: string, edit: (value: T) => void) => {
    const value = JSON.parse(files.get(name)!.toString("utf8")) as T;
    edit(value);
    files.set(name, Buffer.from(JSON.stringify(value)));
    return files;
  };

  it("passes the source tree (with a warning for the placeholder Worker URL)", () => {
    const report = validatePath(APP);
    expect(report.errors).toEqual([]);
    expect(report.warnings.join("\n")).toMatch(/placeholder/);
  });

  it("catches manifest mistakes", () => {
    const files = withJson<ManifestJson>(good(), "manifest.json", (m) => {
      m.frameworkVersion = "1.0";
      m.location.support.ticket_sidebar.url = "index.html";
      delete m.author.email;
      m.parameters.find((p) => p.name === "shared_secret")!.secure = false;
      m.domainWhitelist = ["other.example.com"];
    });
    const { errors } = validateApp(files);
    expect(errors.join("\n")).toMatch(/frameworkVersion/);
    expect(errors.join("\n")).toMatch(/ticket_sidebar\.url/);
    expect(errors.join("\n")).toMatch(/author\.email/);
    expect(errors.join("\n")).toMatch(/shared_secret: must be secure/);
    expect(errors.join("\n")).toMatch(/domainWhitelist .* does not contain/);
  });

  it("checks the nav_bar location: the same iframe, and its icon in assets/", () => {
    const files = withJson<ManifestJson>(good(), "manifest.json", (m) => {
      m.location.support.nav_bar.url = "assets/dashboard.html";
    });
    files.delete("assets/icon_nav_bar.svg");
    const errors = validateApp(files).errors.join("\n");
    expect(errors).toMatch(/nav_bar\.url must be "assets\/iframe\.html"/);
    expect(errors).toMatch(/assets\/icon_nav_bar\.svg \(the nav_bar icon\) is missing/);
  });

  it("refuses a default value for the secure setting", () => {
    const files = withJson<ManifestJson>(good(), "manifest.json", (m) => {
      m.parameters.find((p) => p.name === "shared_secret")!.default = "oops";
    });
    expect(validateApp(files).errors.join("\n")).toMatch(/must not have a default/);
  });

  it("catches translation files whose keys differ from en.json", () => {
    const files = withJson<TranslationsJson>(good(), "translations/de.json", (t) => {
      delete t.ui.draft.approve;
      t.ui.extra = "x";
    });
    const errors = validateApp(files).errors.join("\n");
    expect(errors).toMatch(/de\.json: missing keys ui\.draft\.approve/);
    expect(errors).toMatch(/de\.json: keys not in en\.json: ui\.extra/);
  });

  it("catches a missing parameter label and a missing bundle", () => {
    const files = withJson<TranslationsJson>(good(), "translations/en.json", (t) => {
      delete t.app.parameters.worker_url;
    });
    files.delete("assets/main.js");
    const errors = validateApp(files).errors.join("\n");
    expect(errors).toMatch(/app\.parameters\.worker_url\.label is required/);
    expect(errors).toMatch(/loads \.\/main\.js, which is not in assets/);
  });
});
