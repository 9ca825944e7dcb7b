// The connect / reconnect form of each platform, generated from its credentials schema
// (lib/social/<platform>/credentials.ts) so the form and the server's check never drift apart.
import { z } from "zod";
import { credentialsSchema, specFor } from "@/lib/social/registry";
import type { Platform } from "@/lib/social/types";
import { Platform as Platforms } from "@/lib/generated/prisma/enums";

export interface CredentialField {
  name: string;
  label: string;
  required: boolean;
  /** Tokens, secrets and passwords: a password input, never pre-filled. */
  secret: boolean;
  type: "text" | "url";
  placeholder?: string;
  hint?: string;
}

export interface PlatformOption {
  platform: Platform;
  label: string;
  /** Null: Herald has no real adapter yet; accounts are simulated only. */
  fields: CredentialField[] | null;
}

const LABELS: Record<string, string> = {
  apiKey: "API key",
  apiSecret: "API key secret",
  accessToken: "Access token",
  accessTokenSecret: "Access token secret",
  service: "PDS address",
  identifier: "Handle or email",
  appPassword: "App password",
  instanceUrl: "Instance address",
  pageId: "Page ID",
  pageAccessToken: "Page access token",
  igUserId: "Instagram user ID",
  authorUrn: "Author URN",
  refreshToken: "Refresh token",
  clientId: "Client ID",
  clientSecret: "Client secret",
};

const HINTS: Record<string, string> = {
  appPassword: "Create one in Bluesky under Settings → Privacy and security → App passwords; never use your main password.",
  instanceUrl: "The address of your Mastodon server, e.g. https://mastodon.social.",
  accessToken: "Paste the token as the platform shows it.",
  authorUrn: "urn:li:person:… for a member, urn:li:organization:… for a company page.",
  service: "Leave as it is unless your account lives on a self-hosted PDS.",
};

const humanize = (name: string) => LABELS[name] ?? name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());

interface JsonProp {
  type?: string;
  format?: string;
  default?: unknown;
}

export function credentialFields(platform: Platform): CredentialField[] | null {
  const schema = credentialsSchema(platform);
  if (!schema) return null;
  type ObjectJson = { properties?: Record<string, JsonProp>; required?: string[] };
  const whole = z.toJSONSchema(schema, { io: "input" }) as ObjectJson & { oneOf?: ObjectJson[] };
  // A union (Bluesky: app password or an OAuth sign-in, told apart by `auth`) is filled in by hand
  // as its first shape; `auth` is not asked for.
  const json = whole.oneOf?.[0] ?? whole;
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).filter(([name]) => name !== "auth").map(([name, prop]) => ({
    name,
    label: humanize(name),
    required: required.has(name),
    secret: /secret|token|password/i.test(name),
    type: prop.format === "uri" ? "url" : "text",
    placeholder: typeof prop.default === "string" ? prop.default : undefined,
    hint: HINTS[name],
  }));
}

export function platformOptions(): PlatformOption[] {
  return (Object.values(Platforms) as Platform[]).map((platform) => ({
    platform,
    label: specFor(platform).label,
    fields: credentialFields(platform),
  }));
}
