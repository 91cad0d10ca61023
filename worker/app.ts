import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { adminAccounts } from "./admin/accounts";
import { adminApprovals } from "./admin/approvals";
import { adminCorrections } from "./admin/corrections";
import { adminHistory } from "./admin/history";
import { adminHistoryRuns } from "./admin/history-runs";
import { requireAdmin } from "./admin/auth";
import { adminInsight } from "./admin/insight";
import { adminIntents } from "./admin/intents";
import { adminKb } from "./admin/kb";
import { adminModels } from "./admin/models";
import { adminRequesters } from "./admin/requesters";
import { adminRules } from "./admin/rules";
import { adminTickets } from "./admin/tickets";
import type { AppEnv } from "./http/app-env";
import { health } from "./health/route";
import { demoDesk } from "./dev-desk/routes";
import { ApiException, jsonError, safeErrorSummary } from "./http/errors";
import { withDatabase, withTraceId } from "./http/middleware";
import { intake } from "./intake/route";
import { log } from "./lib/log";
import { sidebar } from "./sidebar/routes";
import { slackRoutes } from "./slack/routes";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", withTraceId);
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
  app.route("/admin", adminHistoryRuns);
  app.route("/admin", adminRequesters);
  app.route("/admin", adminInsight);
  app.route("/app", sidebar);
  app.route(
    "/demo",
    demoDesk((request, env, ctx) => app.fetch(request, env, ctx)),
  );
  // Neither the method nor the path is repeated: a ZAF secure request substitutes {{setting.*}} into its URL, so an
  // echoed path could hand a secret back to the browser (docs/hardening.md).
  app.notFound((c) => jsonError(c, 404, "not_found", "No such route. The API is described in the README."));
  app.onError((err, c) => {
    // ApiException (and Hono's own, e.g. a body limit) carries its response; anything else is our bug.
    if (err instanceof ApiException) return err.getResponse();
    if (err instanceof HTTPException) return jsonError(c, err.status as ContentfulStatusCode, "bad_request", err.message || "The request was refused.");
    // The route pattern, not the path (it may carry a substituted secret); the error's class and a message cut
    // before any SQL parameters (drizzle's "Failed query: … params: …" would put ticket text in the log).
    log.error("unhandled error", { route: c.req.routePath, method: c.req.method, error: safeErrorSummary(err) });
    return jsonError(c, 500, "internal_error", "Something went wrong; the request was not processed.");
  });
  return app;
}
