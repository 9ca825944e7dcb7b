// The composer's per-network previews (lib/social/preview.ts): where each feed folds the text, a
// cut that never splits an emoji or a URL, the crop and layout of pictures per network, and which
// networks make a card of a link.
import { describe, expect, it } from "vitest";
import { foldText, gridCell, linkParts, postPreview, previewLink, previewMedia, previewRules } from "../../lib/social/preview";
import { specFor } from "../../lib/social/registry";

const account = (platform: string) => {
  const s = specFor(platform as Parameters<typeof specFor>[0]);
  return { platform, label: s.label, mediaMax: s.media.max, threads: s.threads, linkInText: s.linkInText };
};
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

describe("the fold", () => {
  it("LinkedIn cuts a long text near 210 characters with 'see more'; X, Bluesky, Mastodon and Threads show it all", () => {
    const text = words(60); // ~ 400 characters
    const li = postPreview(account("linkedin"), { text, link: "", media: [], thread: [] });
    expect(li.text.folded).toBe(true);
    expect(li.text.shown.length).toBeLessThanOrEqual(210);
    expect(li.text.shown.length).toBeGreaterThan(190);
    expect(li.text.shown + li.text.rest).toBe(text);
    // At a space, not inside a word.
    expect(text[li.text.shown.length]).toBe(" ");
    expect(li.rules.fold?.more).toMatch(/see more/);
    for (const p of ["twitter", "bluesky", "mastodon", "threads"]) {
      const pv = postPreview(account(p), { text, link: "", media: [], thread: [] });
      expect(pv.text, p).toEqual({ shown: text, rest: "", folded: false });
    }
  });

  it("folds Instagram's caption near 125 and Facebook's near 480 characters; a short text is never folded", () => {
    const long = words(100);
    const ig = foldText(long, previewRules("instagram").fold);
    expect(ig.folded).toBe(true);
    expect(ig.shown.length).toBeLessThanOrEqual(125);
    expect(ig.shown.length).toBeGreaterThan(105);
    const fb = foldText(long, previewRules("facebook").fold);
    expect(fb.shown.length).toBeLessThanOrEqual(480);
    expect(fb.shown.length).toBeGreaterThan(460);
    expect(foldText("Fresh rye today.", previewRules("linkedin").fold)).toEqual({ shown: "Fresh rye today.", rest: "", folded: false });
    // Exactly at the limit: nothing hidden.
    const exact = "x".repeat(210);
    expect(foldText(exact, previewRules("linkedin").fold).folded).toBe(false);
  });

  it("folds LinkedIn after three lines even when the text is short", () => {
    const text = "Line one\nLine two\nLine three\nLine four";
    const f = foldText(text, previewRules("linkedin").fold);
    expect(f).toEqual({ shown: "Line one\nLine two\nLine three", rest: "\nLine four", folded: true });
  });

  it("counts graphemes and never cuts inside an emoji", () => {
    // 👩‍👩‍👧‍👦 is one grapheme of 11 code units; a cut by code units would split it.
    const family = "👩‍👩‍👧‍👦";
    const text = family.repeat(130);
    const f = foldText(text, { chars: 125, more: "… more" });
    expect(f.folded).toBe(true);
    expect(f.shown).toBe(family.repeat(125));
    expect(f.rest).toBe(family.repeat(5));
    const flags = "🇩🇪🇫🇷".repeat(70); // 140 flags
    const g = foldText(flags, { chars: 125, more: "… more" });
    expect([...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(g.shown)].length).toBe(125);
    expect(g.shown).toBe(`${"🇩🇪🇫🇷".repeat(62)}🇩🇪`);
  });

  it("never cuts inside a URL: the fold moves to before it", () => {
    const url = "https://example.com/a/very/long/path/to/the/spring-menu?with=query";
    const text = `${"Bread ".repeat(30)}${url} and more words after it`; // the URL starts at 180
    const f = foldText(text, previewRules("linkedin").fold);
    expect(f.folded).toBe(true);
    expect(f.shown).toBe("Bread ".repeat(30).trimEnd());
    expect(f.rest.trimStart().startsWith(url)).toBe(true);
    // A URL at the very start is shown whole.
    const g = foldText(`https://example.com/${"x".repeat(300)} tail`, previewRules("linkedin").fold);
    expect(g.shown).toBe(`https://example.com/${"x".repeat(300)}`);
  });
});

