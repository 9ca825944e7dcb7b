// WhatsApp through the Cloud API (lib/social/whatsapp/adapter.ts): a post is a message to the
// workspace's opted-in recipients (config.whatsapp: ./fields.ts, the recipients: ./audience.ts),
// delivery statuses and replies come back through the webhook (./webhook.ts). Accounts are
// connected with the phone number's id and a system user's token (./credentials.ts); the seeds'
// WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_ACCESS_TOKEN make one for a single-workspace deployment.
// How it works and what a live number needs: docs/whatsapp.md.
import { env } from "../../env";
import { allSet, type PlatformModule } from "../platform";
import { createWhatsappAdapter } from "./adapter";
import { checkAudience } from "./audience";
import { whatsappCredentials } from "./credentials";
import { whatsappSpec } from "./spec";

export const whatsapp = {
  spec: whatsappSpec,
  credentials: whatsappCredentials,
  adapter: (_account, deps) => createWhatsappAdapter({ prisma: deps.prisma, now: deps.now, baseUrl: deps.baseUrl ?? env().GRAPH_API_URL }),
  fromEnv: (e) => {
    const c = allSet({ phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID, accessToken: e.WHATSAPP_ACCESS_TOKEN });
    if (!c) return null;
    const credentials = e.WHATSAPP_BUSINESS_ACCOUNT_ID ? { ...c, businessAccountId: e.WHATSAPP_BUSINESS_ACCOUNT_ID } : c;
    return { handle: `phone-${c.phoneNumberId}`, credentials };
  },
  checkWithData: checkAudience,
} satisfies PlatformModule;
