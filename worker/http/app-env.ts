import type { Env } from "../env/bindings";
import type { Database } from "../store/db";

/** Hono's type parameter for every router in the Worker: the bindings, and the per-request database (./middleware.ts). */
export interface AppEnv {
  Bindings: Env;
  Variables: { db: Database };
}
