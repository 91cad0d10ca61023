/**
 * A mock ZAF parent: the host side of the postMessage protocol that Zendesk's ZAF SDK 2.0 speaks with an app
 * iframe (read from the SDK's source: lib/client.js). Enough of it for what the sidebar app uses:
 *
 *   iframe → host                                           host → iframe
 *   {key: "iframe.handshake", message: {version}}           {key: "zaf.app.registered", message: {metadata, context}}
 *   {key: "iframe.on:<event>", message: {subscriberCount}}  {key: "zaf.<event>", message: data}        (events)
 *   {id, request: "get", params: [paths]}                   {id, result: {<path>: value, errors: {}}}
 *   {id, request: "invoke", params: {<name>: [args]}}       {id, result: {<name>: value, errors: {}}}
 *   {key: "request:<n>", message: options}                  {key: "zaf.request:<n>.done", message: {responseArgs: [data, "success", xhr]}}
 *                                                           {key: "zaf.request:<n>.fail", message: {responseArgs: [xhr, "error", statusText]}}
 *
 * Messages are JSON strings both ways, posted to the other side's exact origin; messages from anything but the
 * app iframe's window and origin are ignored (the SDK checks the same in reverse). `client.request` goes to the
 * Worker's /demo/api/zaf/request, which plays Zendesk's proxy and signs the JWT on the server.
 */
export interface ZafRequestResult {
  status: number;
  statusText: string;
  contentType: string | null;
  body: string;
}

export interface ZafHostOptions {
  iframe: HTMLIFrameElement;
  appOrigin: string;
  appGuid: string;
  metadata: { appId: number; installationId: number; name: string; version: string; settings: Record<string, unknown> };
  context: Record<string, unknown>;
  /** Value for a `client.get` path, or undefined if the path is unknown. */
  get: (path: string) => unknown;
  /** Actions for `client.invoke`; an unknown name is an error. */
  actions: Record<string, (...args: unknown[]) => unknown>;
  /** Performs a `client.request` through the proxy. */
  request: (options: Record<string, unknown>) => Promise<ZafRequestResult>;
  /** Every message both ways, for the desk's protocol log. */
  log?: (direction: "in" | "out", message: unknown) => void;
}

export class ZafHost {
  private readonly subscriptions = new Map<string, number>();
  private registered = false;
  private readonly listener = (event: MessageEvent) => this.onMessage(event);

  constructor(private readonly options: ZafHostOptions) {}

  start(): void {
    window.addEventListener("message", this.listener);
  }

  stop(): void {
    window.removeEventListener("message", this.listener);
    this.subscriptions.clear();
    this.registered = false;
  }

  get isRegistered(): boolean {
    return this.registered;
  }

  /** Fires a framework event (e.g. "ticket.updated") if the app subscribed to it, as ZAF does. */
  trigger(event: string, data: unknown = {}): void {
    if (!this.registered || !this.subscriptions.get(event)) return;
    this.post({ key: `zaf.${event}`, message: data });
  }

  private post(message: Record<string, unknown>): void {
    this.options.log?.("out", message);
    this.options.iframe.contentWindow?.postMessage(JSON.stringify(message), this.options.appOrigin);
  }

  private onMessage(event: MessageEvent): void {
    if (event.source !== this.options.iframe.contentWindow || event.origin !== this.options.appOrigin) return;
    let data: Record<string, unknown>;
    try {
      data = typeof event.data === "string" ? (JSON.parse(event.data) as Record<string, unknown>) : (event.data as Record<string, unknown>);
    } catch {
      return;
    }
    if (!data || typeof data !== "object" || data.appGuid !== this.options.appGuid) return;
    this.options.log?.("in", data);

    if (typeof data.id === "number" && typeof data.request === "string") {
      void this.answer(data.id, data.request, data.params);
      return;
    }
    const key = typeof data.key === "string" ? data.key : "";
    if (key === "iframe.handshake") {
      this.registered = true;
      this.post({ key: "zaf.app.registered", message: { metadata: this.options.metadata, context: this.options.context } });
    } else if (key.startsWith("iframe.on:")) {
      const count = (data.message as { subscriberCount?: number } | undefined)?.subscriberCount ?? 1;
      this.subscriptions.set(key.slice("iframe.on:".length), count);
    } else if (key.startsWith("iframe.off:")) {
      const count = (data.message as { subscriberCount?: number } | undefined)?.subscriberCount ?? 0;
      this.subscriptions.set(key.slice("iframe.off:".length), count);
    } else if (/^request:\d+$/.test(key)) {
      void this.proxy(key, (data.message ?? {}) as Record<string, unknown>);
    }
    // "__track__" (SDK telemetry) and "iframe.trigger:*" need no answer.
  }

  private async answer(id: number, request: string, params: unknown): Promise<void> {
    const result: Record<string, unknown> = {};
    const errors: Record<string, { message: string; name: string; path: string }> = {};
    try {
      if (request === "get" && Array.isArray(params)) {
        for (const path of params as string[]) {
          const value = this.options.get(path);
          if (value === undefined) errors[path] = { message: "Could not find the path.", name: "APIUnavailable", path };
          else result[path] = value;
        }
      } else if (request === "invoke" && params && typeof params === "object") {
        for (const [name, args] of Object.entries(params as Record<string, unknown[]>)) {
          const action = this.options.actions[name];
          if (!action) errors[name] = { message: "Unknown action.", name: "APIUnavailable", path: name };
          else result[name] = (await action(...(Array.isArray(args) ? args : []))) ?? null;
        }
      } else {
        for (const path of Object.keys((params ?? {}) as object)) errors[path] = { message: "Read-only in the demo desk.", name: "APIUnavailable", path };
      }
      this.post({ id, result: { ...result, errors } });
    } catch (error) {
      this.post({ id, error: { message: error instanceof Error ? error.message : String(error), name: "Error" } });
    }
  }

  private async proxy(key: string, options: Record<string, unknown>): Promise<void> {
    let outcome: ZafRequestResult;
    try {
      outcome = await this.options.request(options);
    } catch (error) {
      outcome = { status: 0, statusText: error instanceof Error ? error.message : "network error", contentType: null, body: "" };
    }
    let json: unknown;
    if (outcome.contentType?.includes("json")) {
      try {
        json = JSON.parse(outcome.body);
      } catch {
        json = undefined;
      }
    }
    const xhr = { status: outcome.status, statusText: outcome.statusText, responseText: outcome.body, ...(json !== undefined ? { responseJSON: json } : {}) };
    if (outcome.status >= 200 && outcome.status < 300) {
      const data = options.dataType === "text" ? outcome.body : (json ?? outcome.body);
      this.post({ key: `zaf.${key}.done`, message: { responseArgs: [data, "success", xhr] } });
    } else {
      this.post({ key: `zaf.${key}.fail`, message: { responseArgs: [xhr, "error", outcome.statusText] } });
    }
  }
}
