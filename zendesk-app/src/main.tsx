/**
 * Entry point of the app's iframe in both its locations (ticket_sidebar: the ticket's triage and draft; nav_bar:
 * the insight dashboard): one ZAF client for the whole app, Garden's theme, the location's component.
 */
import { DEFAULT_THEME, ThemeProvider } from "@zendeskgarden/react-theming";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { WorkerApi } from "./lib/api";
import { App } from "./App";
import { Dashboard } from "./Dashboard";
import { translator, type Translate } from "./lib/i18n";
import { initZafClient, type ZafAccount, type ZafClient, type ZafUser } from "./lib/zaf";

/** What both locations need; the sidebar also its ticket, the dashboard whether the user is an admin. */
interface Setup {
  api: WorkerApi;
  location: "ticket_sidebar" | "nav_bar";
  ticketId: number;
  isAdmin: boolean;
  t: Translate;
}

async function setUp(client: ZafClient): Promise<Setup> {
  const [context, metadata] = await Promise.all([client.context(), client.metadata()]);
  const location = context.location === "nav_bar" ? "nav_bar" : "ticket_sidebar";
  // ticket.id exists only in the ticket sidebar: asking for it in the nav bar is an error.
  const data = await client.get(location === "nav_bar" ? ["currentUser", "currentAccount"] : ["ticket.id", "currentUser", "currentAccount"]);
  const user = data.currentUser as ZafUser;
  const account = data.currentAccount as ZafAccount;
  const workerUrl = String(metadata.settings.worker_url ?? "");
  if (!workerUrl) throw new Error("The app's Worker URL setting is empty.");
  return {
    api: new WorkerApi(client, workerUrl, { account: account.subdomain, userId: user.id, name: user.name }),
    location,
    ticketId: Number(data["ticket.id"] ?? 0),
    isAdmin: user.role === "admin",
    t: translator(user.locale ?? "en"),
  };
}

/** One component per ZAF location, all sharing the one client. */
function Root({ client }: { client: ZafClient }) {
  const [setup, setSetup] = useState<Setup | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    setUp(client).then(setSetup, (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, [client]);
  useAutoResize(client);
  if (failure) return <p role="alert">{failure}</p>;
  if (!setup) return null;
  if (setup.location === "nav_bar") return <Dashboard api={setup.api} isAdmin={setup.isAdmin} t={setup.t} />;
  return <App client={client} api={setup.api} ticketId={setup.ticketId} t={setup.t} />;
}

/**
 * Zendesk sizes the sidebar iframe to what the app asks for: follow the content's height. (The nav bar's pane is
 * the whole main area and scrolls by itself; a host that cannot resize it answers with an error, which is ignored.)
 */
function useAutoResize(client: ZafClient) {
  useEffect(() => {
    let last = 0;
    const observer = new ResizeObserver(() => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (Math.abs(height - last) < 4) return;
      last = height;
      void client.invoke("resize", { width: "100%", height: `${height}px` }).catch(() => undefined);
    });
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [client]);
}

const container = document.getElementById("root")!;
const client = initZafClient();
createRoot(container).render(
  <StrictMode>
    <ThemeProvider theme={DEFAULT_THEME}>{client ? <Root client={client} /> : <p>{translator(navigator.language)("ui.outsideZendesk")}</p>}</ThemeProvider>
  </StrictMode>,
);
