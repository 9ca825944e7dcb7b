// With SMTP_URL set, emails (here: a password-reset link) go out through that SMTP server; a
// loopback SMTP server stands in for the real one and records what it received.
import { describe, expect, it } from "vitest";
import { sendMail } from "../../lib/mail";
import { authCall, Jar, ORIGIN, signUp } from "../support/auth";
import { decodeQp, withFakeSmtp } from "../support/smtp";

const smtp = withFakeSmtp();

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
