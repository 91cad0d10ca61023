/**
 * The desk's frame: a top bar (who is signed in, New demo ticket, Insight), then the ticket list, one ticket view
 * or the Insight tab (the app's nav bar location), chosen by the URL hash (#/tickets/<id>, #/insight) so a view
 * can be linked and reloaded.
 */
import { Anchor, Button } from "@zendeskgarden/react-buttons";
import { Item, Menu } from "@zendeskgarden/react-dropdowns";
import { Alert } from "@zendeskgarden/react-notifications";
import { MD, SM, XL } from "@zendeskgarden/react-typography";
import { useCallback, useEffect, useRef, useState } from "react";
import styled from "styled-components";
import { DEMO_TICKETS, type DemoTicket } from "../demo-tickets";
import { deskApi, type DeskConfig } from "./api";
import { InsightPage } from "./InsightPage";
import { TicketList } from "./TicketList";
import { TicketPage } from "./TicketPage";

const Bar = styled.header`
  display: flex;
  align-items: center;
  gap: ${(p) => p.theme.space.md};
  padding: ${(p) => p.theme.space.sm} ${(p) => p.theme.space.lg};
  background: #03363d;
  color: #fff;
  a {
    color: #fff;
  }
`;

const Main = styled.main`
  padding: ${(p) => p.theme.space.md} ${(p) => p.theme.space.lg};
`;

type View = { kind: "list" } | { kind: "ticket"; id: number } | { kind: "insight" };

function viewFromHash(): View {
  if (window.location.hash === "#/insight") return { kind: "insight" };
  const m = window.location.hash.match(/^#\/tickets\/(\d+)$/);
  return m ? { kind: "ticket", id: Number(m[1]) } : { kind: "list" };
}

export function Desk() {
  const [config, setConfig] = useState<DeskConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<View>(viewFromHash());
  const [creating, setCreating] = useState(false);
  const next = useRef(0);

  useEffect(() => {
    deskApi.config().then(setConfig, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    const onHash = () => setView(viewFromHash());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const create = useCallback(async (ticket: DemoTicket) => {
    setCreating(true);
    setError(null);
    try {
      const { ticket: created } = await deskApi.newTicket(ticket);
      window.location.hash = `#/tickets/${created.id}`;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setCreating(false);
    }
  }, []);

  return (
    <>
      <Bar>
        <XL isBold style={{ margin: 0 }}>
          <a href="#/" style={{ textDecoration: "none" }}>
            Demo desk
          </a>
        </XL>
        <SM style={{ opacity: 0.8 }}>a local stand-in for Zendesk · account “{config?.account.subdomain ?? "…"}” on the fake Zendesk</SM>
        <span style={{ flex: 1 }} />
        <Button
          size="small"
          isPrimary
          disabled={creating || !config}
          data-testid="new-demo-ticket"
          onClick={() => {
            const ticket = DEMO_TICKETS[next.current % DEMO_TICKETS.length]!;
            next.current += 1;
            void create(ticket);
          }}
        >
          New demo ticket
        </Button>
        <Menu
          button="Pick a demo ticket"
          buttonProps={{ size: "small", disabled: creating || !config }}
          onChange={({ value }) => {
            const ticket = DEMO_TICKETS.find((t) => t.key === value);
            if (ticket) void create(ticket);
          }}
        >
          {DEMO_TICKETS.map((t) => (
            <Item key={t.key} value={t.key}>
              {t.title}
            </Item>
          ))}
        </Menu>
        <a href="#/insight" data-testid="insight-link">
          Insight
        </a>
        {config?.slackWorkspaceUrl && (
          <Anchor href={config.slackWorkspaceUrl} target="_blank" rel="noopener" data-testid="slack-link" style={{ color: "#fff" }}>
            Slack (stand-in)
          </Anchor>
        )}
        <MD>{config ? `${config.agent.name} (agent)` : ""}</MD>
      </Bar>
      <Main>
        {error && (
          <Alert type="error" style={{ marginBottom: 16 }}>
            <Alert.Title>Demo desk</Alert.Title>
            <Alert.Paragraph>{error}</Alert.Paragraph>
          </Alert>
        )}
        {config && view.kind === "list" && <TicketList />}
        {config && view.kind === "ticket" && <TicketPage key={view.id} ticketId={view.id} config={config} />}
        {config && view.kind === "insight" && <InsightPage config={config} />}
      </Main>
    </>
  );
}
