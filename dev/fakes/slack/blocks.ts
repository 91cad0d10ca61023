/**
 * Block Kit checks the fake applies to `blocks` and `view` arguments, and the block_id / action_id filling Slack does.
 *
 * Deliberately conservative: it rejects only what Slack certainly rejects (unknown block types, empty or
 * over-long texts, wrong text object types, too many blocks or elements, duplicate block_ids, bad button styles),
 * so a green test here means "Slack would very likely accept it", never "Slack would reject valid Block Kit".
 * Error strings follow Slack's `"<reason> [json-pointer:/blocks/0/text/text]"` form.
 */

const BLOCK_TYPES = new Set([
  "actions",
  "context",
  "context_actions",
  "divider",
  "file",
  "header",
  "image",
  "input",
  "markdown",
  "rich_text",
  "section",
  "table",
  "video",
  "call",
]);

const MAX_BLOCKS = { message: 50, modal: 100 } as const;
export type Surface = keyof typeof MAX_BLOCKS;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class Checker {
  readonly errors: string[] = [];
  fail(pointer: string, reason: string) {
    this.errors.push(`${reason} [json-pointer:${pointer}]`);
  }

  text(value: unknown, pointer: string, opts: { plainOnly?: boolean; max: number; required?: boolean }) {
    if (value === undefined) {
      if (opts.required !== false) this.fail(pointer, "missing required field: text");
      return;
    }
    if (!isObject(value)) return this.fail(pointer, "must be an object");
    const allowed = opts.plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
    if (typeof value.type !== "string" || !allowed.includes(value.type)) {
      return this.fail(`${pointer}/type`, `must be one of ${allowed.map((t) => `"${t}"`).join(", ")}`);
    }
    if (typeof value.text !== "string") return this.fail(`${pointer}/text`, "must be a string");
    if (value.text.length === 0) return this.fail(`${pointer}/text`, "must be more than 0 characters");
    if (value.text.length > opts.max) this.fail(`${pointer}/text`, `must be less than ${opts.max + 1} characters`);
  }

  maxString(value: unknown, pointer: string, max: number) {
    if (value === undefined) return;
    if (typeof value !== "string") return this.fail(pointer, "must be a string");
    if (value.length > max) this.fail(pointer, `must be less than ${max + 1} characters`);
  }

  confirm(value: unknown, pointer: string) {
    if (value === undefined) return;
    if (!isObject(value)) return this.fail(pointer, "must be an object");
    this.text(value.title, `${pointer}/title`, { plainOnly: true, max: 100 });
    this.text(value.text, `${pointer}/text`, { max: 300 });
    this.text(value.confirm, `${pointer}/confirm`, { plainOnly: true, max: 30 });
    this.text(value.deny, `${pointer}/deny`, { plainOnly: true, max: 30 });
    if (value.style !== undefined && value.style !== "primary" && value.style !== "danger") {
      this.fail(`${pointer}/style`, 'must be one of "primary", "danger"');
    }
  }

  element(value: unknown, pointer: string, actionIds: Set<string>) {
    if (!isObject(value)) return this.fail(pointer, "must be an object");
    if (typeof value.type !== "string") return this.fail(`${pointer}/type`, "missing required field: type");
    if (value.action_id !== undefined) {
      this.maxString(value.action_id, `${pointer}/action_id`, 255);
      if (typeof value.action_id === "string") {
        if (actionIds.has(value.action_id)) this.fail(`${pointer}/action_id`, "action_id must be unique within the block");
        actionIds.add(value.action_id);
      }
    }
    this.confirm(value.confirm, `${pointer}/confirm`);
    if (value.type === "button") {
      this.text(value.text, `${pointer}/text`, { plainOnly: true, max: 75 });
      this.maxString(value.value, `${pointer}/value`, 2000);
      this.maxString(value.url, `${pointer}/url`, 3000);
      if (value.style !== undefined && value.style !== "primary" && value.style !== "danger") {
        this.fail(`${pointer}/style`, 'must be one of "primary", "danger"');
      }
    }
  }

  block(value: unknown, pointer: string, blockIds: Set<string>) {
    if (!isObject(value)) return this.fail(pointer, "must be an object");
    if (typeof value.type !== "string") return this.fail(`${pointer}/type`, "missing required field: type");
    if (!BLOCK_TYPES.has(value.type)) return this.fail(`${pointer}/type`, `unsupported type: ${value.type}`);
    if (value.block_id !== undefined) {
      this.maxString(value.block_id, `${pointer}/block_id`, 255);
      if (typeof value.block_id === "string") {
        if (blockIds.has(value.block_id)) this.fail(`${pointer}/block_id`, "block_id must be unique");
        blockIds.add(value.block_id);
      }
    }
    const actionIds = new Set<string>();
    switch (value.type) {
      case "header":
        this.text(value.text, `${pointer}/text`, { plainOnly: true, max: 150 });
        break;
      case "section": {
        if (value.text === undefined && value.fields === undefined) {
          this.fail(pointer, "must provide either text or fields");
        }
        this.text(value.text, `${pointer}/text`, { max: 3000, required: false });
        if (value.fields !== undefined) {
          if (!Array.isArray(value.fields)) this.fail(`${pointer}/fields`, "must be an array");
          else {
            if (value.fields.length > 10) this.fail(`${pointer}/fields`, "must provide no more than 10 items");
            value.fields.forEach((f, i) => {
              this.text(f, `${pointer}/fields/${i}`, { max: 2000 });
            });
          }
        }
        if (value.accessory !== undefined) this.element(value.accessory, `${pointer}/accessory`, actionIds);
        break;
      }
      case "actions": {
        const elements = value.elements;
        if (!Array.isArray(elements)) return this.fail(`${pointer}/elements`, "missing required field: elements");
        if (elements.length === 0) this.fail(`${pointer}/elements`, "must provide at least 1 item");
        if (elements.length > 25) this.fail(`${pointer}/elements`, "must provide no more than 25 items");
        elements.forEach((e, i) => {
          this.element(e, `${pointer}/elements/${i}`, actionIds);
        });
        break;
      }
      case "context": {
        const elements = value.elements;
        if (!Array.isArray(elements)) return this.fail(`${pointer}/elements`, "missing required field: elements");
        if (elements.length === 0) this.fail(`${pointer}/elements`, "must provide at least 1 item");
        if (elements.length > 10) this.fail(`${pointer}/elements`, "must provide no more than 10 items");
        elements.forEach((e, i) => {
          if (isObject(e) && (e.type === "plain_text" || e.type === "mrkdwn")) {
            this.text(e, `${pointer}/elements/${i}`, { max: 3000 });
          } else if (!isObject(e) || typeof e.type !== "string") {
            this.fail(`${pointer}/elements/${i}`, "must be a text or image element");
          }
        });
        break;
      }
      case "input":
        this.text(value.label, `${pointer}/label`, { plainOnly: true, max: 2000 });
        this.text(value.hint, `${pointer}/hint`, { plainOnly: true, max: 2000, required: false });
        if (value.element === undefined) this.fail(`${pointer}/element`, "missing required field: element");
        else this.element(value.element, `${pointer}/element`, actionIds);
        break;
      default:
        break;
    }
  }
}

