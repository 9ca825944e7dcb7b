// Herald's one clock (docs/testing.md, "The clock"). Every "now" in lib/ and app/ comes from here
// (a lint rule forbids `new Date()` and `Date.now()` elsewhere), so a test can pin the time for
// the code it calls — route handlers included — and the suite passes on any date: CI runs it with
// the system clock a year ahead and a year back. Elapsed time is measured with performance.now(),
// which no test needs to move.

type Source = () => number;
const system: Source = () => Date.now();
let source: Source = system;

export const clock = {
  /** The current instant. */
  now: (): Date => new Date(source()),
  /** The current instant in epoch milliseconds. */
  ms: (): number => source(),
};

/** Tests: pin the clock to an instant, or let a function say what time it is. */
export function setClock(at: Date | (() => Date)): void {
  source = at instanceof Date ? () => at.getTime() : () => at().getTime();
}

/** Tests: back to the system clock. */
export function resetClock(): void {
  source = system;
}
