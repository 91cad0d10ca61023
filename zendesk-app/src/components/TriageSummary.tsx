/** Intent with its confidence bar and the model's alternatives; priority, sentiment, language, route; escalation. */
import { Progress } from "@zendeskgarden/react-loaders";
import { Alert } from "@zendeskgarden/react-notifications";
import { Tag } from "@zendeskgarden/react-tags";
import { SM, Span } from "@zendeskgarden/react-typography";
import styled from "styled-components";
import type { TicketView } from "../../../contract/app-api";
import { percent, type Translate } from "../lib/i18n";

const Row = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: ${(p) => p.theme.space.xxs};
`;

const Section = styled.section`
  display: flex;
  flex-direction: column;
  gap: ${(p) => p.theme.space.xxs};
`;

const Label = styled(SM)`
  color: ${(p) => p.theme.palette.grey?.[700] ?? "#5c6970"};
  min-width: 72px;
`;

const Alternative = styled.li`
  display: grid;
  grid-template-columns: 1fr 64px 36px;
  align-items: center;
  gap: ${(p) => p.theme.space.xxs};
  list-style: none;
  font-size: ${(p) => p.theme.fontSizes.sm};
  & > div {
    margin: 0;
  }
`;

const PRIORITY_HUE: Record<string, string> = { low: "grey", normal: "blue", high: "orange", urgent: "red" };
const SENTIMENT_HUE: Record<string, string> = { very_negative: "red", negative: "orange", neutral: "grey", positive: "green", very_positive: "green" };
const ROUTE_HUE: Record<string, string> = { auto: "grey", draft: "blue", escalate: "red", ignore: "grey" };

/** "2 h 10 min", "3 days 4 h", "12 min". */
export function waitedText(minutes: number): string {
  if (minutes < 60) return `${Math.max(0, Math.round(minutes))} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${Math.round(minutes % 60)} min`;
  return `${Math.floor(minutes / 1440)} days ${Math.round((minutes % 1440) / 60)} h`;
}

export function TriageSummary({ view, t }: { view: TicketView; t: Translate }) {
  const decision = view.decision!;
  const summary = view.escalation.summary;
  const intent = view.intent.intent;
  const model = decision.model;
  const top = model?.top ?? [];
  // The confidence of the tier that placed the intent: the LLM's when it decided, else the model's probability for it.
  // A correction or a rule has no probability.
  const byAgentOrRule = decision.tier === "agent" || decision.tier === "rule" || view.intent.source === "correction";
  // No intent: the model's scores are shown as its guesses, never as a confidence beside "No intent".
  const shownProbability =
    byAgentOrRule || !intent
      ? null
      : decision.tier === "llm"
        ? decision.confidence
        : (top.find((x) => x.label === intent)?.probability ?? (view.intent.source === "triage" ? decision.confidence : null));
  const alternatives = top.filter((x) => x.label !== intent).slice(0, intent ? 2 : 3);
  // What the ticket header shows: Zendesk's own priority. Triage writes it only when a rule set it.
  const zendeskPriority = decision.priorityFromRule ? decision.priority : (view.ticket?.priority ?? null);

  return (
    <>
      <Section aria-label={t("ui.intent.label")} data-testid="intent">
        <Label>{t("ui.intent.label")}</Label>
        <Row>
          {intent ? (
            <Tag hue="kale" size="large" data-testid="intent-value">
              {intent}
            </Tag>
          ) : (
            <Span hue="grey">{t("ui.intent.none")}</Span>
          )}
          {view.correction && <SM>{t("ui.intent.corrected", { name: view.correction.actorName ?? view.correction.actor })}</SM>}
        </Row>
        <SM data-testid="decided-by" title={decision.tierSummary}>
          {t("ui.intent.decidedBy", { tier: t(`ui.intent.tier.${decision.tier}`) })}
        </SM>
        {shownProbability !== null && shownProbability !== undefined && (
          <>
            <Progress
              value={Math.round(shownProbability * 100)}
              size="small"
              color={shownProbability >= 0.7 ? undefined : "#f79a3e"}
              aria-label={t("ui.intent.confidence", { percent: percent(shownProbability) })}
              style={{ margin: 0 }}
            />
            <SM data-testid="confidence">{t("ui.intent.confidence", { percent: percent(shownProbability) })}</SM>
          </>
        )}
        {alternatives.length > 0 && (
          <>
            <Label>{intent ? t("ui.intent.alternatives") : t("ui.intent.modelGuesses")}</Label>
            <ul style={{ margin: 0, padding: 0 }} data-testid="alternatives">
              {alternatives.map((alt) => (
                <Alternative key={alt.label}>
                  <span>{alt.label}</span>
                  <Progress value={Math.round(alt.probability * 100)} size="small" color="#87929d" aria-label={alt.label} />
                  <span>{percent(alt.probability)}</span>
                </Alternative>
              ))}
            </ul>
          </>
        )}
      </Section>

      <Section data-testid="facts">
        <Row>
          <Label>{t("ui.field.priority")}</Label>
          <Tag hue={PRIORITY_HUE[decision.priority] ?? "grey"} data-testid="priority">
            {t(`ui.priority.${decision.priority}`)}
          </Tag>
          {zendeskPriority !== decision.priority && (
            <SM data-testid="priority-note">
              {zendeskPriority ? t("ui.priority.suggestedOver", { zendesk: t(`ui.priority.${zendeskPriority}`) }) : t("ui.priority.suggestedUnset")}
            </SM>
          )}
        </Row>
        <Row>
          <Label>{t("ui.field.sentiment")}</Label>
          <Tag hue={SENTIMENT_HUE[decision.sentiment] ?? "grey"} data-testid="sentiment">
            {t(`ui.sentiment.${decision.sentiment}`)}
          </Tag>
        </Row>
        <Row>
          <Label>{t("ui.field.language")}</Label>
          <Tag data-testid="language">{decision.language}</Tag>
        </Row>
        <Row>
          <Label>{t("ui.field.route")}</Label>
          <Tag hue={ROUTE_HUE[decision.route] ?? "grey"} data-testid="route">
            {t(`ui.route.${decision.route}`)}
          </Tag>
        </Row>
      </Section>

      {view.escalation.escalated && (
        <Alert type="error" data-testid="escalation">
          <Alert.Title>{t("ui.escalation.title")}</Alert.Title>
          {view.escalation.reason && <Alert.Paragraph>{view.escalation.reason}</Alert.Paragraph>}
          {summary && (
            <div data-testid="escalation-summary">
              <Alert.Paragraph>
                <strong>{t("ui.escalation.wants")}</strong> {summary.wants}
              </Alert.Paragraph>
              <Alert.Paragraph>
                <strong>{t("ui.escalation.soFar")}</strong> {summary.soFar}
              </Alert.Paragraph>
              {summary.waitedMinutes !== null && (
                <Alert.Paragraph>
                  <strong>{t("ui.escalation.waited")}</strong> {waitedText(summary.waitedMinutes)}
                </Alert.Paragraph>
              )}
              <SM>{summary.source === "llm" ? t("ui.escalation.byLlm", { model: summary.model ?? "LLM" }) : t("ui.escalation.extractive")}</SM>
            </div>
          )}
          {view.escalation.slackThread && <Alert.Paragraph>{t("ui.escalation.slack")}</Alert.Paragraph>}
        </Alert>
      )}
    </>
  );
}
