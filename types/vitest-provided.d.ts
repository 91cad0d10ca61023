/** Values the workerd test project's global setup provides (URLs of the fake services). */
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** e.g. http://127.0.0.1:PORT (no trailing slash) */
    fakeZendeskUrl: string;
    /** Slack Web API base, e.g. http://127.0.0.1:PORT/api/ */
    fakeSlackUrl: string;
    /** OpenAI-compatible base URL including /v1 */
    fakeLlmUrl: string;
    /** The demo store API that drafting tools call */
    fakeStoreUrl: string;
  }
}
