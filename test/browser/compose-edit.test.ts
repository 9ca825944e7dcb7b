// Changing what is planned from the composer (issue 14, item 1), in chromium on `next start`:
// - ?edit=<id> on a scheduled post opens it with its text, accounts and time; "Save changes" sends
//   one PATCH, the post changes (a network added, the time moved) and its history names who did it;
// - ?from=<id> copies a post into a new one, saved here as a draft;
// - ?edit=<draft> reopens the draft; publishing it makes one post and the draft is gone, and the
//   form is empty afterwards, so a second click cannot send the post twice;
// - a post already published opens as a copy, saying why it cannot be edited;
// - at 375 px nothing is wider than the phone;
// - an empty post is refused in the composer's words, in the focused alert, and the error at the
//   text goes as soon as one types.
import { describe, expect, it } from "vitest";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";

const app = startApp();

interface ApiPost {
  id: string;
  text: string;
  status: string;
  scheduledAt: string | null;
  targets: { platform: string }[];
}

describe("editing from the composer", () => {
  it("edits a scheduled post, copies it to a draft, publishes the reopened draft once, and opens a published post as a copy", { timeout: 240_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Ana Crumb", email: "ana@example.com", workspace: "Crumb & Co" });
    const x = await api(page, "POST", "/api/accounts", { platform: "twitter", handle: "crumbco" });
    const sky = await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "crumbco.bsky.social" });
    expect(x.status, JSON.stringify(x.body)).toBe(201);
    expect(sky.status, JSON.stringify(sky.body)).toBe(201);
    const xId = (x.body.account as { id: string }).id;

    const made = await api(page, "POST", "/api/agent/schedule", { accountIds: [xId], content: "Rye loaves on Friday", scheduledAt: "2099-05-04T09:00:00Z" });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const postId = made.body.postId as string;

    // Edit: text, one more network, a later time.
    await page.goto(`/dashboard/compose?edit=${postId}`);
    await page.getByRole("heading", { name: "Edit post" }).waitFor();
    const text = page.getByLabel("Post text for every platform");
    expect(await text.inputValue()).toBe("Rye loaves on Friday");
    const time = page.getByRole("textbox", { name: "Time", exact: true });
    expect(await time.inputValue()).toBe("09:00");
    // One post's time moves; its repeats are not edited here.
    expect(await page.getByRole("combobox", { name: "Repeat" }).count()).toBe(0);
    await text.fill("Rye loaves on Saturday");
    await page.getByRole("checkbox", { name: /Bluesky/ }).check();
    await time.fill("10:15");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Changes saved.").waitFor();
    expect(await axe(page)).toEqual([]);

    const edited = (await api(page, "GET", `/api/posts/${postId}`)).body.post as ApiPost;
    expect(edited.text).toBe("Rye loaves on Saturday");
    expect(edited.targets.map((t) => t.platform).sort()).toEqual(["bluesky", "twitter"]);
    expect(edited.scheduledAt).toBe("2099-05-04T10:15:00.000Z");
    const versions = (await api(page, "GET", `/api/posts/${postId}/versions`)).body.versions as { by: string; changes: Record<string, unknown> }[];
    expect(versions).toHaveLength(1);
    expect(versions[0].by).toBe("Ana Crumb");
    expect(Object.keys(versions[0].changes).sort()).toEqual(["accountIds", "content", "scheduledAt"]);

    // Copy it into a draft.
    await page.goto(`/dashboard/compose?from=${postId}`);
    await page.getByRole("heading", { name: "Copy of a post" }).waitFor();
    expect(await text.inputValue()).toBe("Rye loaves on Saturday");
    await text.fill("Rye loaves next week too");
    await page.getByRole("button", { name: "Save as draft" }).click();
    await page.getByText("Draft saved.").waitFor();
    const drafts = (await api(page, "GET", "/api/posts?status=draft")).body.posts as ApiPost[];
    expect(drafts.map((d) => d.text)).toEqual(["Rye loaves next week too"]);
    const draftId = drafts[0].id;

    // Reopen the draft and publish it: one post, no draft left, an empty form.
    await page.goto(`/dashboard/compose?edit=${draftId}`);
    await page.getByRole("heading", { name: "Continue draft" }).waitFor();
    expect(await text.inputValue()).toBe("Rye loaves next week too");
    await page.getByRole("button", { name: "Publish now" }).click();
    await page.getByText(/^Publishing now/).waitFor();
    expect(await text.inputValue()).toBe("");
    expect((await api(page, "GET", `/api/posts/${draftId}`)).status).toBe(404);
    const published = await app.until("the draft's post is published", 20_000, async () => {
      const list = (await api(page, "GET", "/api/posts?status=published")).body.posts as ApiPost[];
      return list.length > 0 ? list : undefined;
    });
    expect(published.map((p) => p.text)).toEqual(["Rye loaves next week too"]);
    expect(((await api(page, "GET", "/api/posts?status=draft")).body.posts as ApiPost[]).length).toBe(0);

    // A published post cannot change: it opens as a copy and says why.
    await page.goto(`/dashboard/compose?edit=${published[0].id}`);
    await page.getByRole("heading", { name: "Copy of a post" }).waitFor();
    await page.getByText(/can no longer be edited: This post is published/).waitFor();
    expect(await text.inputValue()).toBe("Rye loaves next week too");

    // A post that does not exist (or is another workspace's) says so.
    await page.goto("/dashboard/compose?edit=nope");
    await page.getByText("That post no longer exists").waitFor();

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`/dashboard/compose?edit=${postId}`);
    await page.getByRole("heading", { name: "Edit post" }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, "compose-edit-375");
  });

  it("says an empty post is empty in its own words, where the focus goes, and drops the error once one types", { timeout: 120_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Eli Empty", email: "eli@example.com", workspace: "Eli's Eclairs" });
    expect((await api(page, "POST", "/api/accounts", { platform: "bluesky", handle: "eli.bsky.social" })).status).toBe(201);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/dashboard/compose");
    await page.getByRole("heading", { name: "Compose" }).waitFor();
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    const message = "Write the post’s text, or add a photo or video, before scheduling it.";
    const alert = page.getByRole("alert").filter({ hasText: message });
    await alert.waitFor();
    // The alert has the focus, so it is on screen even after a click at the bottom of the form.
    expect(await alert.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await page.locator("main").textContent()).not.toContain("config.brief");
    const text = page.getByLabel("Post text for every platform");
    expect(await text.getAttribute("aria-invalid")).toBe("true");
    await text.fill("Éclairs at noon");
    expect(await text.getAttribute("aria-invalid")).toBeNull();
    expect(((await api(page, "GET", "/api/posts")).body.posts as unknown[]).length).toBe(0);
  });
});
