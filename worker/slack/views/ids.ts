/** The action ids, callback ids and block ids the views put in Slack and the Worker's handlers dispatch on. */
export const ACTION = {
  approve: "draft_approve",
  edit: "draft_edit",
  reject: "draft_reject",
  escalate: "draft_escalate",
  /** Link buttons (Open in Zendesk): Slack still sends block_actions for them; they are acked and ignored. */
  openTicket: "open_ticket",
} as const;

export const CALLBACK = {
  edit: "draft_edit_submit",
  reject: "draft_reject_submit",
} as const;

export const BLOCK = {
  actions: "draft_actions",
  editText: "draft_text",
  rejectReason: "reject_reason",
} as const;

/** action_id of the input element inside the edit / reject modals. */
export const INPUT = {
  text: "text",
  reason: "reason",
} as const;

/** What a modal carries in `private_metadata`: the draft and the message the modal was opened from. */
export interface ModalMetadata {
  draftId: number;
  channel?: string;
  ts?: string;
}

export function encodeMetadata(m: ModalMetadata): string {
  return JSON.stringify({ d: m.draftId, ...(m.channel ? { c: m.channel } : {}), ...(m.ts ? { t: m.ts } : {}) });
}

/** Parses private_metadata; null when it is not ours. */
export function decodeMetadata(raw: unknown): ModalMetadata | null {
  if (typeof raw !== "string" || raw.length === 0) return null;
  try {
    const v = JSON.parse(raw) as { d?: unknown; c?: unknown; t?: unknown };
    if (typeof v.d !== "number" || !Number.isSafeInteger(v.d) || v.d <= 0) return null;
    return { draftId: v.d, ...(typeof v.c === "string" ? { channel: v.c } : {}), ...(typeof v.t === "string" ? { ts: v.t } : {}) };
  } catch {
    return null;
  }
}
