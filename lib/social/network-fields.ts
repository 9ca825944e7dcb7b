// What a network needs besides text and media (docs/design.md, "Platforms"): Reddit's subreddit and
// title, TikTok's privacy and switches, YouTube's title and settings, WhatsApp's recipients. One
// zod shape for every input that carries them (a schedule request's config, the stored task
// config, A/B variants) and one way to hand them on to what an adapter validates and publishes.
import { RedditFields } from "./reddit/fields";
import { TikTokFields } from "./tiktok/fields";
import type { PublishContent } from "./types";
import { WhatsappFields } from "./whatsapp/fields";
import { YoutubeFields } from "./youtube/fields";

/** Spread into a z.object: `config.reddit`, `config.tiktok`, `config.youtube`, each optional. */
export const networkFieldsShape = {
  /** Subreddit and title (required when Reddit is a target), flair, flags. */
  reddit: RedditFields.optional(),
  /** Privacy (required when TikTok is a target), comments/Duet/Stitch, disclosure, photo title. */
  tiktok: TikTokFields.optional(),
  /** Title (required when YouTube is a target), privacy, category, tags, madeForKids, shorts. */
  youtube: YoutubeFields.optional(),
  /** Recipient lists or recipients (required when WhatsApp is a target), template, document. */
  whatsapp: WhatsappFields.optional(),
};

type NetworkFields = Pick<PublishContent, "reddit" | "tiktok" | "youtube" | "whatsapp">;

/** The network fields of a config (or any object that carries them), as PublishContent takes them. */
export function networkFieldsOf<T extends NetworkFields>(c: T): Pick<T, keyof NetworkFields> {
  return { reddit: c.reddit, tiktok: c.tiktok, youtube: c.youtube, whatsapp: c.whatsapp };
}
