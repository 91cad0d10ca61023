/**
 * How CI exercises each command that README.md shows (issue #14 item 6). test/node/readme-commands.test.ts extracts
 * every command from the README and fails on one that has no entry here, so a README edit that adds a command
 * forces a decision. An entry names the command exactly as extracted (whitespace collapsed, `npm run -s X` read as
 * `npm run X`, a trailing `# comment` dropped), or with `startsWith` the beginning of a long multi-line one. Each
 * entry is one of:
 *   here      the test runs it itself (offline, seconds); the text says how, and what stands in for what
 *   ranBy     named files run it in CI: each must exist and contain the needles (its invocation of that CLI and
 *             subcommand), and must itself be run by CI (a test file of a vitest project `npm test` runs, a file such
 *             a test imports, a script `npm test` reaches, or .ci/run). `sameAs`: a second file the needles must
 *             also be found in (the parts test/e2e/stack.ts shares with dev/start.ts)
 *   notInCi   why CI does not run it (it cannot, or it is a benchmark too long or heavy for this file); `offline`
 *             lists what the test can still check without running it
 */

export interface Evidence {
  file: string;
  needles: string[];
  sameAs?: string;
}

type Key = { command: string } | { startsWith: string };
export type Entry = Key & ({ here: string } | { ranBy: Evidence[]; note?: string } | { notInCi: string; offline?: Evidence[] });

const CLOUDFLARE = "needs a Cloudflare account (wrangler login) and the network";
/** test/e2e/stack.ts (imported by the e2e tests) starts, on free ports in a fresh directory, the parts of dev/start.ts found in both. */
const STACK: Evidence = {
  file: "test/e2e/stack.ts",
  needles: ['"d1", "migrations", "apply", "DB", "--local"', "startFakeZendesk({", "seed: demoSeed()", '"dev",', '"--local",', "/accounts/${"],
  sameAs: "dev/start.ts",
};
const HELP_RUN = "its --help and bad-option handling run in test/node/cli-help.test.ts";

