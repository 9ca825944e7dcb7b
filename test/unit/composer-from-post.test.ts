// A saved post as the composer's starting state (app/dashboard/compose/from-post.ts), and the form
// emptying once a post is scheduled (the "sent" action), so a second click cannot send it twice,
// and a field's error going as soon as one types there.
import { describe, expect, it } from "vitest";
import { configOf, initialState, reducer } from "@/app/dashboard/compose/composer-state";
import { account } from "../support/composer";
import { seededState, type ComposerSeed } from "@/app/dashboard/compose/from-post";

const accounts = [account("b1", "bluesky"), account("y1", "youtube"), account("t1", "tiktok")];
const base = () => initialState({ accounts, today: "2026-05-04", defaultTime: "10:00" });

const seed: ComposerSeed = {
  postId: "p1",
  mode: "edit",
  content: "Rye loaves are back",
  accountIds: ["b1", "y1", "t1", "gone"],
  overrides: { bluesky: "Rye is back 🍞" },
  scheduledAt: "2026-05-06T07:30:00.000Z",
  campaignId: "c1",
  config: {
    link: "https://bakery.example/rye",
    media: [{ url: "https://cdn.example/media/rye%20loaf.mp4", type: "video", sizeBytes: 900, altText: "A loaf", durationMs: 4000, posterUrl: "https://cdn.example/media/rye.jpg" }],
    thread: ["Part two"],
    youtube: { title: "Rye", privacy: "unlisted", tags: ["bread", "rye"], madeForKids: false, shorts: true },
    tiktok: { privacy: "PUBLIC_TO_EVERYONE", allowComments: true, brandOrganic: true },
  },
};

describe("seededState", () => {
  it("fills every field the composer shows from the saved post, in the workspace's zone", () => {
    const s = seededState(base(), seed, accounts, "Europe/Berlin");
    expect(s.selected).toEqual(["b1", "y1", "t1"]);
    expect(s.content).toBe("Rye loaves are back");
    expect(s.overrides).toEqual({ bluesky: "Rye is back 🍞" });
    expect(s.link).toBe("https://bakery.example/rye");
    expect(s.thread).toEqual(["Part two"]);
    expect(s.schedule).toMatchObject({ date: "2026-05-06", time: "09:30", repeat: "none" });
    expect(s.youtube).toMatchObject({ title: "Rye", privacy: "unlisted", tags: "bread, rye", shorts: true });
    expect(s.tiktok).toMatchObject({ privacy: "PUBLIC_TO_EVERYONE", allowComments: true, disclose: true, brandOrganic: true, brandContent: false });
    expect(s.media).toHaveLength(1);
    expect(s.media[0]).toMatchObject({ name: "rye loaf.mp4", isVideo: true, state: "done", preview: "https://cdn.example/media/rye.jpg", altText: "A loaf" });
    expect(s.campaignId).toBe("c1");
  });

  it("starts a post without a campaign at No campaign, and a new one in the campaign it was opened for", () => {
    expect(seededState(base(), { ...seed, campaignId: null }, accounts, "UTC").campaignId).toBe("");
    expect(base().campaignId).toBe("");
    expect(initialState({ accounts, today: "2026-05-04", defaultTime: "10:00", campaignId: "c2" }).campaignId).toBe("c2");
  });

  it("sends back what it was given: the config of the seeded state is the saved one", () => {
    const s = seededState(base(), seed, accounts, "UTC");
    const platforms = accounts;
    const config = configOf(s, platforms);
    expect(config.link).toBe("https://bakery.example/rye");
    expect(config.media).toEqual([{ url: "https://cdn.example/media/rye%20loaf.mp4", type: "video", sizeBytes: 900, altText: "A loaf" }]);
    expect(config.youtube).toEqual({ title: "Rye", privacy: "unlisted", tags: ["bread", "rye"], madeForKids: false, shorts: true });
    expect(config.tiktok).toEqual({ privacy: "PUBLIC_TO_EVERYONE", allowComments: true, brandOrganic: true });
    expect(config.overrides).toEqual({ bluesky: "Rye is back 🍞" });
  });

  it("keeps the default time for a post without one, and reads a brief as the agent's", () => {
    const s = seededState(base(), { ...seed, scheduledAt: null, content: "", config: { brief: "Rye is back, friendly" } }, accounts, "UTC");
    expect(s.schedule).toMatchObject({ date: "2026-05-04", time: "10:00" });
    expect(s.agentBrief).toBe("Rye is back, friendly");
  });
});

describe("sent", () => {
  it("empties the post but keeps the accounts, the time, the campaign and the alert", () => {
    const s = seededState(base(), seed, accounts, "UTC");
    const alert = { tone: "success" as const, node: "Scheduled." };
    const after = reducer(reducer(s, { type: "alert", alert }), { type: "sent" });
    expect(after.content).toBe("");
    expect(after.overrides).toEqual({});
    expect(after.media).toEqual([]);
    expect(after.link).toBe("");
    expect(after.selected).toEqual(s.selected);
    expect(after.schedule).toEqual(s.schedule);
    expect(after.campaignId).toBe("c1");
    expect(after.alert).toBe(alert);
  });
});

describe("errors at the text", () => {
  it("go as soon as the text or that platform's override changes, and only those", () => {
    const failed = reducer(base(), { type: "failed", errors: { content: "Write something.", "config.overrides.bluesky": "Too long.", "config.link": "Bad link." }, alert: "No." });
    const typed = reducer(failed, { type: "content", text: "Rye" });
    expect(typed.errors).toEqual({ "config.overrides.bluesky": "Too long.", "config.link": "Bad link." });
    const shorter = reducer(typed, { type: "override", platform: "bluesky", text: "Rye!" });
    expect(shorter.errors).toEqual({ "config.link": "Bad link." });
    // No error to drop: the same object (React skips the re-render of what reads it).
    expect(reducer(shorter, { type: "content", text: "Rye bread" }).errors).toBe(shorter.errors);
  });
});
