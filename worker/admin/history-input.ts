/**
 * What both history routes (the synchronous training import and the import runs) read from their bodies: the
 * label source and the start date, with the same limits and the same errors.
 */
import { z } from "zod";
import type { LabelSource } from "../history/labels";
import { apiError } from "../http/errors";

export const DEFAULT_HISTORY_DAYS = 90;
/** Zendesk refuses a start_time less than a minute old. */
const MIN_START_AGE_MS = 60_000;

/** The body fields naming where the agents' intent is: exactly one of them (checked by labelSourceOf). */
export const labelSourceFields = {
  labelField: z.number().int().positive().optional(),
  labelTagPrefix: z
    .string()
    .regex(/^[a-z0-9_\-:/.?]{1,60}$/, "labelTagPrefix is 1-60 of a-z 0-9 _ - : / . ? (tags are lower case)")
    .optional(),
};

export function labelSourceOf(body: { labelField?: number | undefined; labelTagPrefix?: string | undefined }): LabelSource {
  if (body.labelField !== undefined && body.labelTagPrefix === undefined) return { kind: "field", fieldId: body.labelField };
  if (body.labelTagPrefix !== undefined && body.labelField === undefined) return { kind: "tag", prefix: body.labelTagPrefix };
  return apiError(
    400,
    "label_source_required",
    'Give exactly one label source: labelField (the id of the custom field holding the intent) or labelTagPrefix (e.g. "intent__").',
  );
}

/** The body's `since` as epoch ms (default: DEFAULT_HISTORY_DAYS ago); a 400 when unreadable or too recent. */
export function sinceMsOf(since: string | undefined): number {
  const sinceMs = since === undefined ? Date.now() - DEFAULT_HISTORY_DAYS * 86_400_000 : Date.parse(since);
  if (Number.isNaN(sinceMs)) apiError(400, "invalid_since", "since is an ISO 8601 date or time, e.g. 2026-01-01 or 2026-01-01T00:00:00Z.");
  if (sinceMs > Date.now() - MIN_START_AGE_MS) apiError(400, "invalid_since", "since must be at least a minute in the past.");
  return sinceMs;
}
