/**
 * One ticket as an agent sees it in Zendesk: the conversation, the tags, a reply composer, and the apps
 * sidebar (320 px) with the real Edge Triage app in an iframe, hosted by the mock ZAF parent. The page polls the
 * fake Zendesk and fires `ticket.updated` into the app when the ticket changes (the Worker's tags, a reply).
 */
import { Button } from "@zendeskgarden/react-buttons";
import { Field, Textarea, Toggle } from "@zendeskgarden/react-forms";
import { Tag } from "@zendeskgarden/react-tags";
import { LG, MD, SM } from "@zendeskgarden/react-typography";
import { useEffect, useRef, useState } from "react";
import styled from "styled-components";
import { deskApi, type DeskComment, type DeskConfig, type DeskTicket } from "./api";
import { ZafHost } from "./zaf-host";

const Layout = styled.div`
  display: grid;
  grid-template-columns: minmax(0, 1fr) 340px;
  gap: ${(p) => p.theme.space.lg};
  align-items: start;
`;

const Comment = styled.article<{ $internal: boolean }>`
  border: 1px solid #d8dcde;
  border-radius: 4px;
  padding: ${(p) => p.theme.space.sm};
  margin-bottom: ${(p) => p.theme.space.sm};
  background: ${(p) => (p.$internal ? "#fff7ed" : "#fff")};
  white-space: pre-wrap;
`;

const Sidebar = styled.aside`
  border-left: 1px solid #d8dcde;
  padding-left: ${(p) => p.theme.space.sm};
  position: sticky;
  top: 8px;
`;

function guid(): string {
  return crypto.randomUUID();
}

