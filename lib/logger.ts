// Structured logging (pino). Credentials and auth headers are redacted wherever they appear.
import pino from "pino";
import { currentRequestId } from "./observability/request-context";

const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info");

export const logger = pino({
  level,
  base: { app: "herald" },
  // Every line written while a request runs names it (docs/decisions.md, "Observability").
  mixin() {
    const requestId = currentRequestId();
    return requestId ? { requestId } : {};
  },
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
