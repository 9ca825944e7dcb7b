// One fetch for every server-side request to an address a user supplied (a Mastodon server, a
// Bluesky PDS, a media URL): without it, an account pointed at http://127.0.0.1:PORT or a cloud
// metadata endpoint makes Herald send requests — with the account's token — into its own network.
//
// Per request hop: the URL must be http(s) without credentials; the host is resolved once and
// every address must be global unicast; the socket then connects to exactly those addresses (a
// `lookup` that answers from the check, so DNS is never asked twice and cannot rebind between
// the check and the connect); IP literals, which net.connect never passes to `lookup`, are
// checked directly. Redirects are followed by hand, each hop through the same check, at most
// MAX_REDIRECTS. The answer is a WHATWG Response, so callers (and @atproto/api) use it as fetch.
//
// Tests reach local fixture servers only through HERALD_FETCH_ALLOW_HOSTS (lib/env.ts refuses it
// in production).
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Readable } from "node:stream";
import zlib from "node:zlib";
// ipaddr.js classifies an address against the IANA special-purpose registries (RFC 6890 and
// successors: private, CGNAT, benchmarking, documentation, 6to4, Teredo, NAT64, ORCHID, …) and
// parses every form WHATWG URL and getaddrinfo hand us. net.BlockList would need that list kept
// by hand, and it is a deny list; here the rule is "allow only global unicast".
import ipaddr from "ipaddr.js";
import { env } from "../env";

/** Redirect hops followed before giving up (fetch allows 20; no platform API needs more than a few). */
export const MAX_REDIRECTS = 5;

export type RefusalCode = "address_not_allowed" | "invalid_url" | "scheme_not_allowed" | "credentials_in_url" | "too_many_redirects";

/**
 * A request Herald will not make. The message names the host (never credentials, never anything
 * the server said: no byte was sent).
 */
export class FetchRefusedError extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly host: string,
    message: string,
  ) {
    super(message);
    this.name = "FetchRefusedError";
  }
}

/** The refusal behind an error, also when a library wrapped it (fetch's TypeError, atproto's XRPCError). */
export function refusalOf(err: unknown): FetchRefusedError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof FetchRefusedError) return e;
  }
  return undefined;
}

/** A URL for messages and logs: user name and password removed. Unparseable input is not echoed. */
export function redactUrl(raw: string | URL): string {
  try {
    const u = new URL(raw);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return "(an invalid URL)";
  }
}

/**
 * True only for global unicast: IPv4 outside every special-purpose range, IPv6 inside 2000::/3
 * and outside its special ranges (Teredo, 6to4, documentation, benchmarking, ORCHID, …). That
 * refuses ::/96 (IPv4-compatible), 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64), 100::/64, fc00::/7,
 * fec0::/10, fe80::/10 and ff00::/8 without listing them. IPv4-mapped ::ffff:a.b.c.d is judged
 * by the IPv4 address it carries.
 */
export function isGlobalUnicast(address: string): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // ipaddr.parse also takes "127.1" and "0x7f.1"; only strict dotted quads and IPv6 reach here
    // from getaddrinfo, and URL hosts are already normalised by the WHATWG parser.
    if (!net.isIP(address)) return false;
    addr = ipaddr.parse(address);
  } catch {
    return false;
  }
  if (addr.kind() === "ipv6") {
    const v6 = addr as ipaddr.IPv6;
    const p = v6.parts;
    const mapped = p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0xffff;
    if (mapped) return v6.toIPv4Address().range() === "unicast";
    return (p[0] & 0xe000) === 0x2000 && v6.range() === "unicast";
  }
  return addr.range() === "unicast";
}

interface AllowEntry {
  host: string;
  port?: string;
}

/** "127.0.0.1", "localhost:8080", "[::1]", "[::1]:8080", "::1" → host (lower case, no brackets) and optional port. */
function parseAllowEntry(raw: string): AllowEntry {
  const s = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] };
  const parts = s.split(":");
  if (parts.length === 2) return { host: parts[0], port: parts[1] };
  return { host: s };
}

function allowList(): AllowEntry[] {
  return (env().HERALD_FETCH_ALLOW_HOSTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseAllowEntry);
}

function defaultPort(u: URL): string {
  return u.port || (u.protocol === "https:" ? "443" : "80");
}

function bareHost(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

function allowListed(u: URL): boolean {
  const host = bareHost(u);
  const port = defaultPort(u);
  return allowList().some((e) => e.host === host && (e.port === undefined || e.port === port));
}

export type Resolver = (hostname: string) => Promise<dns.LookupAddress[]>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface CheckedTarget {
  url: URL;
  /** The addresses the socket may connect to, in order. */
  addresses: dns.LookupAddress[];
}

/**
 * Validates one hop: scheme, credentials, and the addresses its host stands for. Resolves the
 * host once; the result is what the connection uses.
 */
export async function checkTarget(input: string | URL, resolve: Resolver = systemResolver): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new FetchRefusedError("invalid_url", "", "The address is not a valid URL.");
  }
  const host = bareHost(url);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchRefusedError("scheme_not_allowed", host, `Only http and https addresses are allowed (${url.protocol} was given for ${host}).`);
  }
  if (url.username || url.password) {
    throw new FetchRefusedError("credentials_in_url", host, `The address for ${host} contains a user name or password; remove them.`);
  }
  const listed = allowListed(url);
  const family = net.isIP(host);
  if (family) {
    if (!listed && !isGlobalUnicast(host)) {
      throw new FetchRefusedError("address_not_allowed", host, `${host} is a private, local or reserved address; Herald only connects to public addresses.`);
    }
    return { url, addresses: [{ address: host, family }] };
  }
  const addresses = await resolve(host);
  if (addresses.length === 0) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host });
  }
  if (!listed && addresses.some((a) => !isGlobalUnicast(a.address))) {
    throw new FetchRefusedError("address_not_allowed", host, `${host} resolves to a private, local or reserved address; Herald only connects to public addresses.`);
  }
  return { url, addresses };
}