describe("pictures", () => {
  const img = (width?: number, height?: number) => ({ isVideo: false, width, height });

  it("X shows one picture at 16:9 and two to four in a grid", () => {
    const x = previewRules("twitter");
    expect(previewMedia(x, [img(1000, 2000)], 4)).toMatchObject({ layout: "single", ratio: 16 / 9, fill: "cover" });
    expect(previewMedia(x, [img(), img(), img()], 4)).toMatchObject({ layout: "grid", ratio: 16 / 9, shown: [0, 1, 2], more: 0 });
    expect(previewMedia(x, [img(), img(), img(), img(), img()], 4)).toMatchObject({ layout: "grid", shown: [0, 1, 2, 3], dropped: 1 });
  });

  it("Instagram keeps the picture's own shape within 4:5 … 1.91:1, padded, 1:1 until the size is known; several are a carousel", () => {
    const ig = previewRules("instagram");
    expect(previewMedia(ig, [img()], 10)).toMatchObject({ layout: "single", ratio: 1, fill: "pad" });
    expect(previewMedia(ig, [img(1080, 1350)], 10).ratio).toBeCloseTo(0.8);
    expect(previewMedia(ig, [img(1000, 3000)], 10).ratio).toBeCloseTo(4 / 5);
    expect(previewMedia(ig, [img(4000, 1000)], 10).ratio).toBeCloseTo(1.91);
    expect(previewMedia(ig, [img(1600, 900), img(500, 500)], 10)).toMatchObject({ layout: "carousel", ratio: 16 / 9, shown: [0, 1] });
  });

  it("Facebook and LinkedIn crop a single picture within their ranges and show a +N after four", () => {
    const fb = previewMedia(previewRules("facebook"), [img(1000, 3000)], 10);
    expect(fb).toMatchObject({ layout: "single", fill: "cover" });
    expect(fb.ratio).toBeCloseTo(4 / 5);
    expect(previewMedia(previewRules("linkedin"), [img(3000, 1000)], 9).ratio).toBeCloseTo(1.91);
    expect(previewMedia(previewRules("linkedin"), Array.from({ length: 6 }, () => img()), 9)).toMatchObject({ layout: "grid", shown: [0, 1, 2, 3], more: 2, dropped: 0 });
    expect(previewMedia(previewRules("mastodon"), [img(1000, 3000)], 4).ratio).toBeCloseTo(16 / 9);
    expect(previewMedia(previewRules("facebook"), [], 10).layout).toBe("none");
  });

  it("places grid cells: two side by side, three with a tall first, four two by two", () => {
    expect([0, 1].map((i) => gridCell(i, 2))).toEqual([{ column: "1", row: "1 / span 2" }, { column: "2", row: "1 / span 2" }]);
    expect([0, 1, 2].map((i) => gridCell(i, 3))).toEqual([{ column: "1", row: "1 / span 2" }, { column: "2", row: "1" }, { column: "2", row: "2" }]);
    expect(gridCell(3, 4)).toEqual({ column: "2", row: "2" });
  });
});

describe("links", () => {
  const link = "https://www.crumb.example/menu/spring?utm=x";

  it("X, Bluesky, Mastodon, LinkedIn, Facebook and Threads show a card with the domain and path when the post has no media", () => {
    for (const p of ["twitter", "bluesky", "mastodon", "linkedin", "facebook", "threads"]) {
      const pv = postPreview(account(p), { text: "Spring menu", link, media: [], thread: [] });
      expect(pv.link, p).toEqual({ kind: "card", url: link, domain: "crumb.example", path: "/menu/spring?utm=x" });
    }
    // With a picture the network shows the picture, not the card.
    expect(postPreview(account("twitter"), { text: "Spring menu", link, media: [{ isVideo: false }], thread: [] }).link).toBeNull();
  });

  it("Instagram shows no card and says its captions' links are not clickable", () => {
    const pv = postPreview(account("instagram"), { text: "Spring menu", link, media: [{ isVideo: false }], thread: [] });
    expect(pv.link).toMatchObject({ kind: "plain", url: link });
    expect(pv.link && "note" in pv.link ? pv.link.note : "").toMatch(/no clickable links/);
    // The adapter puts the link into the caption.
    expect(pv.text.shown + pv.text.rest).toBe(`Spring menu\n\n${link}`);
  });

  it("puts the link into the text where the spec says so, and only there", () => {
    expect(postPreview(account("linkedin"), { text: "Spring menu", link, media: [], thread: [] }).text.shown).toBe(`Spring menu\n\n${link}`);
    expect(postPreview(account("bluesky"), { text: "Spring menu", link, media: [], thread: [] }).text.shown).toBe("Spring menu");
    expect(postPreview(account("facebook"), { text: "Spring menu", link, media: [], thread: [] }).text.shown).toBe("Spring menu");
  });

  it("a Reddit link post is its title and the link card, without the body", () => {
    const pv = postPreview(account("reddit"), { text: "Body text", link, media: [], thread: [] });
    expect(pv.text.shown).toBe("");
    expect(pv.link).toMatchObject({ kind: "card", domain: "crumb.example" });
    expect(pv.notes[0]).toMatch(/text is not posted/);
  });

  it("no card for what is not an http(s) URL", () => {
    expect(linkParts("ftp://x.example/a")).toBeNull();
    expect(linkParts("not a url")).toBeNull();
    expect(previewLink(previewRules("twitter"), "X", "javascript:alert(1)", false)).toBeNull();
  });
});

describe("threads", () => {
  it("numbers the parts on networks with threads, and drops them elsewhere", () => {
    const input = { text: "One", link: "", media: [], thread: ["Two", " ", "Three"] };
    const x = postPreview(account("twitter"), input);
    expect(x.firstLabel).toBe("1/3");
    expect(x.parts.map((p) => [p.label, p.text.shown])).toEqual([["2/3", "Two"], ["3/3", "Three"]]);
    const li = postPreview(account("linkedin"), input);
    expect(li.firstLabel).toBeNull();
    expect(li.parts).toEqual([]);
  });
});
