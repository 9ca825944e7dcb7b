// The composer's reducer (app/dashboard/compose/composer-state.ts): what each action does to the
// draft, the edges (a draft with no posts, a full thread, an override tab with an error), and the
// API config and field errors built from the state.
import { describe, expect, it } from "vitest";
import {
  activeTabOf,
  chosenOf,
  configOf,
  initialState,
  MAX_THREAD_PARTS,
  placeErrors,
  redditBlockers,
  reducer,
  tagsOf,
  tiktokBlockers,
  type ComposerAccount,
  type ComposerAction,
  type ComposerState,
} from "@/app/dashboard/compose/composer-state";
import { account } from "../support/composer";

const X1 = account("x1", "twitter");
const X2 = account("x2", "twitter");
const B1 = account("b1", "bluesky");
const R1 = account("r1", "reddit");
const Y1 = account("y1", "youtube");
const T1 = account("t1", "tiktok");
const W1 = account("w1", "whatsapp");

const start = (accounts: ComposerAccount[] = [X1, X2, B1]) => initialState({ accounts, today: "2026-05-04", defaultTime: "10:00" });
const run = (state: ComposerState, ...actions: ComposerAction[]) => actions.reduce(reducer, state);

describe("initial state", () => {
  it("chooses the only account, and none of several", () => {
    expect(start([B1]).selected).toEqual(["b1"]);
    expect(start().selected).toEqual([]);
    expect(start().schedule).toMatchObject({ date: "2026-05-04", time: "10:00", repeat: "none" });
  });
});

describe("reducer", () => {
  it("toggles accounts on and off, keeping the order they were chosen in", () => {
    const s = run(start(), { type: "toggleAccount", id: "b1" }, { type: "toggleAccount", id: "x1" }, { type: "toggleAccount", id: "b1" }, { type: "toggleAccount", id: "x2" });
    expect(s.selected).toEqual(["x1", "x2"]);
  });

  it("sets and removes a platform's override without touching the others or the old state", () => {
    const before = run(start(), { type: "override", platform: "bluesky", text: "sky" });
    const after = run(before, { type: "override", platform: "twitter", text: "x" }, { type: "override", platform: "bluesky", text: undefined });
    expect(after.overrides).toEqual({ twitter: "x" });
    expect(before.overrides).toEqual({ bluesky: "sky" });
  });

  it("fills the text from a draft: the first post is the main text, the others override only where they differ", () => {
    const s = run(
      start(),
      { type: "override", platform: "twitter", text: "old x" },
      { type: "override", platform: "mastodon", text: "old m" },
      { type: "draft", posts: [{ platform: "twitter", text: "hello" }, { platform: "bluesky", text: "hi sky" }, { platform: "mastodon", text: "hello" }] },
    );
    expect(s.content).toBe("hello");
    expect(s.overrides).toEqual({ bluesky: "hi sky" });
  });

  it("leaves the state as it is for a draft without posts", () => {
    const s = run(start(), { type: "content", text: "mine" });
    expect(reducer(s, { type: "draft", posts: [] })).toBe(s);
  });

  it("keeps Reddit's fields apart from the text: r/ stripped from the subreddit, the flair dropped when the subreddit changes", () => {
    const s = run(start(), { type: "content", text: "body" }, { type: "reddit", patch: { subreddit: " r/Breadit" } }, { type: "reddit", patch: { title: "Title", flairId: "f1" } });
    expect(s.reddit).toEqual({ subreddit: "Breadit", title: "Title", flairId: "f1", nsfw: false, spoiler: false });
    expect(s.content).toBe("body");
    expect(s.overrides).toEqual({});
    expect(run(s, { type: "reddit", patch: { subreddit: "/r/breadit" } }).reddit.flairId).toBe("f1");
    expect(run(s, { type: "reddit", patch: { subreddit: "Sourdough" } }).reddit).toMatchObject({ subreddit: "Sourdough", title: "Title", flairId: "" });
  });

  it("adds, edits and removes thread parts, and adds none past the limit", () => {
    let s = run(start(), { type: "addPart" }, { type: "addPart" }, { type: "part", index: 1, text: "second" }, { type: "removePart", index: 0 });
    expect(s.thread).toEqual(["second"]);
    for (let i = 0; i < MAX_THREAD_PARTS + 3; i++) s = reducer(s, { type: "addPart" });
    expect(s.thread).toHaveLength(MAX_THREAD_PARTS);
    expect(s.thread[0]).toBe("second");
  });

  it("chooses a campaign and back to none; a campaign error goes once another is chosen", () => {
    const s = run(start(), { type: "campaign", id: "c1" });
    expect(s.campaignId).toBe("c1");
    expect(run(s, { type: "campaign", id: "" }).campaignId).toBe("");
    const failed = run(s, { type: "failed", errors: { campaignId: "Campaign not found.", content: "Write something." }, alert: "No." });
    expect(run(failed, { type: "campaign", id: "c2" }).errors).toEqual({ content: "Write something." });
  });

  it("patches the schedule and applies media updates to the latest list", () => {
    const s = run(start(), { type: "schedule", patch: { time: "18:30", repeat: "weekly" } }, { type: "media", update: (m) => [...m, { key: "a", name: "a.png", preview: "blob:a", isVideo: false, progress: 1, state: "done", altText: "" }] });
    expect(s.schedule).toMatchObject({ date: "2026-05-04", time: "18:30", repeat: "weekly" });
    expect(reducer(s, { type: "media", update: (m) => m.map((x) => ({ ...x, altText: "alt" })) }).media.map((m) => m.altText)).toEqual(["alt"]);
  });

  it("on a refusal shows the errors and the alert, and switches to the tab of an override with an error", () => {
    const s = run(start(), { type: "tab", tab: "bluesky" }, { type: "failed", errors: { content: "Empty.", "config.overrides.twitter": "Too long." }, alert: "Refused" });
    expect(s.tab).toBe("twitter");
    expect(s.alert).toEqual({ tone: "error", node: "Refused" });
    expect(run(s, { type: "failed", errors: { link: "Bad." }, alert: "again" }).tab).toBe("twitter");
    expect(run(s, { type: "reset" })).toMatchObject({ errors: {}, alert: null, tab: "twitter" });
  });
});

