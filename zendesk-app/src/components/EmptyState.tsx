/** "Not triaged yet" with Triage now; "Triage in progress…" while the Worker works on it. */
import { Button } from "@zendeskgarden/react-buttons";
import { Dots } from "@zendeskgarden/react-loaders";
import { Alert, Well } from "@zendeskgarden/react-notifications";
import { Paragraph } from "@zendeskgarden/react-typography";
import { useState } from "react";
import type { TicketView } from "../../../contract/app-api";
import { ApiError, type WorkerApi } from "../lib/api";
import { errorText } from "../lib/errors";
import type { Translate } from "../lib/i18n";

export function EmptyState({ view, api, t, onQueued }: { view: TicketView; api: WorkerApi; t: Translate; onQueued: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const pending = view.state === "pending";
  const failed = view.lastEvent && (view.lastEvent.status === "failed" || view.lastEvent.status === "dead") ? view.lastEvent.error : null;

  async function triageNow() {
    setBusy(true);
    setError(null);
    try {
      await api.triageNow(view.ticketId);
      onQueued();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, "error", String(failure)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Well isRecessed data-testid="empty">
      <Well.Title>{pending ? t("ui.empty.pending") : t("ui.empty.title")}</Well.Title>
      {pending ? (
        <Dots size={24} aria-label={t("ui.empty.pending")} />
      ) : (
        <>
          <Paragraph size="small">{t("ui.empty.body")}</Paragraph>
          {failed && (
            <Alert type="warning">
              <Alert.Paragraph>{t("ui.empty.failed", { error: failed })}</Alert.Paragraph>
            </Alert>
          )}
          {error && (
            <Alert type="error">
              <Alert.Paragraph>{errorText(t, error)}</Alert.Paragraph>
            </Alert>
          )}
          <Button size="small" isPrimary disabled={busy} onClick={() => void triageNow()} style={{ marginTop: 8 }}>
            {t("ui.empty.triageNow")}
          </Button>
        </>
      )}
    </Well>
  );
}
