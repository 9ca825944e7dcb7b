// lib/net/guarded-fetch.ts: which addresses a user-supplied URL may reach (SSRF), a hostname that
// resolves to loopback, redirects into private addresses, and a few fetch behaviours callers rely on.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { checkTarget, FetchRefusedError, guardedFetch, isGlobalUnicast, MAX_REDIRECTS, redactUrl } from "@/lib/net/guarded-fetch";

const ALLOW_FOR_TESTS = process.env.HERALD_FETCH_ALLOW_HOSTS;

function allowHosts(value: string) {
  process.env.HERALD_FETCH_ALLOW_HOSTS = value;
  resetEnvCache();
}

afterEach(() => allowHosts(ALLOW_FOR_TESTS ?? ""));

// [URL, allowed?] — the WHATWG URL parser normalises the IPv4 short forms before the check.
const TABLE: [string, boolean][] = [
  // IPv4 loopback, in every spelling the URL parser accepts
  ["http://127.0.0.1/", false],
  ["http://127.255.255.254/", false],
  ["http://2130706433/", false],
  ["http://0x7f.1/", false],
  ["http://0x7f000001/", false],
  ["http://0177.0.0.1/", false],
  ["http://127.1/", false],
  // unspecified, broadcast
  ["http://0.0.0.0/", false],
  ["http://0/", false],
  ["http://255.255.255.255/", false],
  // private, CGNAT, link-local (cloud metadata)
  ["http://10.1.2.3/", false],
  ["http://172.16.0.1/", false],
  ["http://172.31.255.255/", false],
  ["http://192.168.1.1/", false],
  ["http://100.64.0.1/", false],
  ["http://100.127.255.254/", false],
  ["http://169.254.169.254/latest/meta-data/", false],
  // IETF protocol assignments, documentation, benchmarking, 6to4 relay, reserved, multicast
  ["http://192.0.0.8/", false],
  ["http://192.0.2.1/", false],
  ["http://198.51.100.7/", false],
  ["http://203.0.113.9/", false],
  ["http://198.18.0.1/", false],
  ["http://198.19.255.1/", false],
  ["http://192.88.99.1/", false],
  ["http://240.0.0.1/", false],
  ["http://224.0.0.1/", false],
  ["http://239.255.255.250/", false],
  // IPv6 loopback, unspecified, link-local, multicast, ULA, site-local, discard
  ["http://[::1]/", false],
  ["http://[::]/", false],
  ["http://[fe80::1]/", false],
  ["http://[febf::1]/", false],
  ["http://[ff02::1]/", false],
  ["http://[fc00::1]/", false],
  ["http://[fd12:3456::1]/", false],
  ["http://[fec0::1]/", false],
  ["http://[100::1]/", false],
  // IPv6 transition forms carrying an IPv4 address
  ["http://[::ffff:127.0.0.1]/", false],
  ["http://[::ffff:7f00:1]/", false],
  ["http://[::ffff:10.0.0.1]/", false],
  ["http://[::ffff:169.254.169.254]/", false],
  ["http://[::127.0.0.1]/", false],
  ["http://[::8.8.8.8]/", false],
  ["http://[2002:7f00:1::]/", false],
  ["http://[2002:0808:0808::1]/", false],
  ["http://[2001::1]/", false],
  ["http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", false],
  ["http://[64:ff9b::7f00:1]/", false],
  ["http://[64:ff9b::8.8.8.8]/", false],
  ["http://[64:ff9b:1::1]/", false],
  // IPv6 documentation, benchmarking, ORCHIDv2
  ["http://[2001:db8::1]/", false],
  ["http://[2001:2::1]/", false],
  ["http://[2001:20::1]/", false],
  // public: allowed
  ["http://8.8.8.8/", true],
  ["https://1.1.1.1/", true],
  ["http://93.184.215.14:8080/x", true],
  ["http://134744072/", true], // 8.8.8.8 as one number
  ["http://100.63.255.255/", true], // just below CGNAT
  ["http://100.128.0.1/", true], // just above CGNAT
  ["http://172.32.0.1/", true], // just above 172.16/12
  ["http://[::ffff:8.8.8.8]/", true], // mapped: judged by the IPv4 address
  ["http://[2606:4700:4700::1111]/", true],
  ["http://[2a00:1450:4001:81c::200e]/", true],
];