describe("what the composer derives from the state", () => {
  it("one account per platform, and back to All platforms when the tab's platform is no longer chosen", () => {
    const { chosen, platforms } = chosenOf([X1, X2, B1], ["b1", "x2", "x1"]);
    expect(chosen.map((a) => a.id)).toEqual(["x1", "x2", "b1"]);
    expect(platforms.map((a) => a.id)).toEqual(["x1", "b1"]);
    expect(activeTabOf("bluesky", platforms)).toBe("bluesky");
    expect(activeTabOf("bluesky", chosenOf([X1, B1], ["x1"]).platforms)).toBe("all");
  });

  it("sends only what is filled in, and overrides only for chosen platforms", () => {
    const s = run(start(), { type: "override", platform: "twitter", text: "x" }, { type: "override", platform: "bluesky", text: "b" }, { type: "link", link: "  https://example.org  " }, { type: "addPart" }, { type: "firstComment", text: "   " });
    expect(configOf(s, [X1])).toEqual({ overrides: { twitter: "x" }, link: "https://example.org" });
    expect(configOf(start(), [])).toEqual({});
  });

  it("adds config.reddit only while a Reddit account is chosen, with only what is filled in", () => {
    const s = run(start(), { type: "content", text: "body" }, { type: "reddit", patch: { subreddit: "r/Breadit", title: "  Fresh rolls  ", nsfw: true } });
    expect(configOf(s, [R1, B1])).toEqual({ reddit: { subreddit: "Breadit", title: "Fresh rolls", nsfw: true } });
    expect(configOf(s, [B1])).toEqual({});
    // Nothing typed yet: no config.reddit, and the server names both missing fields.
    expect(configOf(start(), [R1])).toEqual({});
    expect(configOf(run(start(), { type: "reddit", patch: { title: "Only a title", spoiler: true } }), [R1])).toEqual({ reddit: { title: "Only a title", spoiler: true } });
  });

  it("adds config.youtube only while a YouTube account is chosen: privacy and made-for-kids always declared, the rest when filled in", () => {
    expect(configOf(start(), [Y1])).toEqual({ youtube: { privacy: "public", madeForKids: false } });
    const s = run(start(), { type: "youtube", patch: { title: "  Sourdough in 60 s  ", privacy: "unlisted", categoryId: "26", tags: " bread, ,sourdough ", madeForKids: true, shorts: true } });
    expect(configOf(s, [Y1, B1])).toEqual({
      youtube: { title: "Sourdough in 60 s", privacy: "unlisted", categoryId: "26", tags: ["bread", "sourdough"], madeForKids: true, shorts: true },
    });
    expect(configOf(s, [B1, R1])).toEqual({});
    expect(tagsOf(" a ,b,, c ")).toEqual(["a", "b", "c"]);
  });

  it("adds config.tiktok only while a TikTok account is chosen, with no privacy until one is chosen and only the flags that are on", () => {
    expect(start().tiktok).toMatchObject({ privacy: "", allowComments: false, allowDuet: false, allowStitch: false, disclose: false });
    expect(configOf(start(), [T1])).toEqual({});
    const s = run(start(), { type: "tiktok", patch: { privacy: "FOLLOWER_OF_CREATOR", allowDuet: true } });
    expect(configOf(s, [T1, Y1])).toEqual({ tiktok: { privacy: "FOLLOWER_OF_CREATOR", allowDuet: true }, youtube: { privacy: "public", madeForKids: false } });
    expect(configOf(s, [X1])).toEqual({});
    // The disclosure's kinds count only while it is on.
    const branded = run(s, { type: "tiktok", patch: { disclose: true } }, { type: "tiktok", patch: { brandContent: true, brandOrganic: true } });
    expect(configOf(branded, [T1]).tiktok).toEqual({ privacy: "FOLLOWER_OF_CREATOR", allowDuet: true, brandContent: true, brandOrganic: true });
    const off = run(branded, { type: "tiktok", patch: { disclose: false } });
    expect(off.tiktok).toMatchObject({ brandContent: false, brandOrganic: false });
    expect(configOf(off, [T1]).tiktok).toEqual({ privacy: "FOLLOWER_OF_CREATOR", allowDuet: true });
  });

  it("adds config.whatsapp only while a WhatsApp account is chosen: the lists when chosen, the template once it has a name", () => {
    expect(start().whatsapp).toEqual({ listIds: [], templateName: "", templateLanguage: "", templateParams: [] });
    // Nothing chosen: no config.whatsapp, and the server names the missing list.
    expect(configOf(start(), [W1])).toEqual({});
    const s = run(start(), { type: "whatsapp", patch: { listIds: ["l1", "l2"] } });
    expect(configOf(s, [W1, B1])).toEqual({ whatsapp: { listIds: ["l1", "l2"] } });
    expect(configOf(s, [B1])).toEqual({});
    const t = run(s, { type: "whatsapp", patch: { templateName: " weekly_offer ", templateLanguage: "en_GB", templateParams: [" Sam ", ""] } });
    expect(configOf(t, [W1]).whatsapp).toEqual({ listIds: ["l1", "l2"], template: { name: "weekly_offer", language: "en_GB", params: ["Sam", ""] } });
    // A name without a language goes as typed: the server says the language is missing.
    expect(configOf(run(start(), { type: "whatsapp", patch: { templateName: "hello" } }), [W1]).whatsapp).toEqual({ template: { name: "hello", language: "" } });
  });

  it("drops a WhatsApp field's errors once that field is changed", () => {
    const errors = {
      "config.whatsapp.listIds": "Choose a recipient list.",
      "config.whatsapp.template.language": "The template's language code, e.g. en_US.",
      "config.whatsapp.template.params.1": "A template value cannot be empty.",
    };
    const s = run(start(), { type: "errors", errors });
    expect(Object.keys(run(s, { type: "whatsapp", patch: { listIds: ["l1"] } }).errors)).toEqual(["config.whatsapp.template.language", "config.whatsapp.template.params.1"]);
    expect(Object.keys(run(s, { type: "whatsapp", patch: { templateParams: ["a", "b"] } }).errors)).toEqual(["config.whatsapp.listIds", "config.whatsapp.template.language"]);
    expect(run(s, { type: "whatsapp", patch: { templateName: "x" } }).errors).toBe(s.errors);
  });

  it("drops a YouTube or TikTok field's error once that field is changed, and only that one", () => {
    const errors = { "config.youtube.title": "A YouTube video needs a title.", "config.tiktok.privacy": "Choose.", content: "Empty." };
    const s = run(start(), { type: "errors", errors });
    expect(run(s, { type: "youtube", patch: { title: "T" } }).errors).toEqual({ "config.tiktok.privacy": "Choose.", content: "Empty." });
    expect(run(s, { type: "tiktok", patch: { privacy: "SELF_ONLY" } }).errors).toEqual({ "config.youtube.title": "A YouTube video needs a title.", content: "Empty." });
    expect(run(s, { type: "tiktok", patch: { allowDuet: true } }).errors).toBe(s.errors);
  });

  it("takes Only me away when the post becomes branded content, and holds back a disclosure that says nothing", () => {
    const s = run(start(), { type: "tiktok", patch: { privacy: "SELF_ONLY", disclose: true } });
    expect(tiktokBlockers(s.tiktok)).toEqual({ "config.tiktok.brandOrganic": expect.stringMatching(/your brand, branded content or both/) });
    expect(tiktokBlockers(run(s, { type: "tiktok", patch: { brandOrganic: true } }).tiktok)).toEqual({});
    expect(run(s, { type: "tiktok", patch: { brandOrganic: true } }).tiktok.privacy).toBe("SELF_ONLY");
    const branded = run(s, { type: "tiktok", patch: { brandContent: true } });
    expect(branded.tiktok.privacy).toBe("");
    expect(tiktokBlockers(branded.tiktok)).toEqual({});
    expect(tiktokBlockers(start().tiktok)).toEqual({});
  });

  it("marks what the subreddit's rules refuse, and nothing for a simulated account", () => {
    const rules = { simulated: false, name: "Breadit", exists: true, linkPostsAllowed: true, selfPostsAllowed: true, flairRequired: false, flairs: [] };
    const text = { link: "", media: 0 };
    expect(redditBlockers(undefined, { flairId: "" }, text)).toEqual({});
    expect(redditBlockers(rules, { flairId: "" }, text)).toEqual({});
    expect(redditBlockers({ ...rules, exists: false, problem: "r/Breadit does not exist." }, { flairId: "" }, text)).toEqual({ "config.reddit.subreddit": "r/Breadit does not exist." });
    expect(redditBlockers({ ...rules, linkPostsAllowed: false }, { flairId: "" }, { link: "https://example.org", media: 0 })).toEqual({
      "config.link": "Link posts are not allowed in r/Breadit: leave the link out, or put it into the text.",
    });
    expect(redditBlockers({ ...rules, selfPostsAllowed: false }, { flairId: "" }, text)).toEqual({ "config.reddit.subreddit": "Text posts are not allowed in r/Breadit: add a link or an image." });
    const flair = { ...rules, flairRequired: true, flairs: [{ id: "f1", text: "Homemade" }] };
    expect(redditBlockers(flair, { flairId: "" }, text)).toEqual({ "config.reddit.flairId": "This subreddit requires a flair: choose one." });
    expect(redditBlockers(flair, { flairId: "f1" }, text)).toEqual({});
    expect(redditBlockers({ ...rules, exists: false, simulated: true }, { flairId: "" }, text)).toEqual({});
  });

  it("places the server's field errors at the composer's fields and lists the rest", () => {
    const { errors, unplaced } = placeErrors([
      { path: "config.thread.3", message: "Part 5 is too long." },
      { path: "config.thread.4.text", message: "Part 6 is empty." },
      { path: "config.overrides.twitter", message: "twitter: Too long." },
      { path: "config.reddit.title", message: "reddit: A Reddit post needs a title." },
      { path: "config.reddit.flairText", message: "flairText sets the text of a flair template: give flairId too." },
      { path: "config.youtube.title", message: "youtube: A YouTube video needs a title." },
      { path: "config.tiktok.privacy", message: "tiktok: A TikTok post needs who may see it." },
      { path: "config.whatsapp.listIds", message: "whatsapp: Choose a recipient list (or recipients) for the WhatsApp message." },
      { path: "config.whatsapp.template.params.0", message: "A template value cannot be empty." },
      { path: "config.whatsapp.document", message: "whatsapp: A WhatsApp message carries one attachment." },
      { path: "idempotencyKey", message: "Too short." },
    ]);
    expect(errors).toEqual({
      "config.thread": "Part 5 is too long. Part 6 is empty.",
      "config.overrides.twitter": "Too long.",
      "config.reddit.title": "A Reddit post needs a title.",
      "config.reddit.flairText": "flairText sets the text of a flair template: give flairId too.",
      "config.youtube.title": "A YouTube video needs a title.",
      "config.tiktok.privacy": "A TikTok post needs who may see it.",
      "config.whatsapp.listIds": "Choose a recipient list (or recipients) for the WhatsApp message.",
      "config.whatsapp.template.params.0": "A template value cannot be empty.",
      "config.whatsapp.document": "A WhatsApp message carries one attachment.",
      idempotencyKey: "Too short.",
    });
    // The composer has no flairText or WhatsApp document field: those go into the alert.
    expect(unplaced).toEqual(["flairText sets the text of a flair template: give flairId too.", "whatsapp: A WhatsApp message carries one attachment.", "Too short."]);
  });
});
