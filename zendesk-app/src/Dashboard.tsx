/**
 * The nav_bar location: the insight dashboard for Zendesk admins. Live accuracy at close and coverage week by
 * week, drift, containment, draft acceptance and edit distance per intent, LLM calls and cost per ticket, time to
 * first response, the latest history replay ("Model fit") and the recent decisions with their trace ids.
 * The role check here only spares agents a request; the Worker checks the role with Zendesk itself (403).
 */
import { Button } from "@zendeskgarden/react-buttons";
import { Skeleton } from "@zendeskgarden/react-loaders";
import { Alert } from "@zendeskgarden/react-notifications";
import { Table } from "@zendeskgarden/react-tables";
import { LG, MD, SM, XXL } from "@zendeskgarden/react-typography";
import { useCallback, useEffect, useMemo, useState } from "react";
import styled from "styled-components";
import type { InsightStats } from "../../contract/insight-api";
import { ChartCanvas, COLORS } from "./components/insight/ChartCanvas";
import { minutes, number, pct100, percent, usd } from "./components/insight/format";
import { ModelFit } from "./components/insight/ModelFit";
import { LoadError } from "./components/LoadError";
import { RecentDecisions } from "./components/insight/RecentDecisions";
import { ApiError, type WorkerApi } from "./lib/api";
import type { Translate } from "./lib/i18n";

const Page = styled.main`
  padding: ${(p) => p.theme.space.md} ${(p) => p.theme.space.lg};
  font-family: ${(p) => p.theme.fonts.system};
  display: flex;
  flex-direction: column;
  gap: ${(p) => p.theme.space.lg};
  max-width: 1200px;
`;

const Cards = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
  gap: ${(p) => p.theme.space.sm};
`;

const Card = styled.section`
  border: 1px solid #d8dcde;
  border-radius: ${(p) => p.theme.borderRadii.md};
  padding: ${(p) => p.theme.space.sm};
`;

const Panels = styled.div`
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
  gap: ${(p) => p.theme.space.lg};
`;

const Panel = styled.section`
  min-width: 0;
