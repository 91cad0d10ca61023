/**
 * The desk's Insight tab: Zendesk's nav bar location, where the same app shows its insight dashboard. The mock
 * ZAF parent hosts it with location nav_bar and the seeded admin as the current user; "View as" switches to the
 * agent, whom the app and the Worker (which asks the fake Zendesk for the role) both refuse.
 */
import { Alert } from "@zendeskgarden/react-notifications";
import { Button } from "@zendeskgarden/react-buttons";
import { MD, SM } from "@zendeskgarden/react-typography";
import { useEffect, useRef, useState } from "react";
import { deskApi, type DeskConfig, type DeskPerson } from "./api";
import { ZafHost } from "./zaf-host";

function guid(): string {
  return crypto.randomUUID();
}

export function InsightPage({ config }: { config: DeskConfig }) {
  const [asAgent, setAsAgent] = useState(false);
  const user: DeskPerson | null = asAgent ? config.agent : config.admin;
  if (!config.admin)
    return (
      <Alert type="warning" data-testid="no-demo-admin">
        <Alert.Title>No Zendesk admin in the fake Zendesk</Alert.Title>
        <Alert.Paragraph>
          This fake Zendesk state predates the seeded admin the dashboard signs in as. Restart with <code>npm start -- --reset</code>.
        </Alert.Paragraph>
      </Alert>
    );
  return (
    <section data-testid="insight-view">
      <div style={{ display: "flex", gap: 12, alignItems: "center", marginBottom: 8 }}>
        <MD isBold>Insight (Zendesk nav bar app)</MD>
        <SM>
          signed in as {user?.name} ({user?.role})
        </SM>
        <Button size="small" data-testid="view-as" onClick={() => setAsAgent((v) => !v)}>
          {asAgent ? `View as ${config.admin.name} (admin)` : `View as ${config.agent.name} (agent)`}
        </Button>
      </div>
      {user && <NavBarApp key={`${user.id}`} config={config} user={user} />}
    </section>
  );
}

function NavBarApp({ config, user }: { config: DeskConfig; user: DeskPerson }) {
  const [height, setHeight] = useState(900);
  const iframe = useRef<HTMLIFrameElement>(null);
  const [appGuid] = useState(guid);

  useEffect(() => {
    const frame = iframe.current;
    if (!frame) return;
    const zaf = new ZafHost({
      iframe: frame,
      appOrigin: config.app.origin,
      appGuid,
      metadata: { appId: 1, installationId: 1, name: "Edge Triage Copilot", version: "0.1.0", settings: config.app.settings },
      context: { product: "support", location: "nav_bar", instanceGuid: appGuid, account: { subdomain: config.account.subdomain } },
      get: (path) => {
        const values: Record<string, unknown> = {
          currentUser: { id: user.id, name: user.name, email: user.email, locale: user.locale, role: user.role },
          currentAccount: { subdomain: config.account.subdomain, planName: "demo" },
        };
        return values[path];
      },
      actions: {
        // Zendesk's nav bar fills the main pane; the desk grows the frame instead, so a page screenshot holds it all.
        resize: (size) => {
          const h = Number.parseInt(String((size as { height?: string } | undefined)?.height ?? ""), 10);
          if (Number.isFinite(h) && h > 0) setHeight(Math.min(Math.max(h, 200), 6000));
          return null;
        },
      },
      request: deskApi.zafRequest,
    });
    zaf.start();
    return () => zaf.stop();
  }, [appGuid, config, user]);

  const src = `${config.app.origin}${config.app.path}?origin=${encodeURIComponent(window.location.origin)}&app_guid=${appGuid}`;
  return (
    <iframe
      ref={iframe}
      title="Edge Triage Copilot insight"
      data-testid="insight-iframe"
      src={src}
      style={{ width: "100%", height, border: "1px solid #d8dcde", display: "block" }}
    />
  );
}
