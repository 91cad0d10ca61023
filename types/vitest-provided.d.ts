/** Values the workerd test project's global setup provides (URLs of the fake services). */
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    fakeZendeskUrl: string;
  }
}
