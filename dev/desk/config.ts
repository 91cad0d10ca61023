/**
 * Fixed values for the local demo (npm start) and the end-to-end tests.
 *
 * DEMO_SIDEBAR_SECRET is the demo account's sidebar shared secret. It is public on purpose and that is acceptable:
 * the `demo` account exists only on a local run whose Zendesk is the fake on 127.0.0.1, so it protects nothing
 * real, and the signing still happens where Zendesk's would: on the server (the Worker's /demo/api/zaf/request,
 * enabled only with DEMO_DESK=on on a loopback host), never in page JavaScript. A real installation sets its own
 * random secret (openssl rand -hex 32) as the app's secure setting and as the account's sidebarSecret.
 */
export const DEMO_ACCOUNT = "demo";
export const DEMO_SIDEBAR_SECRET = "demo-sidebar-secret-local-only";
