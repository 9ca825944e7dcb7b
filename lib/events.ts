// Live updates: the Event outbox (written in the same statement as every task change) streamed as
// Server-Sent Events per workspace. Serverless functions cannot hold a connection for long, so a
// stream ends itself before the function's limit and the browser's EventSource reconnects with
// Last-Event-ID, resuming exactly where it left off.
import type { Db } from "./db";

export interface StreamOptions {
  /** Resume after this event id (the Last-Event-ID header). */
  after: bigint | null;
  /** How often to look for new events. */
  pollMs: number;
  /** End the stream after this long (below the route's maxDuration). */
  maxMs: number;
  /** Reconnect delay the browser should use. */
  retryMs: number;
  signal?: AbortSignal;
}

const BATCH = 200;

export function parseEventId(raw: string | null | undefined): bigint | null {
  if (!raw || !/^\d{1,19}$/.test(raw.trim())) return null;
  return BigInt(raw.trim());
}

function frame(id: bigint, type: string, payload: unknown): string {
  // One `data:` line: JSON never contains a raw newline.
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export function eventStream(prisma: Db, workspaceId: string, opts: StreamOptions): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let cursor = opts.after;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const started = performance.now();
      const close = () => {
        if (closed) return;
        closed = true;
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      opts.signal?.addEventListener("abort", close, { once: true });
      controller.enqueue(enc.encode(`retry: ${opts.retryMs}\n: connected\n\n`));

      // Without a Last-Event-ID a new client starts from now, not from the outbox's history.
      if (cursor === null) {
        const last = await prisma.event.findFirst({ where: { workspaceId }, orderBy: { id: "desc" }, select: { id: true } });
        cursor = last?.id ?? BigInt(0);
      }

      const tick = async () => {
        if (closed) return;
        try {
          for (;;) {
            const rows = await prisma.event.findMany({
              where: { workspaceId, id: { gt: cursor! } },
              orderBy: { id: "asc" },
              take: BATCH,
              select: { id: true, type: true, payload: true, createdAt: true },
            });
            for (const r of rows) {
              controller.enqueue(enc.encode(frame(r.id, r.type, { ...(r.payload as object), at: r.createdAt })));
              cursor = r.id;
            }
            if (rows.length < BATCH) break;
          }
          // A comment keeps proxies from closing an idle stream.
          controller.enqueue(enc.encode(`: ping\n\n`));
        } catch {
          close();
          return;
        }
        if (performance.now() - started + opts.pollMs >= opts.maxMs) return close();
        timer = setTimeout(tick, opts.pollMs);
      };
      await tick();
    },
    cancel() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  });
}
