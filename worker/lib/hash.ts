/** Hex SHA-256 of a string (its UTF-8 bytes) or of bytes (Web Crypto). */
export async function sha256Hex(input: string | ArrayBuffer | ArrayBufferView): Promise<string> {
  // TS 5.9's DOM BufferSource excludes views typed over ArrayBufferLike; every caller passes ordinary buffers.
  const bytes = (typeof input === "string" ? new TextEncoder().encode(input) : input) as BufferSource;
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
