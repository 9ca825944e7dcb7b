// Post text → app.bsky.feed.post text + facets (links, mentions, hashtags). Facet ranges are UTF-8
// byte offsets into the text (app.bsky.richtext.facet#byteSlice); RichText from @atproto/api
// computes them, so emoji, combining characters and CJK cannot shift a link.
import { RichText, type Agent, type AppBskyRichtextFacet } from "@atproto/api";

export interface PostText {
  text: string;
  facets?: AppBskyRichtextFacet.Main[];
}

const isMention = (f: { $type?: string }) => f.$type === "app.bsky.richtext.facet#mention";

/**
 * Mentions resolve to DIDs through the agent (com.atproto.identity.resolveHandle). A handle that
 * does not resolve stays plain text: RichText leaves such a mention with `did: ""`, which the
 * PDS would reject as an invalid DID, so those facets are dropped here.
 */
export function dropUnresolved(facets: AppBskyRichtextFacet.Main[] | undefined): AppBskyRichtextFacet.Main[] | undefined {
  if (!facets) return undefined;
  const kept = facets.filter((f) =>
    f.features.every((feat) => !isMention(feat) || (feat as AppBskyRichtextFacet.Mention).did.startsWith("did:")),
  );
  return kept.length ? kept : undefined;
}

/** Facets without network look-ups (mentions keep their handle in `did` until resolved). */
export function detectFacetsOffline(text: string): PostText {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  return { text: rt.text, facets: rt.facets };
}

/** Text and facets for a post; mentions are resolved through `agent`. */
export async function buildPostText(text: string, agent: Agent): Promise<PostText> {
  const rt = new RichText({ text });
  await rt.detectFacets(agent);
  return { text: rt.text, facets: dropUnresolved(rt.facets) };
}