describe("which addresses a user-supplied URL may reach", () => {
  it(`judges ${TABLE.length} address forms: ${TABLE.filter(([, ok]) => !ok).length} refused, ${TABLE.filter(([, ok]) => ok).length} allowed`, async () => {
    allowHosts("");
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
    const wrong: string[] = [];
    for (const [url, allowed] of TABLE) {
      // IP literals never reach DNS: a resolver that throws proves it.
      const verdict = await checkTarget(url, () => Promise.reject(new Error("DNS must not be asked for an IP literal"))).then(
        () => true,
        (err: unknown) => {
          if (!(err instanceof FetchRefusedError) || err.code !== "address_not_allowed") throw err;
          return false;
        },
      );
      if (verdict !== allowed) wrong.push(`${url}: expected ${allowed ? "allowed" : "refused"}`);
    }
    expect(wrong).toEqual([]);
  });

  it("judges resolved addresses the same way (what getaddrinfo may answer)", () => {
    expect(["127.0.0.1", "10.0.0.1", "::1", "::ffff:127.0.0.1", "fe80::1%eth0", "64:ff9b::a00:1", "not an ip", ""].map(isGlobalUnicast)).toEqual(
      [false, false, false, false, false, false, false, false],
    );
    expect(["8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1"].map(isGlobalUnicast)).toEqual([true, true, true]);
  });

  it("refuses schemes other than http(s) and URLs with credentials, without echoing the password", async () => {
    allowHosts("");
    await expect(checkTarget("file:///etc/passwd")).rejects.toMatchObject({ code: "scheme_not_allowed" });
    await expect(checkTarget("gopher://8.8.8.8/")).rejects.toMatchObject({ code: "scheme_not_allowed" });
    const err = await guardedFetch("https://alice:s3cret@8.8.8.8/x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchRefusedError);
    expect(err).toMatchObject({ code: "credentials_in_url", host: "8.8.8.8" });
    expect(String((err as Error).message)).not.toMatch(/alice|s3cret/);
    expect(redactUrl("https://alice:s3cret@example.com/a.jpg")).toBe("https://example.com/a.jpg");
  });

  it("refuses a public name that resolves to a private address, whatever the DNS answer order", async () => {
    allowHosts("");
    const resolve = () => Promise.resolve([{ address: "93.184.215.14", family: 4 }, { address: "10.0.0.5", family: 4 }]);
    await expect(checkTarget("https://innocent.example/", resolve)).rejects.toMatchObject({ code: "address_not_allowed", host: "innocent.example" });
  });
});

describe("guardedFetch against local servers", () => {
  let server: http.Server;
  let base: string;
  let port: number;
  const hits: string[] = [];
  let other: http.Server;
  let otherPort: number;
  const otherHits: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? ""}`);
      if (req.url === "/to-private") {
        res.writeHead(302, { location: `http://127.0.0.1:${otherPort}/secret` });
        return res.end();
      }
      if (req.url === "/to-localhost") {
        res.writeHead(307, { location: `http://localhost:${port}/ok` });
        return res.end();
      }
      if (req.url === "/loop") {
        res.writeHead(302, { location: "/loop" });
        return res.end();
      }
      if (req.url === "/see-other") {
        res.writeHead(303, { location: "/ok" });
        return res.end();
      }
      if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 3000);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, method: req.method }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    other = http.createServer((req, res) => {
      otherHits.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? ""}`);
      res.end("internal secret");
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    otherPort = (other.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await new Promise((r) => other.close(r));
  });

  it("refuses a hostname that resolves to loopback (localhost) and sends nothing", async () => {
    allowHosts("");
    hits.length = 0;
    const err = await guardedFetch(`http://localhost:${port}/ok`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchRefusedError);
    expect(err).toMatchObject({ code: "address_not_allowed", host: "localhost" });
    expect(hits).toEqual([]);
  });

  it("answers with a standard Response through an allow-listed host:port", async () => {
    allowHosts(`127.0.0.1:${port}`);
    const res = await guardedFetch(`${base}/ok`, { method: "POST", body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json" } });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${base}/ok`);
    expect(await res.json()).toEqual({ ok: true, method: "POST" });
  });

  it("refuses a redirect from the allowed server to a private address; the private server sees nothing", async () => {
    allowHosts(`127.0.0.1:${port}`); // the first server only
    otherHits.length = 0;
    const err = await guardedFetch(`${base}/to-private`, { headers: { authorization: "Bearer tok" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchRefusedError);
    expect(err).toMatchObject({ code: "address_not_allowed", host: "127.0.0.1" });
    expect(otherHits).toEqual([]);
    // A hostname that resolves to loopback is refused on a redirect too.
    const err2 = await guardedFetch(`${base}/to-localhost`).catch((e: unknown) => e);
    expect(err2).toMatchObject({ code: "address_not_allowed", host: "localhost" });
  });

  it("follows at most MAX_REDIRECTS redirects, turns 303 into GET and honours redirect: manual", async () => {
    allowHosts(`127.0.0.1:${port}`);
    hits.length = 0;
    await expect(guardedFetch(`${base}/loop`)).rejects.toMatchObject({ code: "too_many_redirects" });
    expect(hits).toHaveLength(MAX_REDIRECTS + 1);
    const seeOther = await guardedFetch(`${base}/see-other`, { method: "POST", body: "x" });
    expect(seeOther.redirected).toBe(true);
    expect(await seeOther.json()).toEqual({ ok: true, method: "GET" });
    const manual = await guardedFetch(`${base}/loop`, { redirect: "manual" });
    expect(manual.status).toBe(302);
  });

  it("drops the bearer token when a redirect leaves the origin", async () => {
    allowHosts(`127.0.0.1:${port},127.0.0.1:${otherPort}`);
    otherHits.length = 0;
    const res = await guardedFetch(`${base}/to-private`, { headers: { authorization: "Bearer tok" } });
    expect(await res.text()).toBe("internal secret");
    expect(otherHits).toEqual(["GET /secret auth="]);
  });

  it("stops when the signal aborts, with the signal's reason like fetch", async () => {
    allowHosts(`127.0.0.1:${port}`);
    const started = performance.now();
    const err = await guardedFetch(`${base}/slow`, { signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err).toMatchObject({ name: "TimeoutError" });
  });
});
