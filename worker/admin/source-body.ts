/**
 * The body of a PUT/POST that carries a file teams keep in git (a rule table, an intent taxonomy): its text and
 * format, refused before parsing when it is empty or over the cap.
 */
import type { Context } from "hono";
import { apiError } from "../http/errors";
import { detectFormat, type SourceFormat } from "../triage/source";

export interface SourceBody {
  source: string;
  format: SourceFormat;
}

/** `what` names the file in messages ("rule table"); `tooLarge` is the 413's error code. */
export async function readSourceBody(c: Context, opts: { maxBytes: number; what: string; tooLarge: string }): Promise<SourceBody> {
  const declared = Number(c.req.header("Content-Length") ?? 0);
  const tooLarge = () => apiError(413, opts.tooLarge, `A ${opts.what} file is limited to ${opts.maxBytes} bytes.`);
  if (declared > opts.maxBytes) tooLarge();
  // Decode bytes ourselves: YAML bodies are text, whatever their content type says.
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > opts.maxBytes) tooLarge();
  const source = new TextDecoder().decode(bytes);
  if (!source.trim()) apiError(400, "empty_body", `Send the ${opts.what} as YAML or JSON in the body.`);
  return { source, format: detectFormat(source, c.req.header("Content-Type")) };
}
