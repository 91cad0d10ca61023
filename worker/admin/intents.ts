/** STUB: the intents admin API (filled in by its helper). */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";

export const adminIntents = new Hono<AppEnv>();
