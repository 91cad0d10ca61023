/** Why the ticket was triaged this way: the reasons, the rules that matched, the model and rule versions. */
import { Tag } from "@zendeskgarden/react-tags";
import { SM } from "@zendeskgarden/react-typography";
import { useState } from "react";
import styled from "styled-components";
import type { DecisionView } from "../../../contract/app-api";
import type { Translate } from "../lib/i18n";

const Details = styled.details`
  font-size: ${(p) => p.theme.fontSizes.sm};
  summary {
    cursor: pointer;
    font-weight: ${(p) => p.theme.fontWeights.semibold};
  }
  ul {
    margin: ${(p) => p.theme.space.xxs} 0;
    padding-left: ${(p) => p.theme.space.md};
  }
  li {
    overflow-wrap: anywhere;
  }
`;

/** Keys for the reasons: the text, and which occurrence of it (two rules may give the same reason). */
function keyedReasons(reasons: readonly string[]): { key: string; text: string }[] {
  const seen = new Map<string, number>();
  return reasons.map((text) => {
    const n = seen.get(text) ?? 0;
    seen.set(text, n + 1);
    return { key: `${n}:${text}`, text };
  });
}

export function Reasons({ decision, t }: { decision: DecisionView; t: Translate }) {
  const [open, setOpen] = useState(true);
  return (
    <Details open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid="reasons">
      <summary>{t("ui.reasons.title")}</summary>
      <ul>
        {keyedReasons(decision.reasons).map((reason) => (
          <li key={reason.key}>{reason.text}</li>
        ))}
      </ul>
      <div style={{ display: "flex", flexWrap: "wrap", gap: 4, alignItems: "center" }}>
        <SM>{t("ui.reasons.ruleHits")}:</SM>
        {decision.ruleHits.length === 0 ? (
          <SM>{t("ui.reasons.noRules")}</SM>
        ) : (
          decision.ruleHits.map((hit) => (
            <Tag key={`${hit.ruleId}-${hit.index}`} size="small" data-testid="rule-hit">
              {hit.ruleId}
            </Tag>
          ))
        )}
      </div>
      <SM data-testid="versions">
        {decision.modelVersion ? t("ui.reasons.model", { version: decision.modelVersion }) : t("ui.reasons.noModel")}
        {decision.rulesVersion !== null ? ` · ${t("ui.reasons.rules", { version: decision.rulesVersion })}` : ""}
        {` · ${t("ui.reasons.latency", { ms: decision.latencyMs.toFixed(1) })}`}
      </SM>
    </Details>
  );
}
