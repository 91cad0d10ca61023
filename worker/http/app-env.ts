import type { Env } from "../env/bindings";

/** Hono's type parameter for every router in the Worker. */
export interface AppEnv {
  Bindings: Env;
}
