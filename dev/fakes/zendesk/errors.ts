/** Zendesk's error bodies, as thrown by the store and answered by the routes. */

export type ValidationDetails = Record<string, Array<{ description: string; error: string }>>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.error === "string" ? body.error : `HTTP ${status}`);
  }
}

export const notFound = () => new ApiError(404, { error: "RecordNotFound", description: "Not found" });

export const unauthorized = () => new ApiError(401, { error: "Couldn't authenticate you" }, { "WWW-Authenticate": 'Basic realm="Web Password"' });

export const updateConflict = () =>
  new ApiError(409, {
    error: "UpdateConflict",
    description: "Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.",
  });

export const badRequest = (description: string, error = "BadRequest") => new ApiError(400, { error, description });

export const invalidRecord = (details: ValidationDetails) => new ApiError(422, { error: "RecordInvalid", description: "Record validation errors", details });

/** Collects field errors; throws one 422 with all of them. */
export class Validation {
  readonly details: ValidationDetails = {};
  add(field: string, description: string, error = "InvalidValue"): void {
    const list = this.details[field] ?? [];
    list.push({ description, error });
    this.details[field] = list;
  }
  get ok(): boolean {
    return Object.keys(this.details).length === 0;
  }
  throwIfInvalid(): void {
    if (!this.ok) throw invalidRecord(this.details);
  }
}
