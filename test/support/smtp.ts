// A loopback SMTP server that records what it receives, standing in for SMTP_URL's server
// (test/integration/mail.test.ts, notifications.test.ts); it can refuse recipients, to see a
// refused send retried (docs/decisions.md, "Notifications").
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { resetEnvCache } from "../../lib/env";

export interface Received {
  from: string;
  to: string[];
  data: string;
}

export async function fakeSmtp() {
  const messages: Received[] = [];
  const state = { refuse: false };
  const server = net.createServer((sock) => {
    let buf = "";
    let inData = false;
    let cur: Received = { from: "", to: [], data: "" };
    sock.write("220 fake.smtp ESMTP\r\n");
    sock.on("data", (chunk) => {
      buf += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          cur.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          messages.push(cur);
          cur = { from: "", to: [], data: "" };
          sock.write("250 2.0.0 queued\r\n");
          continue;
        }
        const nl = buf.indexOf("\r\n");
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") sock.write("250-fake.smtp\r\n250 8BITMIME\r\n");
        else if (verb === "MAIL") {
          cur.from = line;
          sock.write("250 2.1.0 OK\r\n");
        } else if (verb === "RCPT") {
          if (state.refuse) sock.write("451 4.3.0 try again later\r\n");
          else {
            cur.to.push(line);
            sock.write("250 2.1.5 OK\r\n");
          }
        } else if (verb === "DATA") {
          inData = true;
          sock.write("354 go ahead\r\n");
        } else if (verb === "QUIT") {
          sock.end("221 bye\r\n");
          return;
        } else sock.write("250 OK\r\n");
      }
    });
    sock.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Undoes quoted-printable soft line breaks and escapes, so long lines can be read back. */
export function decodeQp(s: string): string {
  return s.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * For the calling test file: a fake SMTP server started before its tests, with SMTP_URL and
 * MAIL_FROM pointing Herald's mail at it, and all of it undone after. Read it through the returned
 * object (its messages and state are there once the file's tests run).
 */
export function withFakeSmtp(from = "Herald <herald@bakery.example>") {
  let server: Awaited<ReturnType<typeof fakeSmtp>> | undefined;
  const started = () => {
    if (!server) throw new Error("The fake SMTP server starts before the file's tests.");
    return server;
  };
  beforeAll(async () => {
    server = await fakeSmtp();
    process.env.SMTP_URL = server.url;
    process.env.MAIL_FROM = from;
    resetEnvCache();
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    resetEnvCache();
    await server?.close();
  });
  return {
    get messages() {
      return started().messages;
    },
    get state() {
      return started().state;
    },
  };
}
