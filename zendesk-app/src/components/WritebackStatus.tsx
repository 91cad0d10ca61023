/**
 * The write-back to Zendesk when it did not go through: what failed and "Retry write-back" (sent once; a
 * concurrent retry or one that already succeeded answers 409 and the view is reloaded). Nothing when it worked.
 */
import { Button } from "@zendeskgarden/react-buttons";
import { Alert } from "@zendeskgarden/react-notifications";
import { useState } from "react";
import type { WritebackView } from "../../../contract/app-api";
import { ApiError, type WorkerApi } from "../lib/api";
import { errorText } from "../lib/errors";
import type { Translate } from "../lib/i18n";

export function WritebackStatus({
  writeback,
  ticketId,
  api,
  t,
  onRetried,
}: {
  writeback: WritebackView | null;
  ticketId: number;
  api: WorkerApi;
  t: Translate;
  onRetried: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!writeback?.retryable) return null;

  async function retry() {
    setBusy(true);
    setError(null);
    try {
      await api.retryWriteback(ticketId);
      onRetried();
    } catch (failure) {
      const apiError = failure instanceof ApiError ? failure : new ApiError(0, "error", String(failure));
      // Someone else retried first, or it already went through: the fresh view says which.
      if (apiError.code === "in_progress" || apiError.code === "already_succeeded") onRetried();
      else setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Alert type={writeback.status === "dead" ? "warning" : "error"} data-testid="writeback-failed">
      <Alert.Title>{t("ui.writeback.title")}</Alert.Title>
      <Alert.Paragraph>{t(`ui.writeback.${writeback.status}`, { attempts: writeback.attempts, status: writeback.lastHttpStatus ?? "–" })}</Alert.Paragraph>
      {writeback.error && <Alert.Paragraph data-testid="writeback-error">{writeback.error}</Alert.Paragraph>}
      {error && <Alert.Paragraph>{t("ui.writeback.retryFailed", { message: errorText(t, error) })}</Alert.Paragraph>}
      <Button size="small" disabled={busy} onClick={() => void retry()} style={{ marginTop: 8 }} data-testid="writeback-retry">
        {busy ? t("ui.writeback.retrying") : t("ui.writeback.retry")}
      </Button>
    </Alert>
  );
}
