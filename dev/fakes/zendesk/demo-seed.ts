/**
 * A small made-up account for the local demo (`--demo`): customers, an organization, help articles, macros, and
 * (unless `history: false`) a few hundred solved tickets of past support for the Incremental Export to serve.
 */
import { DEMO_ADMIN_EMAIL } from "../../../worker/dev-desk/demo-users";
import { historySeed } from "./history-seed";
import type { FakeZendeskSeed } from "./types";

export function demoSeed(opts: { history?: boolean; now?: number } = {}): FakeZendeskSeed {
  const history = opts.history === false ? { users: [], tickets: [] } : historySeed(opts.now === undefined ? {} : { now: opts.now });
  const seed: FakeZendeskSeed = {
    organizations: [{ id: 8100000001, name: "Acme Rockets", tags: ["enterprise", "vip"], domain_names: ["acme.example"] }],
    users: [
      { id: 9100000001, name: "Riley Support", email: "riley@demo-support.example", role: "agent" },
      // The admin the demo desk's Insight tab signs in as: the dashboard is for Zendesk admins only.
      { id: 9100000009, name: "Avery Admin", email: DEMO_ADMIN_EMAIL, role: "admin" },
      { id: 9100000002, name: "Wile E. Coyote", email: "wile@acme.example", role: "end-user", organization_id: 8100000001 },
      { id: 9100000003, name: "Sam Shopper", email: "sam@shopper.example", role: "end-user" },
    ],
    articles: [
      {
        id: 5100000001,
        title: "How do I reset my password?",
        body: "<p>Open <strong>Sign in</strong>, choose <em>Forgot password</em> and follow the link we email you. The link is valid for 30 minutes.</p>",
        label_names: ["account", "password"],
      },
      {
        id: 5100000002,
        title: "Refund policy",
        body: "<p>You can ask for a full refund within 30 days of purchase. Refunds go back to the original payment method within 5-10 business days.</p>",
        label_names: ["billing", "refund"],
      },
      {
        id: 5100000003,
        title: "Where is my order?",
        body: "<p>Orders ship within 2 business days. Track yours from <em>Orders</em> in your account; the tracking link appears once the parcel leaves our warehouse.</p>",
        label_names: ["shipping"],
      },
      {
        id: 5100000004,
        title: "Changing your plan",
        body: "<p>Admins can upgrade or downgrade under <em>Settings &gt; Billing</em>. Changes are prorated to the day.</p>",
        label_names: ["billing", "plans"],
      },
      {
        id: 5100000005,
        title: "Cómo restablecer la contraseña",
        body: "<p>Abre <strong>Iniciar sesión</strong> y elige <em>¿Olvidaste tu contraseña?</em>.</p>",
        locale: "es",
        label_names: ["account"],
      },
    ],
    macros: [
      {
        id: 4100000001,
        title: "Password reset instructions",
        description: "Send the self-service reset steps",
        comment: "Hi {{ticket.requester.first_name}}, you can reset your password from the sign-in page via 'Forgot password'.",
      },
      {
        id: 4100000002,
        title: "Refund acknowledged",
        actions: [
          { field: "comment_value", value: "Thanks for reaching out. We have started your refund; it will arrive in 5-10 business days." },
          { field: "status", value: "pending" },
        ],
      },
      { id: 4100000003, title: "Old shipping delays notice", active: false, comment: "We are seeing shipping delays this week." },
    ],
    tickets: [
      {
        id: 1001,
        subject: "Charged twice for my order",
        description: "Hello, I was charged twice for order #4471. Please refund the duplicate payment.",
        requester_id: 9100000003,
        priority: "normal",
        status: "open",
        tags: ["billing"],
      },
    ],
  };
  return { ...seed, users: [...(seed.users ?? []), ...history.users], tickets: [...(seed.tickets ?? []), ...history.tickets] };
}
