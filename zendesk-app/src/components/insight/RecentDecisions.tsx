/** The drill-down: recent decisions with how each held up at close and its trace id (to find its logs). */
import { Table } from "@zendeskgarden/react-tables";
import type { RecentDecision } from "../../../../contract/insight-api";
import type { Translate } from "../../lib/i18n";
import { percent } from "./format";

export function RecentDecisions({ rows, t }: { rows: RecentDecision[]; t: Translate }) {
  if (!rows.length) return <p>{t("ui.insight.recent.none")}</p>;
  return (
    <Table size="small" data-testid="recent-decisions">
      <Table.Head>
        <Table.HeaderRow>
          <Table.HeaderCell>{t("ui.insight.recent.ticket")}</Table.HeaderCell>
          <Table.HeaderCell>{t("ui.insight.recent.intent")}</Table.HeaderCell>
          <Table.HeaderCell>{t("ui.insight.recent.tier")}</Table.HeaderCell>
          <Table.HeaderCell>{t("ui.insight.recent.route")}</Table.HeaderCell>
          <Table.HeaderCell>{t("ui.insight.recent.outcome")}</Table.HeaderCell>
          <Table.HeaderCell>{t("ui.insight.recent.trace")}</Table.HeaderCell>
        </Table.HeaderRow>
      </Table.Head>
      <Table.Body>
        {rows.map((r) => (
          <Table.Row key={r.decisionId} data-testid="recent-row" data-ticket-id={r.ticketId}>
            <Table.Cell>#{r.ticketId}</Table.Cell>
            <Table.Cell>
              {r.intent ?? "–"} {r.confidence !== null ? `(${percent(r.confidence)})` : ""}
            </Table.Cell>
            <Table.Cell>{r.tier}</Table.Cell>
            <Table.Cell>{r.route}</Table.Cell>
            <Table.Cell data-testid="recent-outcome">
              {r.outcome === null ? t("ui.insight.recent.open") : t(`ui.insight.outcome.${r.outcome}`, { intent: r.finalIntent ?? "–" })}
            </Table.Cell>
            <Table.Cell>
              <code data-testid="trace-id" style={{ fontSize: 11, wordBreak: "break-all" }}>
                {r.traceId ?? "–"}
              </code>
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}
