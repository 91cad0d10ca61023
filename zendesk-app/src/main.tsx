/**
 * Entry point of the ticket_sidebar iframe: one ZAF client for the whole app, Garden's theme, the app.
 */
import { DEFAULT_THEME, ThemeProvider } from "@zendeskgarden/react-theming";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { WorkerApi } from "./lib/api";
import { App } from "./App";
import { translator, type Translate } from "./lib/i18n";
import { initZafClient, type ZafAccount, type ZafClient, type ZafUser } from "./lib/zaf";

interface Setup {
  api: WorkerApi;
  ticketId: number;
  t: Translate;
}

async function setUp(client: ZafClient): Promise<Setup> {
  const [data, metadata] = await Promise.all([client.get(["ticket.id", "currentUser", "currentAccount"]), client.metadata()]);
  const user = data.currentUser as ZafUser;
  const account = data.currentAccount as ZafAccount;
  const ticketId = Number(data["ticket.id"]);
  const workerUrl = String(metadata.settings.worker_url ?? "");
  if (!workerUrl) throw new Error("The app's Worker URL setting is empty.");
  return {
    api: new WorkerApi(client, workerUrl, { account: account.subdomain, userId: user.id, name: user.name }),
    ticketId,
    t: translator(user.locale ?? "en"),
  };
}

function Root({ client }: { client: ZafClient }) {
  const [setup, setSetup] = useState<Setup | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    setUp(client).then(setSetup, (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, [client]);
  useAutoResize(client);
  if (failure) return <p role="alert">{failure}</p>;
  if (!setup) return null;
  return <App client={client} api={setup.api} ticketId={setup.ticketId} t={setup.t} />;
}

/** Zendesk sizes the sidebar iframe to what the app asks for: follow the content's height. */
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