`;

function Figure({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) {
  return (
    <Card data-testid={testId}>
      <SM>{label}</SM>
      <XXL isBold data-testid={`${testId}-value`}>
        {value}
      </XXL>
      {note && <SM style={{ opacity: 0.75 }}>{note}</SM>}
    </Card>
  );
}

export function Dashboard({ api, isAdmin, t }: { api: WorkerApi; isAdmin: boolean; t: Translate }) {
  const [stats, setStats] = useState<InsightStats | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    try {
      setStats(await api.insightStats());
      setError(null);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, "error", String(failure)));
    }
  }, [api]);

  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);

  if (!isAdmin || error?.status === 403)
    return (
      <Page>
        <Alert type="info" data-testid="admins-only">
          <Alert.Title>{t("ui.insight.title")}</Alert.Title>
          <Alert.Paragraph>{t("ui.insight.adminsOnly")}</Alert.Paragraph>
        </Alert>
      </Page>
    );
  if (error && !stats)
    return (
      <Page>
        <LoadError title={t("ui.insight.error")} error={error} t={t} onRetry={() => void load()} />
      </Page>
    );
  if (!stats)
    return (
      <Page aria-busy="true" data-testid="loading">
        <Skeleton width="40%" height="28px" />
        <Skeleton width="100%" height="96px" />
        <Skeleton width="100%" height="220px" />
      </Page>
    );
  return <Figures stats={stats} t={t} onRefresh={() => void load()} />;
}

function Figures({ stats, t, onRefresh }: { stats: InsightStats; t: Translate; onRefresh: () => void }) {
  const closed = stats.weeks.reduce((s, w) => s + w.closed, 0);
  const correct = stats.weeks.reduce((s, w) => s + w.correct, 0);
  const made = stats.weeks.reduce((s, w) => s + w.decisions, 0);
  const decided = stats.weeks.reduce((s, w) => s + w.decided, 0);
  const labels = useMemo(() => stats.weeks.map((w) => w.week), [stats]);

  const trend = useMemo(
    () => ({
      type: "line" as const,
      data: {
        labels,
        datasets: [
          {
            label: t("ui.insight.accuracy"),
            data: stats.weeks.map((w) => pct100(w.accuracy)),
            borderColor: COLORS[0],
            backgroundColor: COLORS[0],
            spanGaps: true,
          },
          {
            label: t("ui.insight.coverage"),
            data: stats.weeks.map((w) => pct100(w.coverage)),
            borderColor: COLORS[1],
            backgroundColor: COLORS[1],
            spanGaps: true,
          },
        ],
      },
      options: { scales: { y: { min: 0, max: 100, title: { display: true, text: "%" } } } },
    }),
    [stats, t, labels],
  );
  const volume = useMemo(
    () => ({
      type: "bar" as const,
      data: {
        labels,
        datasets: [
          { label: t("ui.insight.decisions"), data: stats.weeks.map((w) => w.decisions), backgroundColor: COLORS[5] },
          { label: t("ui.insight.closed"), data: stats.weeks.map((w) => w.closed), backgroundColor: COLORS[3] },
        ],
      },
    }),
    [stats, t, labels],
  );
  const acceptance = useMemo(
    () => ({
      type: "bar" as const,
      data: {
        labels: stats.drafts.perIntent.map((p) => p.intent),
        datasets: [
          { label: t("ui.insight.drafts.approved"), data: stats.drafts.perIntent.map((p) => p.approved), backgroundColor: COLORS[1] },
          { label: t("ui.insight.drafts.edited"), data: stats.drafts.perIntent.map((p) => p.edited), backgroundColor: COLORS[3] },
          { label: t("ui.insight.drafts.rejected"), data: stats.drafts.perIntent.map((p) => p.rejected), backgroundColor: COLORS[2] },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } } },
    }),
    [stats, t],
  );
  const response = useMemo(
    () => ({
      type: "bar" as const,
      data: {
        labels: [t("ui.insight.response.drafted"), t("ui.insight.response.notDrafted")],
        datasets: [
          {
            label: t("ui.insight.response.median"),
            data: [stats.firstResponse.drafted.medianMinutes, stats.firstResponse.notDrafted.medianMinutes],
            backgroundColor: [COLORS[0], COLORS[5]],
          },
        ],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, title: { display: true, text: "min" } } } },
    }),
    [stats, t],
  );

  return (
    <Page data-testid="dashboard" data-account={stats.accountId}>
      <header style={{ display: "flex", alignItems: "baseline", gap: 16 }}>
        <LG isBold>{t("ui.insight.title")}</LG>
        <SM>{t("ui.insight.window", { from: stats.from, weeks: stats.weeks.length, at: stats.generatedAt.slice(0, 16).replace("T", " ") })}</SM>
        <span style={{ flex: 1 }} />
        <Button size="small" onClick={onRefresh}>
          {t("ui.refresh")}
        </Button>
      </header>

      {stats.drift.signals.length > 0 && (
        <Alert type={stats.drift.flagged ? "warning" : "info"} data-testid="drift">
          <Alert.Title>{stats.drift.flagged ? t("ui.insight.drift.flagged") : t("ui.insight.drift.earlier")}</Alert.Title>
          {stats.drift.signals.map((s) => (
            <Alert.Paragraph key={`${s.kind}-${s.week}`}>{s.message}</Alert.Paragraph>
          ))}
        </Alert>
      )}

      <Cards>
        <Figure
          testId="fig-accuracy"
          label={t("ui.insight.accuracyAtClose")}
          value={percent(closed ? correct / closed : null)}
          note={t("ui.insight.ofClosed", { n: closed })}
        />
        <Figure
          testId="fig-coverage"
          label={t("ui.insight.coverage")}
          value={percent(made ? decided / made : null)}
          note={t("ui.insight.ofDecisions", { n: made })}
        />
        <Figure
          testId="fig-containment"
          label={t("ui.insight.containment")}
          value={percent(stats.containment.rate)}
          note={t("ui.insight.ofTickets", { n: stats.containment.tickets })}
        />
        <Figure
          testId="fig-acceptance"
          label={t("ui.insight.acceptance")}
          value={percent(stats.drafts.overall.acceptance)}
          note={t("ui.insight.editDistance", { d: number(stats.drafts.overall.meanEditDistance) })}
        />
        <Figure
          testId="fig-llm"
          label={t("ui.insight.llmPerTicket")}
          value={usd(stats.llm.costPerTicket)}
          note={t("ui.insight.callsPerTicket", { n: number(stats.llm.callsPerTicket, 2), calls: stats.llm.calls })}
        />
        <Figure
          testId="fig-response"
          label={t("ui.insight.firstResponse")}
          value={minutes(stats.firstResponse.drafted.medianMinutes)}
          note={t("ui.insight.vsNotDrafted", { m: minutes(stats.firstResponse.notDrafted.medianMinutes) })}
        />
      </Cards>

      <Panels>
        <Panel>
          <MD isBold>{t("ui.insight.trend")}</MD>
          <ChartCanvas config={trend} testId="chart-trend" />
        </Panel>
        <Panel>
          <MD isBold>{t("ui.insight.volume")}</MD>
          <ChartCanvas config={volume} testId="chart-volume" />
        </Panel>
        <Panel>
          <MD isBold>{t("ui.insight.drafts.title")}</MD>
          {stats.drafts.perIntent.length ? <ChartCanvas config={acceptance} testId="chart-drafts" /> : <p>{t("ui.insight.drafts.none")}</p>}
        </Panel>
        <Panel>
          <MD isBold>{t("ui.insight.response.title")}</MD>
          <ChartCanvas config={response} testId="chart-response" />
        </Panel>
      </Panels>

      {stats.drafts.perIntent.length > 0 && (
        <Table size="small" data-testid="drafts-table">
          <Table.Head>
            <Table.HeaderRow>
              <Table.HeaderCell>{t("ui.insight.recent.intent")}</Table.HeaderCell>
              <Table.HeaderCell>{t("ui.insight.drafts.decided")}</Table.HeaderCell>
              <Table.HeaderCell>{t("ui.insight.acceptance")}</Table.HeaderCell>
              <Table.HeaderCell>{t("ui.insight.drafts.distance")}</Table.HeaderCell>
            </Table.HeaderRow>
          </Table.Head>
          <Table.Body>
            {stats.drafts.perIntent.map((p) => (
              <Table.Row key={p.intent}>
                <Table.Cell>{p.intent}</Table.Cell>
                <Table.Cell>{p.decided}</Table.Cell>
                <Table.Cell>{percent(p.acceptance)}</Table.Cell>
                <Table.Cell>{number(p.meanEditDistance)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}

      <section>
        <MD isBold>{t("ui.insight.fit.title")}</MD>
        <ModelFit fit={stats.modelFit} t={t} />
      </section>

      <section>
        <MD isBold>{t("ui.insight.recent.title")}</MD>
        <RecentDecisions rows={stats.recent} t={t} />
      </section>
    </Page>
  );
}
