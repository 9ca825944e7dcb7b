// WhatsApp: simulation only until its adapter arrives (issue 13); no credentials are accepted yet.
// The seeds' WhatsApp variables are read by that adapter when it comes.
import type { PlatformModule } from "../platform";
import { whatsappSpec } from "./spec";

export const whatsapp = {
  spec: whatsappSpec,
  credentials: null,
} satisfies PlatformModule;
