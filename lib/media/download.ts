// Downloads a user-supplied URL for "import media by URL": a size cap, one overall timeout, and
// no requests into private networks (SSRF). The address checks, redirects and DNS pinning are
// lib/net/guarded-fetch.ts, shared with every other request to a user-supplied address.
import { HeraldError } from "../errors";
import { FetchRefusedError, redactUrl, refusalOf, guardedFetch } from "../net/guarded-fetch";
import { formatBytes } from "./bytes";

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
}

export interface Downloaded {
  data: Buffer;
  /** The Content-Type the server declared (informational: the bytes decide). */
  mime: string | null;
  /** The last path segment of the final URL, for messages. */
  filename: string | undefined;
}

// Messages quote the URL the caller sent, minus any user:password@ (they may be real credentials).
function fail(rawUrl: string, message: string, cause?: unknown): HeraldError {
  const full = `Could not import ${redactUrl(rawUrl)}: ${message}`;
  return new HeraldError("validation_failed", full, { fields: [{ path: "url", message: full }], cause });
}

function refusalMessage(r: FetchRefusedError): string {
  switch (r.code) {
    case "address_not_allowed":
      return `${r.message.replace(/; Herald only connects to public addresses\.$/, "")}; Herald only imports media from public addresses.`;
    case "scheme_not_allowed":
      return "only http and https URLs can be imported.";
    case "credentials_in_url":
      return "URLs with a user name or password are not accepted.";
    case "too_many_redirects":
      return "too many redirects.";
    case "invalid_url":
      return "not a valid URL.";
  }
}

export async function download(rawUrl: string, opts: DownloadOptions): Promise<Downloaded> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let res: Response;
  try {
    res = await guardedFetch(rawUrl, {
      signal,
      headers: { "user-agent": "Herald media import", accept: "image/*, video/*;q=0.9, */*;q=0.5" },
    });
  } catch (err) {
    throw translate(err, signal, opts, rawUrl);
  }
  if (res.status < 200 || res.status >= 300) {
    await res.body?.cancel().catch(() => {});
    throw fail(rawUrl, `the server answered HTTP ${res.status}.`);
  }
  const data = await readBody(res, opts, signal, rawUrl);
  const mime = res.headers.get("content-type")?.split(";")[0].trim() || null;
  let filename: string | undefined;
  try {
    filename = decodeURIComponent(new URL(res.url).pathname.split("/").pop() ?? "") || undefined;
  } catch {
    filename = undefined;
  }
  return { data, mime, filename };
}

async function readBody(res: Response, opts: DownloadOptions, signal: AbortSignal, rawUrl: string): Promise<Buffer> {
  const tooLarge = () =>
    new HeraldError("payload_too_large", `Could not import ${redactUrl(rawUrl)}: the file is larger than the upload limit of ${formatBytes(opts.maxBytes)}.`);
  const declared = Number(res.headers.get("content-length"));
  if (res.headers.has("content-length") && Number.isFinite(declared) && declared > opts.maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > opts.maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (err) {
    throw translate(err, signal, opts, rawUrl);
  }
  return Buffer.concat(chunks);
}

function translate(err: unknown, signal: AbortSignal, opts: DownloadOptions, rawUrl: string): HeraldError {
  if (err instanceof HeraldError) return err;
  const refused = refusalOf(err);
  if (refused) return fail(rawUrl, refusalMessage(refused), err);
  if (signal.aborted) {
    const limit = opts.timeoutMs >= 1000 ? `${Math.round(opts.timeoutMs / 1000)} s` : `${opts.timeoutMs} ms`;
    return fail(rawUrl, `no complete answer within ${limit}.`, err);
  }
  const e = err as { code?: string; cause?: { code?: string } };
  const code = e?.cause?.code ?? e?.code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return fail(rawUrl, "the host name could not be resolved.", err);
  if (code === "ECONNREFUSED") return fail(rawUrl, "the server refused the connection.", err);
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return fail(rawUrl, "the server's TLS certificate is not valid.", err);
  return fail(rawUrl, "the connection failed before the file was complete.", err);
}
