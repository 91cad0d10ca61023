/**
 * The drafted reply: editable while pending. Approve & send (or send the edited text), Insert into reply
 * (ZAF comment.appendText, nothing is sent), Reject with an optional reason. Once decided it shows who decided
 * and whether the reply reached the ticket. A 409 means Slack or another agent decided first.
 */
import { Button } from "@zendeskgarden/react-buttons";
import { Field, Textarea } from "@zendeskgarden/react-forms";
import { Dots } from "@zendeskgarden/react-loaders";
import { Alert, Well } from "@zendeskgarden/react-notifications";
import { SM } from "@zendeskgarden/react-typography";
import { useState } from "react";
import styled from "styled-components";
import type { DraftView } from "../../../contract/app-api";
import { ApiError, type WorkerApi } from "../lib/api";
import { errorText } from "../lib/errors";
import { percent, type Translate } from "../lib/i18n";
import type { ZafClient } from "../lib/zaf";

/** Garden's Well, with the tighter padding a 320 px sidebar needs. */
const Panel = styled(Well)`
  padding: ${(p) => p.theme.space.sm};
`;

const Buttons = styled.div`
  display: flex;
  flex-wrap: wrap;
  gap: ${(p) => p.theme.space.xs};
  margin-top: ${(p) => p.theme.space.xs};
`;

const Stack = styled.div`
  display: flex;
  flex-direction: column;
  gap: ${(p) => p.theme.space.xs};
`;

function decidedLine(t: Translate, draft: DraftView): string {
  const by = draft.decidedByName ?? draft.decidedBy ?? "?";
  return t(`ui.draft.status.${draft.status}`, { by });
}

