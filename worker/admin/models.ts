/** STUB: the models admin API (filled in by its helper). */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";

export const adminModels = new Hono<AppEnv>();