/** A socket lookup that answers from the checked addresses only: no second DNS query. */
function pinnedLookup(addresses: dns.LookupAddress[]): net.LookupFunction {
  return ((_hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    if (wanted.length === 0) {
      const err = Object.assign(new Error(`no address of family ${options.family} was checked`), { code: "ENOTFOUND" });
      return callback(err, options.all ? [] : undefined);
    }
    if (options.all) callback(null, wanted);
    else callback(null, wanted[0].address, wanted[0].family);
  }) as unknown as net.LookupFunction;
}

export interface GuardedFetchOptions {
  /** For tests: resolve host names without the system resolver. */
  resolve?: Resolver;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function decoded(res: http.IncomingMessage): Readable {
  switch ((res.headers["content-encoding"] ?? "").toString().trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return res.pipe(zlib.createGunzip());
    case "deflate":
      return res.pipe(zlib.createInflate());
    case "br":
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

function toResponse(res: http.IncomingMessage, url: URL, redirected: boolean): Response {
  const headers = new Headers();
  const encoded = ["gzip", "x-gzip", "deflate", "br"].includes((res.headers["content-encoding"] ?? "").toString().trim().toLowerCase());
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i].toLowerCase();
    // Like fetch: the body handed on is decoded, so its encoding and length no longer apply.
    if (encoded && (name === "content-encoding" || name === "content-length")) continue;
    headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  }
  const status = res.statusCode ?? 0;
  let body: ReadableStream<Uint8Array> | null = null;
  if (NULL_BODY_STATUSES.has(status)) res.resume();
  else body = Readable.toWeb(decoded(res)) as ReadableStream<Uint8Array>;
  const response = new Response(body, { status, statusText: res.statusMessage, headers });
  // A constructed Response has url "" and redirected false; callers expect fetch's values.
  Object.defineProperty(response, "url", { value: url.toString() });
  Object.defineProperty(response, "redirected", { value: redirected });
  return response;
}

function send(target: CheckedTarget, method: string, headers: Headers, body: Buffer | undefined, signal: AbortSignal | undefined) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const mod = target.url.protocol === "https:" ? https : http;
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    if (!("accept-encoding" in outgoing)) outgoing["accept-encoding"] = "gzip, deflate, br";
    if (body && !("content-length" in outgoing)) outgoing["content-length"] = String(body.length);
    const req = mod.request(target.url, {
      method,
      headers: outgoing,
      lookup: pinnedLookup(target.addresses),
      // A fresh connection per request: a pooled socket would outlive the check it was made for.
      agent: false,
      signal,
    });
    req.on("response", resolve);
    req.on("error", (err) => {
      // Like fetch: an abort rejects with the signal's reason (TimeoutError for AbortSignal.timeout),
      // anything else with a TypeError whose cause is the network error.
      if (signal?.aborted) reject(signal.reason);
      else reject(new TypeError("fetch failed", { cause: err }));
    });
    req.end(body);
  });
}

/**
 * fetch for user-supplied addresses (see the top of this file). Refusals reject with
 * FetchRefusedError before any connection is made.
 */
export async function guardedFetch(input: string | URL | Request, init?: RequestInit, opts: GuardedFetchOptions = {}): Promise<Response> {
  const rawUrl = input instanceof Request ? input.url : input;
  // Checked before new Request(), which would throw a TypeError quoting the credentials.
  let url = (await checkTarget(rawUrl, opts.resolve ?? systemResolver)).url;
  const request = new Request(input, init);
  const signal = request.signal;
  let method = request.method;
  const headers = new Headers(request.headers);
  let body: Buffer | undefined = method === "GET" || method === "HEAD" || !request.body ? undefined : Buffer.from(await request.arrayBuffer());
  const mode = init?.redirect ?? (input instanceof Request ? input.redirect : "follow");

  for (let hop = 0; ; hop++) {
    signal.throwIfAborted();
    const target = await checkTarget(url, opts.resolve ?? systemResolver);
    const res = await send(target, method, headers, body, signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (![301, 302, 303, 307, 308].includes(status) || !location || mode === "manual") {
      return toResponse(res, url, hop > 0);
    }
    res.resume();
    if (mode === "error") throw new TypeError("fetch failed", { cause: new Error(`redirect from ${bareHost(url)} refused (redirect: "error")`) });
    if (hop >= MAX_REDIRECTS) {
      throw new FetchRefusedError("too_many_redirects", bareHost(url), `${bareHost(url)} redirected more than ${MAX_REDIRECTS} times.`);
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new FetchRefusedError("invalid_url", bareHost(url), `${bareHost(url)} redirected to an invalid address.`);
    }
    // The Fetch standard's method rewrite: 303 (and 301/302 after POST) continue as a bodiless GET.
    if (status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST") {
      method = "GET";
      body = undefined;
      for (const h of ["content-type", "content-length", "content-encoding", "content-language", "content-location"]) headers.delete(h);
    }
    // A bearer token for one server is never handed to another.
    if (next.origin !== url.origin) {
      for (const h of ["authorization", "cookie", "proxy-authorization"]) headers.delete(h);
    }
    url = next;
  }
}
