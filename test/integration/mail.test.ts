// With SMTP_URL set, emails (here: a password-reset link) go out through that SMTP server; a
// loopback SMTP server stands in for the real one and records what it received.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../lib/env";
import { sendMail } from "../../lib/mail";
import { authCall, Jar, ORIGIN, signUp } from "../support/auth";

interface Received {
  from: string;
  to: string[];
  data: string;
}

async function fakeSmtp() {
  const messages: Received[] = [];
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
        if (verb === "EHLO") {
          sock.write("250-fake.smtp\r\n250 8BITMIME\r\n");
        } else if (verb === "MAIL") {
          cur.from = line;
          sock.write("250 2.1.0 OK\r\n");
        } else if (verb === "RCPT") {
          cur.to.push(line);
          sock.write("250 2.1.5 OK\r\n");
        } else if (verb === "DATA") {
          inData = true;
          sock.write("354 go ahead\r\n");
        } else if (verb === "QUIT") {
          sock.end("221 bye\r\n");
          return;
        } else {
          sock.write("250 OK\r\n");
        }
      }
    });
    sock.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Undoes quoted-printable soft line breaks and escapes, so long links can be read back. */
function decodeQp(s: string): string {
  return s.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
beforeAll(async () => {
  smtp = await fakeSmtp();
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = "Herald <herald@bakery.example>";
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  resetEnvCache();
  await smtp.close();
});

describe("email through SMTP_URL", () => {
  it("delivers a message with the configured sender", async () => {
    expect(await sendMail({ to: "someone@example.com", subject: "Hello", text: "Just testing." })).toEqual({ delivered: true });
    const m = smtp.messages.at(-1)!;
    expect(m.from).toContain("herald@bakery.example");
    expect(m.to).toEqual(["RCPT TO:<someone@example.com>"]);
    expect(m.data).toMatch(/^Subject: Hello$/m);
    expect(m.data).toContain("Just testing.");
  });

  it("sends the password-reset link by email", async () => {
    await signUp("mailed@example.com");
    const before = smtp.messages.length;
    const r = await authCall("POST", "/request-password-reset", { jar: new Jar(), body: { email: "mailed@example.com", redirectTo: "/reset-password" } });
    expect(r.status).toBe(200);
    expect(smtp.messages.length).toBe(before + 1);
    const m = smtp.messages.at(-1)!;
    expect(m.to).toEqual(["RCPT TO:<mailed@example.com>"]);
    expect(m.data).toMatch(/^Subject: Reset your Herald password$/m);
    expect(decodeQp(m.data)).toMatch(new RegExp(`${ORIGIN}/api/auth/reset-password/\\w+\\?callbackURL=%2Freset-password`));
  });
});
