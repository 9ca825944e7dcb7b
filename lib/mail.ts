// Outgoing email (password reset, invitations). With SMTP_URL set it is sent through that server;
// without, it is written to the log at warn level — link included — so local development and
// self-hosters without a mail server still get their links (`npm run dev` shows warnings).
import { createTransport, type Transporter } from "nodemailer";
import { env } from "./env";
import { logger } from "./logger";

export interface Mail {
  to: string;
  subject: string;
  /** Plain text; every email Herald sends must be readable without HTML. */
  text: string;
  html?: string;
}

const globalForMail = globalThis as unknown as { heraldMailer?: { url: string; transport: Transporter } };

function transport(url: string): Transporter {
  // One pooled-free transport per process and URL; nodemailer opens a connection per message.
  if (globalForMail.heraldMailer?.url !== url) {
    globalForMail.heraldMailer = { url, transport: createTransport(url) };
  }
  return globalForMail.heraldMailer.transport;
}

/** Sends (or, without SMTP_URL, logs) one email. Throws when the SMTP server refuses it. */
export async function sendMail(mail: Mail): Promise<{ delivered: boolean }> {
  const e = env();
  if (!e.SMTP_URL) {
    logger.warn({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, `email not sent (no SMTP_URL): ${mail.subject}`);
    return { delivered: false };
  }
  await transport(e.SMTP_URL).sendMail({
    from: e.MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    signal: AbortSignal.timeout(20_000),
  });
  logger.info({ to: mail.to, subject: mail.subject }, "email sent");
  return { delivered: true };
}
