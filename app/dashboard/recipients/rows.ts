// What the Recipients page shows of /api/recipients and /api/recipient-lists (client-safe).
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { listRecipientLists, RecipientView } from "@/lib/recipients";
import type { Serialized } from "../_live/serialized";

export type RecipientRow = Serialized<RecipientView>;
export type ListRow = Serialized<Awaited<ReturnType<typeof listRecipientLists>>[number]>;
export interface RecipientPage {
  recipients: RecipientRow[];
  nextCursor: string | null;
}

/** "+447911123456" → "+44 7911 123456". */
export const shownPhone = (phone: string) => parsePhoneNumberFromString(phone)?.formatInternational() ?? phone;