export type BlocksCheck = { ok: true } | { ok: false; errors: string[] };

/** Checks a decoded `blocks` value; `pointerBase` is "/blocks" for messages and "/view/blocks" for views. */
export function checkBlocks(blocks: unknown, surface: Surface, pointerBase = "/blocks"): BlocksCheck {
  const checker = new Checker();
  if (!Array.isArray(blocks)) {
    checker.fail(pointerBase, "must be an array");
    return { ok: false, errors: checker.errors };
  }
  if (blocks.length > MAX_BLOCKS[surface]) {
    checker.fail(pointerBase, `must provide no more than ${MAX_BLOCKS[surface]} items`);
  }
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    checker.block(b, `${pointerBase}/${i}`, blockIds);
  });
  return checker.errors.length === 0 ? { ok: true } : { ok: false, errors: checker.errors };
}

/** Checks a decoded `view` for views.open / views.update (modal only; `home` views belong to views.publish). */
export function checkView(view: unknown): BlocksCheck {
  const checker = new Checker();
  if (!isObject(view)) {
    checker.fail("/view", "must be an object");
    return { ok: false, errors: checker.errors };
  }
  if (view.type !== "modal") checker.fail("/view/type", 'must be one of "modal"');
  checker.text(view.title, "/view/title", { plainOnly: true, max: 24 });
  checker.text(view.submit, "/view/submit", { plainOnly: true, max: 24, required: false });
  checker.text(view.close, "/view/close", { plainOnly: true, max: 24, required: false });
  checker.maxString(view.private_metadata, "/view/private_metadata", 3000);
  checker.maxString(view.callback_id, "/view/callback_id", 255);
  checker.maxString(view.external_id, "/view/external_id", 255);
  const blocksResult = checkBlocks(view.blocks, "modal", "/view/blocks");
  if (!blocksResult.ok) checker.errors.push(...blocksResult.errors);
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === "input");
  if (hasInput && view.submit === undefined) checker.fail("/view/submit", "must provide submit when view has input blocks");
  return checker.errors.length === 0 ? { ok: true } : { ok: false, errors: checker.errors };
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomId(length: number, alphabet = ID_ALPHABET): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/**
 * Returns a deep copy of valid blocks with the ids Slack fills in: every block gets a `block_id` and every
 * interactive element an `action_id` when the caller left them out (Slack generates short random ones).
 */
export function withGeneratedIds(blocks: unknown[]): unknown[] {
  const copy = structuredClone(blocks) as unknown[];
  const fillElement = (el: unknown) => {
    if (isObject(el) && typeof el.type === "string" && !["image", "plain_text", "mrkdwn"].includes(el.type)) {
      if (el.action_id === undefined) el.action_id = randomId(5);
    }
  };
  for (const block of copy) {
    if (!isObject(block)) continue;
    if (block.block_id === undefined) block.block_id = randomId(5);
    if (block.type === "actions" && Array.isArray(block.elements)) block.elements.forEach(fillElement);
    if (block.type === "section" && block.accessory !== undefined) fillElement(block.accessory);
    if (block.type === "input" && block.element !== undefined) fillElement(block.element);
  }
  return copy;
}