export function DraftPanel({
  client,
  api,
  draft,
  t,
  onDecided,
}: {
  client: ZafClient;
  api: WorkerApi;
  draft: DraftView | null;
  t: Translate;
  onDecided: () => void;
}) {
  const [edited, setEdited] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  // Approve & send is two clicks, as Slack's confirm dialog: nothing reaches a customer by accident.
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ type: "success" | "error" | "warning" | "info"; text: string } | null>(null);

  if (!draft) return null;

  if (draft.status === "drafting")
    return (
      <Panel isRecessed data-testid="draft">
        <Well.Title>{t("ui.draft.title")}</Well.Title>
        <SM>{t("ui.draft.drafting")}</SM>
        <Dots size={24} aria-label={t("ui.draft.drafting")} />
      </Panel>
    );

  const original = draft.body ?? "";
  const text = edited ?? original;
  const isEdited = edited !== null && edited.trim() !== original.trim();

  async function decide(run: () => Promise<unknown>) {
    setBusy(true);
    setNotice(null);
    try {
      await run();
      onDecided();
    } catch (failure) {
      const error = failure instanceof ApiError ? failure : new ApiError(0, "error", String(failure));
      setNotice({
        type: error.status === 409 ? "warning" : "error",
        text: error.status === 409 ? t("ui.draft.alreadyDecided", { message: error.message }) : errorText(t, error),
      });
      if (error.status === 409) onDecided();
    } finally {
      setBusy(false);
    }
  }

  async function insert() {
    try {
      await client.invoke("comment.appendText", text);
      setNotice({ type: "success", text: t("ui.draft.inserted") });
    } catch (failure) {
      setNotice({ type: "error", text: failure instanceof Error ? failure.message : String(failure) });
    }
  }

  if (draft.status !== "pending") {
    const sent = draft.finalText ?? draft.body ?? "";
    return (
      <Panel isRecessed data-testid="draft" data-status={draft.status}>
        <Well.Title>{t("ui.draft.title")}</Well.Title>
        <SM data-testid="draft-outcome">{decidedLine(t, draft)}</SM>
        {(draft.status === "approved" || draft.status === "edited") && (
          <SM data-testid="reply-state">
            {draft.replyState === "posted"
              ? t("ui.draft.posted")
              : draft.replyState === "failed"
                ? t("ui.draft.replyFailed", { note: draft.note ?? "" })
                : t("ui.draft.posting")}
          </SM>
        )}
        {draft.status === "rejected" && draft.rejectReason && <SM>“{draft.rejectReason}”</SM>}
        {sent && <Textarea readOnly isResizable={false} minRows={3} maxRows={10} value={sent} aria-label={t("ui.draft.title")} style={{ marginTop: 8 }} />}
        {notice && (
          <Alert type={notice.type} style={{ marginTop: 8 }}>
            <Alert.Paragraph>{notice.text}</Alert.Paragraph>
          </Alert>
        )}
      </Panel>
    );
  }

  return (
    <Panel isRecessed data-testid="draft" data-status="pending">
      <Well.Title>{t("ui.draft.title")}</Well.Title>
      <Stack>
        {draft.needsHuman && draft.reason && (
          <Alert type="warning">
            <Alert.Paragraph>{t("ui.draft.needsHuman", { reason: draft.reason })}</Alert.Paragraph>
          </Alert>
        )}
        <Field>
          <Field.Label isRegular>{t("ui.draft.label")}</Field.Label>
          <Textarea data-testid="draft-text" minRows={5} maxRows={16} value={text} onChange={(e) => setEdited(e.target.value)} disabled={busy} />
          <Field.Hint data-testid="draft-meta">
            {[
              draft.modelLabel ? t("ui.draft.writtenBy", { label: draft.modelLabel }) : null,
              draft.confidence !== null ? t("ui.draft.confidence", { percent: percent(draft.confidence) }) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </Field.Hint>
        </Field>
        {draft.note && (
          <Alert type="info" data-testid="draft-note">
            <Alert.Paragraph>{draft.note}</Alert.Paragraph>
          </Alert>
        )}
        {draft.citations.length > 0 && (
          <SM>
            {t("ui.draft.sources")}:{" "}
            {draft.citations.map((c, i) => (
              <span key={c.id}>
                {i > 0 ? ", " : ""}
                {c.url ? (
                  <a href={c.url} target="_blank" rel="noreferrer">
                    {c.title}
                  </a>
                ) : (
                  c.title
                )}
              </span>
            ))}
          </SM>
        )}
        {rejecting ? (
          <Field>
            <Field.Label isRegular>{t("ui.draft.rejectReason")}</Field.Label>
            <Textarea data-testid="reject-reason" minRows={2} value={reason} onChange={(e) => setReason(e.target.value)} disabled={busy} />
            <Buttons>
              <Button size="small" isDanger isPrimary disabled={busy} onClick={() => void decide(() => api.reject(draft.id, reason.trim()))}>
                {t("ui.draft.confirmReject")}
              </Button>
              <Button size="small" isBasic disabled={busy} onClick={() => setRejecting(false)}>
                {t("ui.draft.cancel")}
              </Button>
            </Buttons>
          </Field>
        ) : confirming ? (
          <Alert type="warning" data-testid="approve-confirm">
            <Alert.Paragraph>{t(isEdited ? "ui.draft.confirmSendEdited" : "ui.draft.confirmSend", { ticket: draft.ticketId })}</Alert.Paragraph>
            <Buttons>
              <Button
                size="small"
                isPrimary
                disabled={busy || !text.trim()}
                data-testid="approve-send"
                onClick={() => void decide(() => (isEdited ? api.edit(draft.id, text) : api.approve(draft.id))).then(() => setConfirming(false))}
              >
                {t("ui.draft.send")}
              </Button>
              <Button size="small" isBasic disabled={busy} data-testid="approve-cancel" onClick={() => setConfirming(false)}>
                {t("ui.draft.cancel")}
              </Button>
            </Buttons>
          </Alert>
        ) : (
          <Buttons>
            <Button size="small" isPrimary disabled={busy || !text.trim()} data-testid="approve" onClick={() => setConfirming(true)}>
              {isEdited ? t("ui.draft.sendEdited") : t("ui.draft.approve")}
            </Button>
            <Button size="small" disabled={busy || !text.trim()} data-testid="insert" onClick={() => void insert()}>
              {t("ui.draft.insert")}
            </Button>
            <Button size="small" isDanger isBasic disabled={busy} data-testid="reject" onClick={() => setRejecting(true)}>
              {t("ui.draft.reject")}
            </Button>
          </Buttons>
        )}
        {notice && (
          <Alert type={notice.type}>
            <Alert.Paragraph>{notice.text}</Alert.Paragraph>
          </Alert>
        )}
      </Stack>
    </Panel>
  );
}
