// Structured logging (pino). Credentials and auth headers are redacted wherever they appear.
import pino from "pino";

const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info");

export const logger = pino({
  level,
  base: { app: "herald" },
  redact: {
    paths: [
      "credentials",
      "*.credentials",
      "authorization",
      "*.authorization",
      "headers.authorization",
      "*.headers.authorization",
      "accessToken",
      "*.accessToken",
      "password",
      "*.password",
      "apiKey",
      "*.apiKey",
    ],
    censor: "[redacted]",
  },
});
