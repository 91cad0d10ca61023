/**
 * The sidebar for one ticket: loading, error, "not triaged yet" (Triage now), and the triaged view with the
 * draft. Reloads when Zendesk says the ticket changed, and polls briefly while the Worker is still working
 * (triage in flight, draft being composed, reply being posted).
 */
import { Alert } from "@zendeskgarden/react-notifications";
import { Skeleton } from "@zendeskgarden/react-loaders";
import { useCallback, useEffect, useRef, useState } from "react";
import styled from "styled-components";
import type { IntentList, TicketView } from "../../contract/app-api";
import { ApiError, type WorkerApi } from "./lib/api";
import { CorrectIntent } from "./components/CorrectIntent";
import { DraftPanel } from "./components/DraftPanel";
import { EmptyState } from "./components/EmptyState";
import { LoadError } from "./components/LoadError";
import { Reasons } from "./components/Reasons";
import { TriageSummary } from "./components/TriageSummary";
import { WritebackStatus } from "./components/WritebackStatus";
import { errorText } from "./lib/errors";
import type { Translate } from "./lib/i18n";
import type { ZafClient } from "./lib/zaf";

export const Page = styled.main`
  padding: ${(p) => p.theme.space.sm} ${(p) => p.theme.space.xxs};
  display: flex;
  flex-direction: column;
  gap: ${(p) => p.theme.space.sm};
  font-family: ${(p) => p.theme.fonts.system};
`;

const POLL_MS = 1500;
const MAX_POLLS = 80;

function stillWorking(view: TicketView | null): boolean {
  if (!view) return false;
  if (view.state === "pending") return true;
  const draft = view.draft;
  if (!draft) return false;
  if (draft.status === "drafting") return true;
  return (draft.status === "approved" || draft.status === "edited") && draft.replyState !== "posted" && draft.replyState !== "failed";
}

export function App({ client, api, ticketId, t }: { client: ZafClient; api: WorkerApi; ticketId: number; t: Translate }) {
  const [view, setView] = useState<TicketView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [intents, setIntents] = useState<IntentList | null>(null);
  const polls = useRef(0);

  const load = useCallback(async () => {
    try {
      const next = await api.ticket(ticketId);
      setView(next);
      setError(null);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, "error", String(failure)));
    }
  }, [api, ticketId]);

  useEffect(() => {
    void load();
    const onChange = () => {
      polls.current = 0;
      void load();
    };
    for (const event of ["ticket.updated", "ticket.submit.done", "app.activated"]) client.on(event, onChange);
    return () => {
      for (const event of ["ticket.updated", "ticket.submit.done", "app.activated"]) client.off(event, onChange);
    };
  }, [client, load]);

  // A first load that failed (Worker restarting, network blip) is retried a few times before the agent has to.
  const retries = useRef(0);
  useEffect(() => {
    if (!error || view || retries.current >= 4) return;
    const timer = setTimeout(
      () => {
        retries.current += 1;
        void load();
      },
      2000 * (retries.current + 1),
    );
    return () => clearTimeout(timer);
  }, [error, view, load]);

  useEffect(() => {
    if (!stillWorking(view) || polls.current >= MAX_POLLS) return;
    const timer = setTimeout(() => {
      polls.current += 1;
      void load();
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [view, load]);

  useEffect(() => {
    if (view?.state === "triaged" && !intents) api.intents().then(setIntents, () => undefined);
  }, [view, intents, api]);

  const refreshSoon = useCallback(() => {
    polls.current = 0;
    void load();
  }, [load]);

  if (error && !view)
    return (
      <Page aria-busy="false">
        <LoadError title={t("ui.error.title")} error={error} t={t} onRetry={() => void load()} />
      </Page>
    );

  if (!view)
    return (
      <Page aria-busy="true" data-testid="loading" aria-label={t("ui.loading")}>
        <Skeleton width="50%" height="20px" />
        <Skeleton width="100%" height="8px" />
        <Skeleton width="80%" />
        <Skeleton width="90%" />
        <Skeleton width="100%" height="96px" />
      </Page>
    );

  if (view.state !== "triaged" || !view.decision)
    return (
      <Page>
        <EmptyState view={view} api={api} t={t} onQueued={refreshSoon} />
      </Page>
    );

  return (
    <Page data-testid="triaged" data-ticket-id={view.ticketId}>
      {error && (
        <Alert type="warning">
          <Alert.Paragraph>{errorText(t, error)}</Alert.Paragraph>
        </Alert>
      )}
      <TriageSummary view={view} t={t} />
      <WritebackStatus writeback={view.writeback} ticketId={view.ticketId} api={api} t={t} onRetried={refreshSoon} />
      <DraftPanel key={`draft-${view.draft?.id ?? "none"}`} client={client} api={api} draft={view.draft} t={t} onDecided={refreshSoon} />
      <CorrectIntent
        key={`correct-${view.ticketId}`}
        api={api}
        ticketId={view.ticketId}
        current={view.intent.intent}
        intents={intents}
        t={t}
        onSaved={refreshSoon}
      />
      <Reasons decision={view.decision} t={t} />
    </Page>
  );
}