export function TicketPage({ ticketId, config }: { ticketId: number; config: DeskConfig }) {
  const [ticket, setTicket] = useState<DeskTicket | null>(null);
  const [comments, setComments] = useState<DeskComment[]>([]);
  const [composer, setComposer] = useState("");
  const [isPublic, setIsPublic] = useState(true);
  const [sending, setSending] = useState(false);
  const [height, setHeight] = useState(420);
  const [log, setLog] = useState<string[]>([]);
  const iframe = useRef<HTMLIFrameElement>(null);
  const host = useRef<ZafHost | null>(null);
  const latest = useRef<{ ticket: DeskTicket | null; composer: string }>({ ticket: null, composer: "" });
  latest.current = { ticket, composer };
  // One app instance per ticket: Desk keys this page by ticketId, so a new ticket is a new mount and a new guid.
  const [appGuid] = useState(guid);

  // The ticket, polled; a change is announced to the app as ticket.updated.
  useEffect(() => {
    let alive = true;
    let stamp = "";
    const load = async () => {
      try {
        const r = await deskApi.ticket(ticketId);
        if (!alive) return;
        const next = `${r.ticket.updated_at}|${r.ticket.tags.join(",")}|${r.comments.length}`;
        setTicket(r.ticket);
        setComments(r.comments);
        if (stamp && next !== stamp) host.current?.trigger("ticket.updated", { ticket: { id: r.ticket.id, updated_at: r.ticket.updated_at } });
        stamp = next;
      } catch {
        // the fake may be restarting; try again on the next tick
      }
    };
    void load();
    const timer = setInterval(load, 2000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [ticketId]);

  // The mock ZAF parent for this ticket's app instance (one instance per ticket, as in the Agent Workspace).
  useEffect(() => {
    const frame = iframe.current;
    if (!frame) return;
    const zaf = new ZafHost({
      iframe: frame,
      appOrigin: config.app.origin,
      appGuid,
      metadata: { appId: 1, installationId: 1, name: "Edge Triage Copilot", version: "0.1.0", settings: config.app.settings },
      context: { product: "support", location: "ticket_sidebar", instanceGuid: appGuid, account: { subdomain: config.account.subdomain }, ticketId },
      get: (path) => {
        const t = latest.current.ticket;
        const user = { id: config.agent.id, name: config.agent.name, email: config.agent.email, locale: config.agent.locale, role: config.agent.role };
        const requester = t?.requester ? { id: t.requester.id, name: t.requester.name, email: t.requester.email } : undefined;
        const values: Record<string, unknown> = {
          "ticket.id": ticketId,
          "ticket.subject": t?.subject,
          "ticket.status": t?.status,
          "ticket.priority": t?.priority,
          "ticket.tags": t?.tags,
          "ticket.requester": requester,
          ticket: t
            ? {
                id: t.id,
                subject: t.subject,
                description: t.description,
                status: t.status,
                priority: t.priority,
                tags: t.tags,
                requester,
                createdAt: t.created_at,
                updatedAt: t.updated_at,
              }
            : { id: ticketId },
          currentUser: user,
          currentAccount: { subdomain: config.account.subdomain, planName: "demo" },
          "comment.text": latest.current.composer,
        };
        return values[path];
      },
      actions: {
        "comment.appendText": (text) => {
          setComposer((prev) => (prev.trim() ? `${prev}\n\n${String(text)}` : String(text)));
          return null;
        },
        resize: (size) => {
          const h = Number.parseInt(String((size as { height?: string } | undefined)?.height ?? ""), 10);
          if (Number.isFinite(h) && h > 0) setHeight(Math.min(Math.max(h, 120), 2000));
          return null;
        },
      },
      request: deskApi.zafRequest,
      log: (direction, message) =>
        setLog((prev) => [...prev.slice(-39), `${direction === "in" ? "app → desk" : "desk → app"} ${JSON.stringify(message).slice(0, 300)}`]),
    });
    zaf.start();
    host.current = zaf;
    return () => {
      zaf.stop();
      host.current = null;
    };
  }, [appGuid, ticketId, config]);

  const src = `${config.app.origin}${config.app.path}?origin=${encodeURIComponent(window.location.origin)}&app_guid=${appGuid}`;

  async function submit(status?: "solved") {
    if (!composer.trim() && !status) return;
    setSending(true);
    try {
      await deskApi.reply(ticketId, composer, isPublic, status);
      setComposer("");
      host.current?.trigger("ticket.submit.done", { ticket: { id: ticketId } });
    } finally {
      setSending(false);
    }
  }

  return (
    <Layout>
      <section data-testid="ticket-view">
        <SM>
          <a href="#/">← All tickets</a>
        </SM>
        <LG isBold data-testid="ticket-subject">
          #{ticketId} {ticket?.subject ?? "…"}
        </LG>
        <SM>
          {ticket?.requester?.name ?? ""} · {ticket?.status ?? ""} · priority {ticket?.priority ?? "–"}
        </SM>
        <div data-testid="ticket-tags" style={{ margin: "8px 0" }}>
          {(ticket?.tags ?? []).map((tag) => (
            <Tag key={tag} size="small" style={{ margin: 2 }} data-tag={tag}>
              {tag}
            </Tag>
          ))}
        </div>
        {comments.map((c) => (
          <Comment key={c.id} $internal={!c.public} data-testid="comment">
            <SM isBold>
              {c.author?.name ?? c.author_id} {c.public ? "" : "· internal note"} · {new Date(c.created_at).toLocaleString()}
            </SM>
            <MD>{c.body}</MD>
          </Comment>
        ))}
        <Field>
          <Field.Label>{isPublic ? "Public reply" : "Internal note"}</Field.Label>
          <Textarea data-testid="composer" minRows={4} value={composer} onChange={(e) => setComposer(e.target.value)} />
        </Field>
        <div style={{ display: "flex", gap: 12, alignItems: "center", marginTop: 8 }}>
          <Field>
            <Toggle checked={!isPublic} onChange={(e) => setIsPublic(!e.target.checked)}>
              <Field.Label isRegular>Internal note</Field.Label>
            </Toggle>
          </Field>
          <Button size="small" isPrimary disabled={sending || !composer.trim()} onClick={() => void submit()}>
            Submit
          </Button>
          {/* Solving sends ticket.status_changed: the Worker then judges the ticket's triage (the Insight tab). */}
          <Button
            size="small"
            data-testid="submit-solved"
            disabled={sending || ticket?.status === "solved" || ticket?.status === "closed"}
            onClick={() => void submit("solved")}
          >
            Submit as Solved
          </Button>
        </div>
      </section>
      <Sidebar>
        <MD isBold>Apps</MD>
        <iframe
          ref={iframe}
          key={appGuid}
          title="Edge Triage Copilot"
          data-testid="app-iframe"
          src={src}
          style={{ width: 320, height, border: 0, display: "block" }}
        />
        <details style={{ marginTop: 12, fontSize: 11 }}>
          <summary>ZAF protocol log</summary>
          <pre style={{ whiteSpace: "pre-wrap", maxHeight: 240, overflow: "auto" }}>{log.join("\n")}</pre>
        </details>
      </Sidebar>
    </Layout>
  );
}
