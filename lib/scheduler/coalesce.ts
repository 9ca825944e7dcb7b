// Group commit for the queue's per-task statements (docs/design.md, "Batched write-backs"): many
// workers ask for the same kind of write at about the same time; one statement serves them all.
// Requests made in the same turn of the event loop go together; requests that arrive while a
// flush is in flight wait for it and go together in the next one. So a lone task pays no extra latency, and under load a
// batch is whatever arrived during one round trip (at most `max`). Pure: no database here.

export interface Coalescer<I, R> {
  /** Queues one item; resolves with its own result once the batch holding it is written. */
  add(item: I): Promise<R>;
  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void>;
}

/**
 * `flush(items)` writes a batch and returns one result per item, in order. If it throws, every
 * item of that batch rejects with the error; later batches are unaffected.
 */
export function coalescer<I, R>(flush: (items: I[]) => Promise<R[]>, opts: { max: number }): Coalescer<I, R> {
  type Entry = { item: I; resolve: (r: R) => void; reject: (e: unknown) => void };
  let queue: Entry[] = [];
  let inFlight: Promise<void> | null = null;
  const idleWaiters: (() => void)[] = [];

  const run = (): void => {
    if (inFlight || queue.length === 0) {
      if (!inFlight) idleWaiters.splice(0).forEach((w) => w());
      return;
    }
    const batch = queue.slice(0, opts.max);
    queue = queue.slice(batch.length);
    inFlight = (async () => {
      try {
        const results = await flush(batch.map((e) => e.item));
        if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} returned ${results.length} results`);
        batch.forEach((e, i) => e.resolve(results[i]));
      } catch (err) {
        batch.forEach((e) => e.reject(err));
      } finally {
        inFlight = null;
        run();
      }
    })();
  };

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        queueMicrotask(run); // the rest of this turn's requests join the batch
      });
    },
    idle() {
      if (!inFlight && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
