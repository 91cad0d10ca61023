/** The demo desk's Zendesk admin (seeded by dev/fakes/zendesk/demo-seed.ts): who opens the Insight dashboard. */
export const DEMO_ADMIN_EMAIL = "avery@demo-support.example";
