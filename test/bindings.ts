/** Secrets and settings the workerd test project runs with (test-only values). */
export const TEST_BINDINGS = {
  ADMIN_TOKEN: "test-admin-token",
  // 32 zero-free bytes, base64: a test-only key for encrypting account secrets at rest.
  SECRETS_KEY: "dGVzdC1vbmx5LXNlY3JldHMta2V5LTMyLWJ5dGVzISE=",
} as const;
