import type { Env } from "../env/bindings";
import type { Database } from "../store/db";

/** Hono's type parameter for every router in the Worker: the bindings, the per-request database and trace id (./middleware.ts). */
export interface AppEnv {
  Bindings: Env;
  Variables: { db: Database; traceId: string };
}
