import type { ApiError } from "./api";
import type { Translate } from "./i18n";

/** A sentence for the agent: what went wrong and what to check. */
export function errorText(t: Translate, error: ApiError): string {
  if (error.status === 401) return t("ui.error.auth", { code: error.code });
  if (error.status === 0 || error.status >= 500) return t("ui.error.network", { status: error.status || error.code });
  return t("ui.error.generic", { message: error.message });
}