export const README_COMMANDS: Entry[] = [
  // --- the local product -------------------------------------------------------------------------------------
  {
    command: "npm install && npm start",
    ranBy: [{ file: ".ci/run", needles: ["npm ci"] }, STACK],
    note:
      "CI installs with `npm ci` (.ci/run). test/e2e/stack.ts starts the core of what dev/start.ts starts: the fake Zendesk with the " +
      "demo seed, local D1 migrated with wrangler, `wrangler dev --local` and the demo account through the admin API (not the fake LLM " +
      "and shop, nor the knowledge-base seed). It is a second composition of those parts, not dev/start.ts itself, whose --help runs in " +
      "cli-help.test.ts.",
  },
  {
    command: "npm start",
    ranBy: [STACK],
    note: "as for `npm install && npm start`",
  },
  { command: "npm test", ranBy: [{ file: ".ci/run", needles: ["npm test"] }], note: "the CI job is `npm ci` then `npm test`" },
  { command: "npm ci", ranBy: [{ file: ".ci/run", needles: ["npm ci"] }], note: "the install step of the CI job, whose warnings the README explains" },
  {
    command: "npm start -- --reset",
    notInCi:
      "deletes this checkout's local state (.wrangler/state and .wrangler/fake-zendesk.json), then runs the whole stack on the fixed ports " +
      "8787–8791 until stopped; CI starts the core of that stack from a fresh directory instead (test/e2e/stack.ts), and `npm start -- --help` " +
      "runs in cli-help.test.ts",
    offline: [{ file: "dev/start.ts", needles: ['args.includes("--reset")', "resetLocalState()"] }],
  },
  {
    command: "ZENDESK_SUBDOMAIN=… ZENDESK_EMAIL=… ZENDESK_API_TOKEN=… ZENDESK_WEBHOOK_SECRET=… npm start",
    notInCi: "connects a real Zendesk account (its credentials, and a tunnel for its webhooks to reach the machine)",
    offline: [{ file: "dev/start.ts", needles: ["process.env.ZENDESK_SUBDOMAIN"] }],
  },
  { command: "wrangler dev", ranBy: [{ file: "test/e2e/stack.ts", needles: ['"dev",', '"--local",', '"--persist-to",'] }] },
  { command: "npm run cf-typegen", ranBy: [{ file: "scripts/cf-typegen-check.ts", needles: ['pkg.scripts["cf-typegen"]', '"types"'] }] },
  { command: "npm run db:generate", here: "drizzle-kit generate on a copy of db/migrations: the committed migrations match db/schema" },
  { command: "openssl rand -base64 32", here: "32 random bytes in base64, which encrypt and decrypt account secrets with worker/store/secrets.ts" },

  // --- connecting Zendesk and Slack ---------------------------------------------------------------------------
  {
    startsWith: `curl -X PUT "$WORKER/admin/accounts/yoursubdomain"`,
    here: "the route exists; the body parses as JSON and validates with the schemas PUT /admin/accounts/:id uses",
  },
  { command: 'npm run rules -- push rules/default.yaml --account yoursubdomain --url "$WORKER"', here: "against a stand-in admin API on 127.0.0.1" },
  {
    command: 'curl "$WORKER/admin/tickets/<id>?account=yoursubdomain" -H "Authorization: Bearer $ADMIN_TOKEN"',
    ranBy: [{ file: "test/worker/admin.test.ts", needles: ['describe("GET /admin/tickets/:id"', "adminTicket(account, id)"] }],
  },
  {
    startsWith: `curl -X PATCH "$WORKER/admin/accounts/yoursubdomain"`,
    here: "the route exists; the merge patch parses as JSON, its secrets and settings validate with the Worker's schemas",
  },
  {
    command: "npm run app:package -- --worker-url https://edge-triage.example.workers.dev",
    here: "builds and packages the app (the zip into a temporary file)",
  },
  { command: "npm run app:validate", here: "after the build above: 0 errors" },
  {
    command: "zcli apps:validate",
    notInCi: "Zendesk's own validator needs a Zendesk account (and zcli, which is not a dependency); `npm run app:validate` is the offline part",
  },

  // --- deploying to Cloudflare --------------------------------------------------------------------------------
  { command: "npx wrangler login", notInCi: "opens a browser to log in to a Cloudflare account" },
  {
    command: "npx wrangler d1 create edge-triage",
    notInCi: CLOUDFLARE,
    offline: [{ file: "wrangler.toml", needles: ['database_name = "edge-triage"'] }],
  },
  {
    command: "npx wrangler queues create triage-events",
    notInCi: CLOUDFLARE,
    offline: [{ file: "wrangler.toml", needles: ['queue = "triage-events"'] }],
  },
  {
    command: "npx wrangler queues create triage-events-dlq",
    notInCi: CLOUDFLARE,
    offline: [{ file: "wrangler.toml", needles: ['dead_letter_queue = "triage-events-dlq"'] }],
  },
  {
    command: "npx wrangler r2 bucket create edge-triage-models",
    notInCi: CLOUDFLARE,
    offline: [{ file: "wrangler.toml", needles: ['bucket_name = "edge-triage-models"'] }],
  },
  {
    command: "npx wrangler d1 migrations apply DB --remote",
    notInCi: `${CLOUDFLARE}; the same migrations are applied with --local by test/e2e/stack.ts`,
    offline: [{ file: "wrangler.toml", needles: ['binding = "DB"', 'migrations_dir = "db/migrations"'] }],
  },
  {
    command: "wrangler d1 migrations apply DB --remote",
    notInCi: `${CLOUDFLARE}; the same migrations are applied with --local by test/e2e/stack.ts`,
    offline: [{ file: "wrangler.toml", needles: ['binding = "DB"', 'migrations_dir = "db/migrations"'] }],
  },
  {
    command: "openssl rand -base64 32 | npx wrangler secret put SECRETS_KEY",
    notInCi: `sets a secret of the deployed Worker: ${CLOUDFLARE} (the openssl half runs here)`,
    offline: [{ file: ".dev.vars.example", needles: ["SECRETS_KEY="] }],
  },
  {
    command: "npx wrangler secret put ADMIN_TOKEN",
    notInCi: `sets a secret of the deployed Worker: ${CLOUDFLARE}`,
    offline: [{ file: ".dev.vars.example", needles: ["ADMIN_TOKEN="] }],
  },
  { command: "wrangler secret put", notInCi: `sets a secret of the deployed Worker: ${CLOUDFLARE}` },
  { command: "npx wrangler deploy", notInCi: `${CLOUDFLARE}; the bundle it uploads is built by \`npx wrangler deploy --dry-run\`, run here` },
  { command: "wrangler deploy", notInCi: `${CLOUDFLARE}; the bundle it uploads is built by \`npx wrangler deploy --dry-run\`, run here` },
  { command: "npx wrangler deploy --dry-run --outdir /tmp/bundle", here: "into a temporary directory: the bundle fits Workers Paid (10 MB gzip)" },
  { command: "npx wrangler check startup", here: "with --outfile in a temporary directory: a CPU profile of the Worker's startup" },

  // --- rule tables and intents ---------------------------------------------------------------------------------
  { command: "npm run rules -- validate rules/default.yaml", here: "validates the shipped table" },
  { command: "npm run rules -- pull --account demo > rules/mine.yaml", here: "against a stand-in admin API: stdout is the table and nothing else" },
  { command: "npm run rules -- dry-run rules/mine.yaml --account demo", here: "against a stand-in admin API, with a pulled copy in a temporary file" },
  { command: "npm run rules -- push rules/mine.yaml --account demo", here: "against a stand-in admin API, with a pulled copy in a temporary file" },
  { command: "npm run …", here: "`npm run -s rules -- validate …` puts only the CLI's line on stdout; without -s npm's banner comes first" },
  { command: "npm run intents -- validate intents/default.yaml", here: "validates the shipped taxonomy" },
  {
    command: "npm run intents -- push intents/ours.yaml --account demo",
    ranBy: [{ file: "test/node/intents-cli.test.ts", needles: ['"scripts/intents.ts"', 'intents(["push"'] }],
  },
  {
    command: "npm run intents -- pull --account demo > intents/live.yaml",
    ranBy: [{ file: "test/node/intents-cli.test.ts", needles: ['"scripts/intents.ts"', 'intents(["pull"', "stdout: PULLED"] }],
  },
  {
    command: "npm run intents -- versions --account demo",
    ranBy: [{ file: "test/node/intents-cli.test.ts", needles: ['"scripts/intents.ts"', 'intents(["versions"'] }],
  },

  // --- the cascade, account models, the intent model ---------------------------------------------------------------
  { command: "npx tsx bench/llm-triage/prompt-size.ts", here: "prompt tokens and cost per classification, against its own fake LLM" },
  {
    command: "npm run bench:model:account-load",
    notInCi: `a timing benchmark (12 s here) in fresh workerd isolates started with wrangler's unstable_startWorker, a local wrangler dev, which this file does not start; its figures follow machine load; ${HELP_RUN}`,
  },
  {
    command: "npm run bench:learning",
    notInCi: `replays 1,000 tickets over BANKING77 from ../shared/data, retraining the account model every 100: 96 s here; ${HELP_RUN}`,
  },
  { command: "npm run bench:learning -- --tickets 2000", notInCi: `as npm run bench:learning, twice as long; ${HELP_RUN}` },
  { command: "npm run bench:learning -- --seed 2", notInCi: `as npm run bench:learning, another seed; ${HELP_RUN}` },
  { command: "npm run bench:learning -- --data clinc150 --tickets 2000", notInCi: `as npm run bench:learning, on CLINC150 and twice as long; ${HELP_RUN}` },
  {
    command: "npm run train -- --account <sub>",
    ranBy: [{ file: "test/node/train-account.test.ts", needles: ["models/cli/train-account", 'run(["--account", ACCOUNT'] }],
    note: "models/cli/train.ts hands --account to models/cli/train-account.ts, which the test drives against wrangler dev and the fake Zendesk",
  },
  {
    command: "npm run train -- --account demo --from-zendesk --label-tag-prefix intent__",
    ranBy: [{ file: "test/node/train-account.test.ts", needles: ["models/cli/train-account", '"--from-zendesk", "--label-tag-prefix", "intent__"'] }],
  },
  {
    command: "npm run history -- import --account demo --label-tag-prefix intent__ --limit 300",
    ranBy: [{ file: "test/node/history-cli.test.ts", needles: ['"scripts/history.ts"', '"import", "--account", "demo", "--label-tag-prefix", "intent__"'] }],
    note: "against a stand-in admin API that answers a run's progress until done; the real routes and workflow: test/worker/history-runs.test.ts",
  },
  {
    command: "npm run history -- replay --account demo --html replay-report.html",
    ranBy: [{ file: "test/node/history-cli.test.ts", needles: ['"scripts/history.ts"', '"replay", "--account", "demo", "--html"'] }],
    note: "against a stand-in admin API returning a report; the page written is checked for inlined chart.js and escaped names",
  },
  {
    command: "npm run models -- list --account demo",
    ranBy: [{ file: "test/node/train-account.test.ts", needles: ['"scripts/models.ts"', 'models("list")'] }],
  },
  {
    command: "npm run models -- promote <version> --account demo",
    ranBy: [{ file: "test/node/train-account.test.ts", needles: ['"scripts/models.ts"', 'models("promote", version!'] }],
  },
  {
    command: "npm run models -- rollback --account demo",
    ranBy: [{ file: "test/node/train-account.test.ts", needles: ['"scripts/models.ts"', 'models("rollback")'] }],
  },
  {
    command: "npm run train -- --preset support && npm run eval -- --model models/support",
    notInCi:
      "trains the support preset from scratch on the public data sets in ../shared/data (135 s here) and rewrites the shipped " +
      "models/support; the train and eval CLIs run on small files in test/node/models/real-exports.test.ts",
    offline: [{ file: "test/node/models/real-exports.test.ts", needles: ["models/cli/train.ts", "models/cli/eval.ts", '"--model", shipped'] }],
  },
  {
    command: "npm run train -- --data tickets.csv --text text --label intent --out models/ours",
    ranBy: [{ file: "test/node/models/real-exports.test.ts", needles: ["models/cli/train.ts", '"--data",', '"--text",', '"--label",', '"--out",'] }],
  },
  {
    command: 'curl "$WORKER/admin/insight/stats?account=demo" -H "Authorization: Bearer $ADMIN_TOKEN"',
    ranBy: [
      { file: "test/worker/insight.test.ts", needles: ["http://worker/admin/insight/stats?account=", "headers: ADMIN"] },
      { file: "test/e2e/dashboard.test.ts", needles: ['admin<InsightStats>("/insight/stats?account=demo")'] },
    ],
  },
  {
    command: 'curl "$WORKER/admin/corrections.jsonl?account=demo" -H "Authorization: Bearer $ADMIN_TOKEN" > corrections.jsonl',
    ranBy: [{ file: "test/worker/sidebar.test.ts", needles: ["/admin/corrections.jsonl?account=", "headers: ADMIN"] }],
  },
  {
    command: "npm run train -- --preset support --corrections corrections.jsonl",
    notInCi:
      "trains the support preset from ../shared/data (135 s here) and rewrites the shipped models/support; training with " +
      "corrections is run on a small job in test/node/models/training.test.ts",
    offline: [{ file: "test/node/models/training.test.ts", needles: ["corrections: { path:"] }],
  },

  // --- drafting, write-backs, hardening ----------------------------------------------------------------------------
  { command: "npm run kb -- import dev/demo-data/demo-store.json --account demo", here: "against a stand-in admin API: the parsed documents are sent as JSON" },
  { command: 'npm run kb -- search "where is my parcel" --account demo', here: "against a stand-in admin API" },
  { command: "npm run writebacks -- list | show | retry | retry-all", here: "each of the four subcommands against a stand-in admin API" },
  {
    command: "npm run privacy -- forget --account yoursubdomain --email jane@example.com",
    here: "against a stand-in admin API that answers with a cursor: the CLI follows it and sums the counts",
  },
  { command: "npm run privacy -- forget --account yoursubdomain --requester 12345", here: "against a stand-in admin API on 127.0.0.1" },
  {
    command: "npm run black-box",
    notInCi: `runs against a running \`npm start\` (the whole stack on its fixed ports) and sends thousands of requests; ${HELP_RUN}; its hostile inputs run in test/worker/hostile.test.ts`,
  },
  {
    command: "npm run black-box -- --reload-probe",
    notInCi: "as npm run black-box, and it edits a Worker source file while `wrangler dev` serves, to watch the rebuild",
  },

  // --- measured figures ----------------------------------------------------------------------------------------------
  {
    command: "npm run bench:language",
    notInCi:
      "about 20 s of a 2-core machine: bundles each of the 10 candidates with esbuild and times 3 fresh Node start-ups of each; the chosen " +
      `detector is held to the fixture figures by test/worker/language.test.ts; ${HELP_RUN}`,
    offline: [{ file: "test/worker/language.test.ts", needles: ["bench/language/compare.ts"] }],
  },
  {
    command: "npm run bench:language:tickets",
    ranBy: [{ file: "test/worker/language-tickets.test.ts", needles: ["tickets.jsonl", "97"] }],
    note: "the bench prints what test/worker/language-tickets.test.ts asserts on the same fixture (>= 97% overall, >= 95% per language)",
  },
  { command: "npm run bench:signals", here: "the comparison table on the labelled fixture (about a second)" },
  {
    command: "npm run bench:model",
    notInCi: `trains every preset from scratch on ../shared/data and scores each in int8 and float (BANKING77 alone trains in 94–115 s); ${HELP_RUN}`,
  },
  { command: "npx tsx bench/model/accuracy.ts", notInCi: "the program behind npm run bench:model (see there)" },
  {
    command: "npm run bench:model:latency",
    notInCi: `a timing benchmark (13 s here) in fresh workerd isolates started with wrangler's unstable_startWorker, a local wrangler dev, which this file does not start; its figures follow machine load; ${HELP_RUN}`,
  },
  {
    command: "npm run bench:drafting -- --rounds 30 --bitext 1000",
    notInCi: `a timing benchmark (10 s here) in workerd started with wrangler's unstable_startWorker, which this file does not start, over 1,000 Bitext questions from ../shared/data; ${HELP_RUN}`,
  },
  {
    command: "npm run bench:intake -- --seconds 10 --connections 10",
    notInCi: `a load test of 2 × 10 s against a \`wrangler dev\` it starts, which this file does not do; its figures follow machine load; ${HELP_RUN}`,
  },
  {
    command: "npm run bench:model:languages",
    notInCi: `a benchmark, not a check: scores the shipped support model (and any --model given) on the project's 792 tickets in six languages, a few seconds; ${HELP_RUN}`,
  },
  {
    command: "npm run train:prior",
    notInCi:
      "rebuilds models/prior/ from ../shared/data (about 40 s of training); test/node/models/intent-prior.test.ts writes, reads and " +
      `trains from a small prior, and every account-model test trains from the shipped one; ${HELP_RUN}`,
    offline: [{ file: "test/node/models/intent-prior.test.ts", needles: ["writeIntentPrior(", "startFrom: prior"] }],
  },
  {
    command: "npm run bench:model:pretrained",
    notInCi: `a benchmark, not a check: 30 trainings on BANKING77 draws from ../shared/data and 10 on the project's multilingual tickets (about 5 minutes), GloVe rows only with an optional 110 MB package; ${HELP_RUN}`,
  },
  {
    command: "npm run bench:model:few-shot",
    notInCi: `trains our model twice (with and without the intent names) and a TF-IDF baseline on 6 BANKING77 draws from ../shared/data (5 and 10 shots × 3 seeds), each scored on the full test set: about 4 min here; ${HELP_RUN}`,
  },
  {
    command: "npx vitest run --project workers test/worker/pii-corpus.test.ts",
    ranBy: [{ file: "test/worker/pii-corpus.test.ts", needles: ['describe("the PII corpus through drafting"'] }],
    note: "npm test runs the whole workers project, this file included",
  },
];
