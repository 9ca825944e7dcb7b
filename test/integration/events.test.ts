// Live updates over Server-Sent Events: scoped to the workspace, resumable, self-ending.
import { describe, expect, it } from "vitest";
import * as clientConfig from "../../app/api/client-config/route";
import * as events from "../../app/api/events/route";
import { db } from "../../lib/db";
import { eventStream } from "../../lib/events";
import { scheduleTask } from "../../lib/posting/schedule";
import { ScheduleTaskInput } from "../../lib/validation/tasks";
import { req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";

interface Frame {
  id?: string;
  event?: string;
  data?: unknown;
}

/** Reads a whole stream (it ends by itself) and parses its frames. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ text: string; frames: Frame[] }> {
  const text = await new Response(stream).text();
  const frames = text
    .split("\n\n")
    .map((block) => {
      const f: Frame = {};
      for (const line of block.split("\n")) {
        if (line.startsWith("id: ")) f.id = line.slice(4);
        if (line.startsWith("event: ")) f.event = line.slice(7);
        if (line.startsWith("data: ")) f.data = JSON.parse(line.slice(6));
      }
      return f;
    })
    .filter((f) => f.id);
  return { text, frames };
}

describe("GET /api/events", () => {
  it("streams a published post's updates for its own workspace only, resumes after Last-Event-ID, and ends by itself", async () => {
    const { workspace } = await workspaceWithKey();
    const other = await workspaceWithKey("Other");
    const acct = await simulatedAccount(workspace.id, "bluesky");
    await scheduleTask(db(), workspace.id, ScheduleTaskInput.parse({ accountId: acct.id, content: "live!" }));
    await scheduleTask(db(), other.workspace.id, ScheduleTaskInput.parse({ platform: "bluesky", content: "not yours" }));

    // Open the stream, then let the cron publish while it is open.
    const started = Date.now();
    const stream = eventStream(db(), workspace.id, { after: null, pollMs: 100, maxMs: 1500, retryMs: 1000 });
    const reading = readAll(stream);
    await new Promise((r) => setTimeout(r, 200));
    await runProcessor({ workspaceId: workspace.id });
    const { text, frames } = await reading;
    expect(Date.now() - started).toBeLessThan(4000);
    expect(text.startsWith("retry: 1000\n")).toBe(true);
    // Only what happened after connecting, only this workspace.
    expect(frames.map((f) => f.event)).toEqual(["task:updated", "post:updated"]);
    expect(frames[0].data).toMatchObject({ status: "completed", platform: "bluesky" });
    expect(frames[1].data).toMatchObject({ status: "published" });
    expect(JSON.stringify(frames)).not.toContain("not yours");

    // A reconnect with Last-Event-ID gets what it missed, and nothing twice.
    const firstId = BigInt(frames[0].id!);
    const resumed = await readAll(eventStream(db(), workspace.id, { after: firstId, pollMs: 100, maxMs: 300, retryMs: 1000 }));
    expect(resumed.frames.map((f) => f.id)).toEqual([frames[1].id]);
  });

  it("needs a key and answers as an event stream", async () => {
    expect((await events.GET(req("GET", "/api/events"))).status).toBe(401);
    const { key } = await workspaceWithKey();
    const abort = new AbortController();
    const res = await events.GET(new Request("http://localhost/api/events", { headers: { authorization: `Bearer ${key}` }, signal: abort.signal }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("retry: 1000");
    abort.abort();
    await reader.cancel();
  });

  it("hands the browser its polling settings", async () => {
    const { key } = await workspaceWithKey();
    const res = await clientConfig.GET(req("GET", "/api/client-config", { key }));
    expect(await res.json()).toMatchObject({
      success: true,
      config: { events: { url: "/api/events", pollMs: 2000, streamMaxS: 50 }, polling: { activeMs: 15000 } },
    });
  });
});
