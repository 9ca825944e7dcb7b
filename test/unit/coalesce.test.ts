// The group commit behind batched lease holds and write-backs (lib/scheduler/coalesce.ts).
import { describe, expect, it } from "vitest";
import { coalescer } from "../../lib/scheduler/coalesce";

/** A flush that records its batches and finishes when the test says so. */
function recorder() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const flush = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((i) => i * 10);
  };
  return { batches, flush, open: () => gates.shift()?.() };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe("coalescer", () => {
  it("sends one turn's requests together, and what arrives during a flush in the next one", async () => {
    const r = recorder();
    const c = coalescer(r.flush, { max: 100 });
    const first = [1, 2, 3].map((i) => c.add(i));
    await tick();
    const second = [4, 5].map((i) => c.add(i));
    await tick();
    expect(r.batches).toEqual([[1, 2, 3]]); // the second waits for the first to finish
    r.open();
    expect(await Promise.all(first)).toEqual([10, 20, 30]);
    await tick();
    expect(r.batches).toEqual([[1, 2, 3], [4, 5]]);
    r.open();
    expect(await Promise.all(second)).toEqual([40, 50]);
  });

  it("waits delayMs after the first request for more to join", async () => {
    const r = recorder();
    const c = coalescer(r.flush, { max: 100, delayMs: 60 });
    const all = [c.add(1)];
    await tick(20);
    all.push(c.add(2));
    expect(r.batches).toEqual([]);
    await tick(60);
    expect(r.batches).toEqual([[1, 2]]);
    r.open();
    expect(await Promise.all(all)).toEqual([10, 20]);
  });

  it("never sends more than max at once", async () => {
    const r = recorder();
    const c = coalescer(r.flush, { max: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => c.add(i));
    for (let i = 0; i < 3; i++) {
      await tick();
      r.open();
    }
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(r.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("rejects every item of a failed batch and goes on with the next", async () => {
    let calls = 0;
    const c = coalescer(async (items: number[]) => {
      if (calls++ === 0) throw new Error("database went away");
      return items;
    }, { max: 10 });
    const failed = [c.add(1), c.add(2)];
    await expect(Promise.all(failed)).rejects.toThrow("database went away");
    await expect(failed[1]).rejects.toThrow("database went away");
    expect(await c.add(3)).toBe(3);
  });

  it("refuses a flush that answers for the wrong number of items", async () => {
    const c = coalescer(async () => [1], { max: 10 });
    await expect(Promise.all([c.add(1), c.add(2)])).rejects.toThrow(/a batch of 2 returned 1 results/);
  });
});
