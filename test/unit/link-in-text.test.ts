// Networks whose adapters put the post's link at the end of the text (composeText): Threads,
// Instagram, TikTok, WhatsApp and YouTube, like X, Mastodon and LinkedIn. Their specs say so
// (linkInText), so the real adapter's check, the spec's check, the composer's counter and the
// preview all count and show the link; a text that fits alone but not with its link is refused.
import { describe, expect, it } from "vitest";
import { countFor, shownText } from "../../app/dashboard/compose/count";
import type { Db } from "../../lib/db";
import { postPreview } from "../../lib/social/preview";
import { specFor } from "../../lib/social/registry";
import { validateContent } from "../../lib/social/spec";
import { createInstagramAdapter } from "../../lib/social/instagram/adapter";
import { createThreadsAdapter } from "../../lib/social/threads/adapter";
import { createTikTokAdapter } from "../../lib/social/tiktok/adapter";
import { createWhatsappAdapter } from "../../lib/social/whatsapp/adapter";
import { createYoutubeAdapter } from "../../lib/social/youtube/adapter";
import type { MediaRef, Platform, PlatformAdapter, PublishContent } from "../../lib/social/types";

const link = "https://herald.example/spring-menu";
const image: MediaRef = { url: "https://cdn.herald.example/a.jpg", type: "image" };
const video: MediaRef = { url: "https://cdn.herald.example/a.mp4", type: "video" };

// What each network needs besides the text, so that the link is the only thing wrong.
const cases: { platform: Platform; adapter: () => PlatformAdapter; extra: Partial<PublishContent> }[] = [
  { platform: "threads", adapter: () => createThreadsAdapter(), extra: {} },
  { platform: "instagram", adapter: () => createInstagramAdapter(), extra: { media: [image] } },
  { platform: "tiktok", adapter: () => createTikTokAdapter(), extra: { media: [video], tiktok: { privacy: "SELF_ONLY" } as PublishContent["tiktok"] } },
  { platform: "whatsapp", adapter: () => createWhatsappAdapter({ prisma: {} as Db }), extra: { whatsapp: { listIds: ["list-1"] } } },
  { platform: "youtube", adapter: () => createYoutubeAdapter(), extra: { media: [video], youtube: { title: "Spring menu" } } },
];

describe("networks that append the link to the text", () => {
  for (const { platform, adapter, extra } of cases) {
    it(`${platform}: the spec says so, a text + link over the limit is refused, the counter counts the link and the preview shows it`, () => {
      const spec = specFor(platform);
      expect(spec.linkInText).toBe(true);
      // Fits alone (five short of the limit), not with "\n\n" and the link.
      const text = "x".repeat(spec.maxLength - 5);
      const withLink = { text, link, ...extra };
      const want = { platform, field: "link", message: `${spec.label} allows ${spec.maxLength} characters; the text with its link has ${spec.maxLength - 5 + 2 + link.length}.` };

      expect(validateContent(spec, { text, ...extra })).toEqual([]);
      expect(validateContent(spec, withLink)).toEqual([want]);
      // The real adapter's check (what runs at schedule time and before publishing): one refusal, naming the link.
      expect(adapter().validate({ text, ...extra })).toEqual([]);
      expect(adapter().validate(withLink)).toEqual([want]);
      // A link the text already carries is not added again.
      const carried = `${"x".repeat(spec.maxLength - link.length - 1)} ${link}`;
      expect(adapter().validate({ text: carried, link, ...extra })).toEqual([]);

      // The composer's counter and its text as shown use the same rule.
      expect(countFor(spec, text, link)).toBe(spec.maxLength - 5 + 2 + link.length);
      expect(shownText(spec, "Fresh rye", link)).toBe(`Fresh rye\n\n${link}`);
      // The preview reads the spec's flag: the link is at the end of the text.
      const preview = postPreview(
        { platform, label: spec.label, mediaMax: spec.media.max, threads: spec.threads, linkInText: spec.linkInText },
        { text: "Fresh rye", link, media: [], thread: [] },
      );
      expect(preview.text.shown + preview.text.rest).toBe(`Fresh rye\n\n${link}`);
    });
  }

  it("a network that makes a card of the link (Bluesky, Facebook) neither counts nor appends it", () => {
    for (const platform of ["bluesky", "facebook"] as const) {
      const spec = specFor(platform);
      expect(spec.linkInText).toBeFalsy();
      expect(validateContent(spec, { text: "x".repeat(spec.maxLength), link })).toEqual([]);
      expect(countFor(spec, "Fresh rye", link)).toBe(9);
      const preview = postPreview({ platform, label: spec.label, mediaMax: spec.media.max, threads: spec.threads, linkInText: spec.linkInText }, { text: "Fresh rye", link, media: [], thread: [] });
      expect(preview.text.shown).toBe("Fresh rye");
      expect(preview.link).toMatchObject({ kind: "card", url: link });
    }
  });
});
