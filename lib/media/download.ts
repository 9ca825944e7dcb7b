// Downloads a user-supplied URL for "import media by URL": a size cap, one overall timeout, a few
// redirects, and no requests into private networks (SSRF) — the address is checked at connect
// time, after DNS, so a hostname cannot resolve to 127.0.0.1 or a cloud metadata endpoint.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { HeraldError } from "../errors";
import { formatBytes } from "./bytes";

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Allow loopback and private addresses (local development and tests only). */
  allowPrivate: boolean;
  maxRedirects?: number;
}

export interface Downloaded {
  data: Buffer;
  /** The Content-Type the server declared (informational: the bytes decide). */
  mime: string | null;
  /** The last path segment of the final URL, for messages. */
  filename: string | undefined;
}

const blocked = new net.BlockList();
for (const [net4, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 3],
] as const) {
  blocked.addSubnet(net4, prefix, "ipv4");
}
for (const [net6, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) {
  blocked.addSubnet(net6, prefix, "ipv6");
}

/** True for loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  // BlockList checks IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) against the IPv4 rules.
  return blocked.check(address, family === 6 ? "ipv6" : "ipv4");
}

class PrivateAddressError extends Error {
  constructor(readonly host: string) {
    super(`${host} is a private or local address`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** dns.lookup, refusing private answers; the socket connects to exactly the address checked here. */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) {
      return callback(new PrivateAddressError(hostname), []);
    }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  });
}

function fail(url: string, message: string, cause?: unknown): HeraldError {
  const full = `Could not import ${url}: ${message}`;
  return new HeraldError("validation_failed", full, { fields: [{ path: "url", message: full }], cause });
}

export async function download(rawUrl: string, opts: DownloadOptions): Promise<Downloaded> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let url = rawUrl;
  for (let hop = 0; ; hop++) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw fail(rawUrl, "not a valid URL.");
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw fail(rawUrl, "only http and https URLs can be imported.");
    const host = u.hostname.replace(/^\[|\]$/g, "");
    if (!opts.allowPrivate && net.isIP(host) && isPrivateAddress(host)) {
      throw fail(rawUrl, "it points to a private or local address; Herald only imports media from public addresses.");
    }
    const res = await get(u, opts, signal, rawUrl);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= (opts.maxRedirects ?? 3)) throw fail(rawUrl, "too many redirects.");
      url = new URL(res.headers.location, u).toString();
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw fail(rawUrl, `the server answered HTTP ${status}.`);
    }
    const data = await readBody(res, opts, signal, rawUrl);
    const mime = res.headers["content-type"]?.split(";")[0].trim() || null;
    const filename = decodeURIComponent(u.pathname.split("/").pop() ?? "") || undefined;
    return { data, mime, filename };
  }
}

function get(u: URL, opts: DownloadOptions, signal: AbortSignal, rawUrl: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.get(u, {
      signal,
      lookup: opts.allowPrivate ? undefined : (guardedLookup as unknown as net.LookupFunction),
      headers: { "user-agent": "Herald media import", accept: "image/*, video/*;q=0.9, */*;q=0.5" },
    });
    req.on("response", resolve);
    req.on("error", (err) => reject(translate(err, signal, opts, rawUrl)));
  });
}

function readBody(res: http.IncomingMessage, opts: DownloadOptions, signal: AbortSignal, rawUrl: string): Promise<Buffer> {
  const tooLarge = () =>
    new HeraldError("payload_too_large", `Could not import ${rawUrl}: the file is larger than the upload limit of ${formatBytes(opts.maxBytes)}.`);
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    res.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > opts.maxBytes) {
        settle(() => reject(tooLarge())); // before destroy(), which reports "aborted" at once
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on("end", () => settle(() => resolve(Buffer.concat(chunks))));
    res.on("error", (err) => settle(() => reject(translate(err, signal, opts, rawUrl))));
    res.on("aborted", () => settle(() => reject(translate(new Error("aborted"), signal, opts, rawUrl))));
  });
}

function translate(err: unknown, signal: AbortSignal, opts: DownloadOptions, rawUrl: string): HeraldError {
  if (err instanceof HeraldError) return err;
  if (signal.aborted) {
    const limit = opts.timeoutMs >= 1000 ? `${Math.round(opts.timeoutMs / 1000)} s` : `${opts.timeoutMs} ms`;
    return fail(rawUrl, `no complete answer within ${limit}.`, err);
  }
  if (err instanceof PrivateAddressError) {
    return fail(rawUrl, "the host resolves to a private or local address; Herald only imports media from public addresses.", err);
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return fail(rawUrl, "the host name could not be resolved.", err);
  if (code === "ECONNREFUSED") return fail(rawUrl, "the server refused the connection.", err);
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return fail(rawUrl, "the server's TLS certificate is not valid.", err);
  return fail(rawUrl, "the connection failed before the file was complete.", err);
}
