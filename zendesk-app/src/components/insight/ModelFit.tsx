/** "Model fit": the account's latest history replay (what triage would have decided on past tickets), or how to run one. */
import { Well } from "@zendeskgarden/react-notifications";
import { MD, Paragraph, SM } from "@zendeskgarden/react-typography";
import { useMemo } from "react";
import type { ModelFitView } from "../../../../contract/insight-api";
import type { Translate } from "../../lib/i18n";
import { ChartCanvas, COLORS } from "./ChartCanvas";
import { pct100, percent } from "./format";

export function ModelFit({ fit, t }: { fit: ModelFitView | null; t: Translate }) {
  const intents = useMemo(
    () =>
      fit
        ? {
            type: "bar" as const,
            data: {
              labels: fit.perIntent.slice(0, 15).map((p) => p.intent),
              datasets: [
                { label: t("ui.insight.fit.accuracy"), data: fit.perIntent.slice(0, 15).map((p) => pct100(p.accuracy)), backgroundColor: COLORS[0] },
                { label: t("ui.insight.coverage"), data: fit.perIntent.slice(0, 15).map((p) => pct100(p.coverage)), backgroundColor: COLORS[1] },
              ],
            },
            options: { indexAxis: "y" as const, scales: { x: { min: 0, max: 100 } } },
          }
        : null,
    [fit, t],
  );
  const tiers = useMemo(
    () =>
      fit
        ? {
            type: "bar" as const,
            data: {
              labels: fit.tierShares.map((s) => s.tier),
              datasets: [{ label: t("ui.insight.fit.share"), data: fit.tierShares.map((s) => pct100(s.share)), backgroundColor: COLORS.slice(0, 4) }],
            },
            options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 100 } } },
          }
        : null,
    [fit, t],
  );
  if (!fit || !intents || !tiers)
    return (
      <Well data-testid="model-fit-empty">
        <Paragraph>
          {t("ui.insight.fit.none")} <code>npm run history -- replay</code>
        </Paragraph>
      </Well>
    );
  return (
    <div data-testid="model-fit">
      <MD>
        <span data-testid="fit-overall">
          {t("ui.insight.fit.overall", { coverage: percent(fit.overall.coverage), accuracy: percent(fit.overall.accuracy), tickets: fit.overall.tickets })}
        </span>
      </MD>
      <SM style={{ marginBottom: 8 }}>{t("ui.insight.fit.meta", { id: fit.replayId, model: fit.modelVersion ?? "–", at: fit.createdAt.slice(0, 10) })}</SM>
      <ChartCanvas config={intents} height={Math.max(160, fit.perIntent.slice(0, 15).length * 28)} testId="chart-fit-intents" />
      <SM isBold>{t("ui.insight.fit.tiers")}</SM>
      <ChartCanvas config={tiers} height={180} testId="chart-fit-tiers" />
    </div>
  );
}
