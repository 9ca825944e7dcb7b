// A loopback SMTP server that records what it receives (as test/integration/mail.test.ts's), and can
// refuse recipients, to see a refused send retried (docs/decisions.md, "Notifications").
import net from "node:net";
import type { AddressInfo } from "node:net";

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
