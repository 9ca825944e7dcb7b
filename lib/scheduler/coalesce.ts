// Group commit for the queue's per-task statements (docs/design.md, "Batched write-backs"): many
// workers ask for the same kind of write at about the same time; one statement serves them all.
// A batch is what arrives within `delayMs` of its first request, plus whatever arrives while the
// previous flush is in flight (at most `max`): so under load batches grow by themselves, and a
// lone request waits `delayMs` at most. Pure: no database here.

export interface Coalescer<I, R> {
  /** Queues one item; resolves with its own result once the batch holding it is written. */
  add(item: I): Promise<R>;
}

/**
 * `flush(items)` writes a batch and returns one result per item, in order. If it throws, every
 * item of that batch rejects with the error; later batches are unaffected. `delayMs` 0 gathers
 * the requests of one turn of the event loop.
 */
export function coalescer<I, R>(flush: (items: I[]) => Promise<R[]>, opts: { max: number; delayMs?: number }): Coalescer<I, R> {
  type Entry = { item: I; resolve: (r: R) => void; reject: (e: unknown) => void };
  let queue: Entry[] = [];
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const run = (): void => {
    timer = null;
    // The flush in flight runs the next batch when it ends.
    if (inFlight || queue.length === 0) return;
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
        if (queue.length >= opts.max && !inFlight) {
          if (timer) clearTimeout(timer);
          run(); // a full batch goes at once
        } else if (!timer && !inFlight) {
          timer = setTimeout(run, opts.delayMs ?? 0);
        }
      });
    },
  };
}
