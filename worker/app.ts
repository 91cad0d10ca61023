import { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { health } from "./health/route";
import { jsonError } from "./http/errors";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.route("/", health);
  app.notFound((c) => jsonError(c, 404, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((err, c) => {
    console.error("unhandled error", err instanceof Error ? err.message : String(err));
    return jsonError(c, 500, "internal_error", "Something went wrong; the request was not processed.");
  });
  return app;
}
