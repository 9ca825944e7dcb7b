// The WhatsApp Business Account's approved message templates, for the composer's template choice
// (GET /{waba-id}/message_templates; docs/whatsapp.md): name, language, category, the body's text
// and how many {{n}} values it takes, and whether its header wants the post's photo or video.
import { createGraphClient } from "../meta/graph";
import { PlatformError } from "../types";
import { whatsappError } from "./adapter";
import type { WhatsappCredentials } from "./credentials";

export interface TemplateSummary {
  name: string;
  language: string;
  category: string;
  body: string;
  /** How many values the body's {{1}}, {{2}}, … need. */
  params: number;
  /** The header's kind: TEXT, IMAGE, VIDEO, DOCUMENT, or null without one. */
  header: string | null;
}

interface TemplateRow {
  name?: unknown;
  language?: unknown;
  status?: unknown;
  category?: unknown;
  components?: { type?: unknown; format?: unknown; text?: unknown }[];
}

/** Distinct {{n}} placeholders in a template's body. */
export function placeholderCount(body: string): number {
  return new Set([...body.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])).size;
}

export async function approvedTemplates(
  creds: WhatsappCredentials,
  opts: { baseUrl?: string; now: () => Date; signal: AbortSignal },
): Promise<TemplateSummary[]> {
  if (!creds.businessAccountId) {
    throw new PlatformError("permanent", "no_business_account", "Add the WhatsApp Business Account id to the account's credentials (businessAccountId) to list its templates.");
  }
  const graph = createGraphClient({ label: "WhatsApp", baseUrl: opts.baseUrl, token: creds.accessToken, now: opts.now, refine: whatsappError });
  const out: TemplateSummary[] = [];
  let after: string | undefined;
  // Five pages of 100: more templates than any small business keeps.
  for (let page = 0; page < 5; page++) {
    const res = await graph.get<{ data?: TemplateRow[]; paging?: { cursors?: { after?: string }; next?: string } }>(
      `${creds.businessAccountId}/message_templates`,
      { fields: "name,language,status,category,components", status: "APPROVED", limit: 100, after },
      opts.signal,
    );
    for (const t of res?.data ?? []) {
      if (t.status !== "APPROVED" || typeof t.name !== "string" || typeof t.language !== "string") continue;
      const body = t.components?.find((c) => c.type === "BODY");
      const header = t.components?.find((c) => c.type === "HEADER");
      const text = typeof body?.text === "string" ? body.text : "";
      out.push({
        name: t.name,
        language: t.language,
        category: typeof t.category === "string" ? t.category : "",
        body: text,
        params: placeholderCount(text),
        header: typeof header?.format === "string" ? header.format : null,
      });
    }
    after = res?.paging?.cursors?.after;
    if (!res?.paging?.next || !after) break;
  }
  return out;
}
