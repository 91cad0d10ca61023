/**
 * `npm run app:build`: builds the Zendesk app (ticket sidebar and nav_bar dashboard) and the local demo desk with Vite.
 *
 *   zendesk-app/assets/          iframe.html + main.js (the app, self-contained but for Zendesk's ZAF SDK, which
 *                                iframe.html loads from Zendesk's CDN as Zendesk requires) + logo.png, logo-small.png, icon_nav_bar.svg
 *   dist/demo-site/demo/         the demo desk (index.html + assets/), served by `wrangler dev --assets dist/demo-site`
 *   dist/demo-site/demo/app/     a copy of the app whose iframe.html loads the local SDK build instead of the CDN
 *   dist/demo-site/demo/vendor/  zaf_sdk.js: the npm zendesk_app_framework_sdk as a browser script (offline demo)
 *
 * Options: --app-only (skip the demo desk).
 */
import { Resvg } from "@resvg/resvg-js";
import react from "@vitejs/plugin-react";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { build, type InlineConfig } from "vite";
import { ZAF_SDK_CDN } from "./app-validate";
import { printUsage, wantsHelp } from "./lib/command-line";

const ROOT = resolve(import.meta.dirname, "..");
export const APP_DIR = join(ROOT, "zendesk-app");
export const APP_ASSETS = join(APP_DIR, "assets");
export const DEMO_SITE = join(ROOT, "dist", "demo-site");

const quiet: Partial<InlineConfig> = { logLevel: "warn", configFile: false, clearScreen: false, mode: "production" };

async function buildApp() {
  await build({
    ...quiet,
    root: join(APP_DIR, "src"),
    base: "./",
    plugins: [react()],
    build: {
      outDir: APP_ASSETS,
      emptyOutDir: true,
      assetsDir: ".",
      // Zendesk serves the zip's assets as they are: stable names, no hashes; one bundle, no code splitting.
      rolldownOptions: {
        input: join(APP_DIR, "src", "iframe.html"),
        output: { entryFileNames: "main.js", chunkFileNames: "[name].js", assetFileNames: "[name][extname]", codeSplitting: false },
      },
      modulePreload: false,
      sourcemap: false,
      chunkSizeWarningLimit: 2000,
    },
  });
  // The nav_bar location's icon: Zendesk colours it through currentColor, so it ships as the SVG itself.
  copyFileSync(join(APP_DIR, "src", "icon_nav_bar.svg"), join(APP_ASSETS, "icon_nav_bar.svg"));
  const svg = readFileSync(join(APP_DIR, "src", "logo.svg"));
  for (const [file, size] of [
    ["logo.png", 320],
    ["logo-small.png", 128],
  ] as const) {
    const png = new Resvg(svg, { fitTo: { mode: "width", value: size } }).render().asPng();
    writeFileSync(join(APP_ASSETS, file), png);
  }
}

async function buildDesk() {
  await build({
    ...quiet,
    root: join(ROOT, "dev", "desk"),
    base: "/demo/",
    plugins: [react()],
    build: { outDir: join(DEMO_SITE, "demo"), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2000 },
  });
  await build({
    ...quiet,
    build: {
      outDir: join(DEMO_SITE, "demo", "vendor"),
      emptyOutDir: true,
      lib: { entry: join(ROOT, "dev", "desk", "vendor", "zaf-sdk.js"), formats: ["iife"], name: "ZAFClientBundle", fileName: () => "zaf_sdk.js" },
      minify: true,
    },
  });
  // The demo copy of the app: byte-identical but for where the SDK comes from.
  const target = join(DEMO_SITE, "demo", "app");
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(APP_ASSETS)) copyFileSync(join(APP_ASSETS, file), join(target, file));
  const html = readFileSync(join(APP_ASSETS, "iframe.html"), "utf8");
  if (html.split(ZAF_SDK_CDN).length !== 2) throw new Error(`zendesk-app/assets/iframe.html must load the ZAF SDK from ${ZAF_SDK_CDN} exactly once`);
  writeFileSync(join(target, "iframe.html"), html.replace(ZAF_SDK_CDN, "../vendor/zaf_sdk.js"));
}

export async function buildAll(opts: { appOnly?: boolean } = {}) {
  const started = Date.now();
  // Vite and the React plugin pick development builds (jsxDEV) from NODE_ENV, which test runners set to "test".
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await buildApp();
    if (!opts.appOnly) {
      rmSync(DEMO_SITE, { recursive: true, force: true });
      await buildDesk();
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return { ms: Date.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  if (wantsHelp(process.argv.slice(2))) {
    printUsage("usage: npm run app:build [-- --app-only]   builds the sidebar app (zendesk-app/assets) and the demo desk (dist/demo-site)");
    process.exit(0);
  }
  const { ms } = await buildAll({ appOnly: process.argv.includes("--app-only") });
  const size = (file: string) => (existsSync(file) ? `${(readFileSync(file).length / 1024).toFixed(0)} KiB` : "missing");
  process.stdout.write(
    `[app:build] zendesk-app/assets/main.js ${size(join(APP_ASSETS, "main.js"))}; demo desk in ${dirname(join(DEMO_SITE, "demo", "x"))} (${ms} ms)\n`,
  );
}
