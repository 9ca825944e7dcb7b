// Uploading a video that needs converting, in chromium: the media picker asks for progress lines
// (lib/media/progress.ts) and shows the server's stages after the bytes are sent — checking,
// converting with a percent, the preview frame, saving — then says what it was converted from.
// A video the server refuses while working on it shows the server's reason beside the file. At
// 375 px nothing scrolls sideways, and axe-core finds no WCAG 2 A/AA violation. And the production
// build traces the bundled ffmpeg binary into the upload route, which is what Vercel ships with it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api, axe, scrollsSideways, shot, signUpWithWorkspace, startApp } from "./support/harness";
import { hevcMov } from "../support/mp4";

const app = startApp();

/** 4 s of HEVC in .mov at 640×480, 30 fps: converted on upload. */
const phoneVideo = () => hevcMov("640x480", 4, 30);

const SERVER_STAGES = /^(Processing…|Checking the video…|Converting to a video every network takes… \d+ %|Making the preview frame…|Saving…)$/;

/** Records every status line the media list shows, as it changes. */
async function recordStatuses(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __statuses: string[] }).__statuses = seen;
    new MutationObserver(() => {
      for (const p of document.querySelectorAll("fieldset li p")) {
        const t = p.textContent ?? "";
        if (t && seen.at(-1) !== t && !seen.includes(t)) seen.push(t);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
}

describe("uploading a video that needs converting", () => {
  it("ships ffmpeg with the upload route: next build traces the platform's binary into /api/media", () => {
    // startApp's beforeAll has built the app; Vercel packs each function from these trace files.
    const trace = path.join(process.cwd(), ".next/server/app/api/media/route.js.nft.json");
    expect(existsSync(trace), trace).toBe(true);
    const files = (JSON.parse(readFileSync(trace, "utf8")) as { files: string[] }).files.map((f) => path.resolve(path.dirname(trace), f));
    const rel = files.map((f) => path.relative(process.cwd(), f));
    expect(rel).toContain("node_modules/@ffmpeg-installer/linux-x64/ffmpeg");
    expect(rel).toContain("node_modules/@ffmpeg-installer/ffmpeg/index.js");
  });

  it("shows the server's stages, then what it was converted from; a refused video shows why beside it", { timeout: 180_000 }, async () => {
    const page = await app.newPage({ timezoneId: "UTC" });
    await signUpWithWorkspace(page, { name: "Pia Phone", email: "pia@example.com", workspace: "Pia's Pies" });
    const account = await api(page, "POST", "/api/accounts", { platform: "youtube", handle: "piaspies" });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/dashboard/compose");
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const statuses = await recordStatuses(page);

    const video = phoneVideo();
    await page.getByLabel("Choose images or videos").setInputFiles({ name: "phone.mov", mimeType: "video/quicktime", buffer: video });
    await page.getByText("phone.mov uploaded.").waitFor({ timeout: 60_000 });
    await page.getByText("Uploaded ✓ Converted from HEVC video in QuickTime (.mov) to H.264 MP4.").waitFor();
    const seen = await statuses();
    // Lines that arrive together show only the newest, so not every stage need appear; those that
    // do come in their order, and the result comes last.
    const order = ["Processing…", "Checking", "Converting", "Making the preview", "Saving…"];
    const stages = seen.filter((s) => SERVER_STAGES.test(s)).map((s) => order.findIndex((o) => s.startsWith(o)));
    expect(stages.length, seen.join(" | ")).toBeGreaterThanOrEqual(1);
    expect(stages, seen.join(" | ")).toEqual([...stages].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatch(/^Uploaded ✓/);

    // The same file with its frames wiped: the server refuses it while converting, and says so here.
    const broken = Buffer.concat([video.subarray(0, 64), Buffer.alloc(video.length - 64, 0)]);
    await page.getByLabel("Choose images or videos").setInputFiles({ name: "wiped.mov", mimeType: "video/quicktime", buffer: broken });
    const item = page.locator("fieldset li").filter({ hasText: "wiped.mov" });
    await expect.poll(() => item.locator("p.text-red-700").textContent(), { timeout: 60_000 }).toMatch(/video|file/i);
    expect(await item.textContent()).not.toMatch(/HTTP 200|HTTP 502/);

    expect(await scrollsSideways(page)).toBe(false);
    expect(await axe(page)).toEqual([]);
    await shot(page, "media-progress-phone");
  });
});
