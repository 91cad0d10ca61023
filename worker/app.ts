import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { adminAccounts } from "./admin/accounts";
import { adminApprovals } from "./admin/approvals";
import { adminCorrections } from "./admin/corrections";
import { adminHistory } from "./admin/history";
import { requireAdmin } from "./admin/auth";
import { adminIntents } from "./admin/intents";
import { adminKb } from "./admin/kb";
import { adminModels } from "./admin/models";
import { adminRules } from "./admin/rules";
import { adminTickets } from "./admin/tickets";
import type { AppEnv } from "./http/app-env";
import { health } from "./health/route";
import { demoDesk } from "./dev-desk/routes";
import { ApiException, jsonError } from "./http/errors";
import { withDatabase } from "./http/middleware";
import { intake } from "./intake/route";
import { errorMessage, log } from "./lib/log";
import { sidebar } from "./sidebar/routes";
import { slackRoutes } from "./slack/routes";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", withDatabase);
  app.route("/", health);
  app.route("/", intake);
  app.route("/", slackRoutes);
  app.use("/admin/*", requireAdmin);
  app.route("/admin", adminAccounts);
  app.route("/admin", adminRules);
  app.route("/admin", adminTickets);
  app.route("/admin", adminKb);
  app.route("/admin", adminApprovals);
  app.route("/admin", adminCorrections);
  app.route("/admin", adminIntents);
  app.route("/admin", adminModels);
  app.route("/admin", adminHistory);
  app.route("/app", sidebar);
  app.route(
    "/demo",
    demoDesk((request, env, ctx) => app.fetch(request, env, ctx)),
  );
  app.notFound((c) => jsonError(c, 404, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((err, c) => {
    // ApiException (and Hono's own, e.g. a body limit) carries its response; anything else is our bug.
    if (err instanceof ApiException) return err.getResponse();
    if (err instanceof HTTPException) return jsonError(c, err.status as ContentfulStatusCode, "bad_request", err.message || "The request was refused.");
    log.error("unhandled error", { path: new URL(c.req.url).pathname, error: errorMessage(err) });
    return jsonError(c, 500, "internal_error", "Something went wrong; the request was not processed.");
  });
  return app;
}
