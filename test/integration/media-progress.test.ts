// POST /api/media with `Accept: application/x-ndjson` (lib/media/progress.ts): progress lines while
// a video is checked, converted and stored, then the same body the plain answer has, with its
// status; errors found while working arrive as that last line, and a malformed request is still
// refused plainly before any line is sent.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as mediaRoute from "@/app/api/media/route";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { hevcMov } from "../support/mp4";
import { workspaceWithKey } from "../support/factories";

const MEDIA_DIR = mkdtempSync(path.join(tmpdir(), "herald-media-progress-"));
Object.assign(process.env, { MEDIA_DIR, UPLOAD_MAX_BYTES: String(2_000_000), PUBLIC_BASE_URL: "https://herald.test" });
delete process.env.SUPABASE_URL;
delete process.env.SUPABASE_SERVICE_ROLE_KEY;
resetEnvCache();
afterAll(() => rmSync(MEDIA_DIR, { recursive: true, force: true }));

/** 3 s of HEVC in .mov at 320×240, 25 fps: no network takes it as it is. */
const phoneVideo = () => hevcMov("320x240", 3, 25);

function upload(key: string, file: Buffer | null, accept = "application/x-ndjson", filename = "phone.mov") {
  const form = new FormData();
  if (file) form.append("file", new Blob([new Uint8Array(file)], { type: "video/quicktime" }), filename);
  return new Request("http://localhost/api/media", { method: "POST", headers: { authorization: `Bearer ${key}`, accept }, body: form });
}

async function lines(res: Response): Promise<Record<string, unknown>[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
  const text = await res.text();
  expect(text.endsWith("\n")).toBe(true);
  return text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("POST /api/media with progress lines", () => {
  it("reports checking, converting (rising percents), the poster and saving, then the created video with status 201", async () => {
    const { key, workspace } = await workspaceWithKey();
    const all = await lines(await mediaRoute.POST(upload(key, phoneVideo())));
    const progress = all.slice(0, -1).map((l) => l.progress as { stage: string; percent?: number });
    expect(all.slice(0, -1).every((l) => Object.keys(l).join() === "progress")).toBe(true);

    const stages = progress.map((p) => p.stage).filter((s, i, a) => s !== a[i - 1]);
    expect(stages).toEqual(["checking", "converting", "poster", "saving"]);
    const percents = progress.filter((p) => p.stage === "converting").map((p) => p.percent!);
    expect(percents.length).toBeGreaterThanOrEqual(1);
    expect(percents.every((p, i) => p >= 0 && p <= 99 && (i === 0 || p > percents[i - 1]))).toBe(true);

    const last = all.at(-1) as { status: number; success: boolean; media: { id: string; kind: string; videoCodec: string; processing: { action: string; from: string } } };
    expect(last).toMatchObject({ status: 201, success: true, media: { kind: "video", videoCodec: "h264", processing: { action: "transcoded", from: "HEVC video in QuickTime (.mov)" } } });
    const row = await db().mediaAsset.findUniqueOrThrow({ where: { id: last.media.id } });
    expect(row).toMatchObject({ workspaceId: workspace.id, videoCodec: "h264", durationMs: expect.any(Number) });
  });

  it("sends a video that is refused while being worked on as the last line, with its 400 and message, and stores nothing", async () => {
    const { key, workspace } = await workspaceWithKey();
    const video = phoneVideo();
    const broken = Buffer.concat([video.subarray(0, 64), Buffer.alloc(video.length - 64, 0)]);
    const all = await lines(await mediaRoute.POST(upload(key, broken)));
    expect(all.at(-1)).toMatchObject({ status: 400, success: false, error: { code: "validation_failed", message: expect.any(String) } });
    expect(JSON.stringify(all)).not.toMatch(/at .*\.ts:\d+|stack/i);
    expect(await db().mediaAsset.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("refuses a malformed request plainly, before any line", async () => {
    const { key } = await workspaceWithKey();
    const res = await mediaRoute.POST(upload(key, null));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ success: false, error: { fields: [{ path: "file" }] } });
  });

  it("answers as before without the Accept header: one JSON body with 201", async () => {
    const { key } = await workspaceWithKey();
    const res = await mediaRoute.POST(upload(key, phoneVideo(), "application/json"));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ success: true, media: { kind: "video", processing: { action: "transcoded" } } });
  });
});
