/**
 * The single source of truth for the D1 schema, one file per concern. Migrations in db/migrations are
 * generated from these files with `npm run db:generate` (drizzle-kit) and applied by wrangler.
 */
export * from "./core";
export * from "./approval";
export * from "./corrections";
export * from "./drafting";
export * from "./learning";
export * from "./insight";
export * from "./history";
