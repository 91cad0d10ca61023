/**
 * UI strings come from the app's translation files (Zendesk's format: the `app` section describes the app in
 * Admin Center, the `ui` section is ours). Bundled at build time; the agent's locale picks the file, English
 * is the fallback for anything missing.
 */
import de from "../../translations/de.json";
import en from "../../translations/en.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[path] = value;
    else flatten(value, path, out);
  }
  return out;
}

const CATALOGS: Record<string, Record<string, string>> = { en: flatten(en as Tree), de: flatten(de as Tree) };

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export function localeFor(tag: string | undefined): string {
  const base = (tag ?? "en").toLowerCase().split(/[-_]/)[0] ?? "en";
  return base in CATALOGS ? base : "en";
}

export function translator(locale: string): Translate {
  const catalog = CATALOGS[localeFor(locale)]!;
  const fallback = CATALOGS.en!;
  return (key, vars = {}) => {
    const template = catalog[key] ?? fallback[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
}

export function percent(p: number | null | undefined): string {
  return p === null || p === undefined ? "–" : `${Math.round(p * 100)}%`;
}
