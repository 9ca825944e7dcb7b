// nextFreeSlot: weekly posting slots in the workspace's zone, DST-correct, skipping taken instants.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { nextFreeSlot } from "../../lib/scheduler/slots";

const BERLIN = "Europe/Berlin";
const berlin = (iso: string) => DateTime.fromISO(iso, { zone: BERLIN }).toJSDate();
const inBerlin = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: BERLIN }).toFormat("yyyy-MM-dd'T'HH:mm ZZ") : null);

describe("nextFreeSlot", () => {
  it("returns null without slots", () => {
    expect(nextFreeSlot([], BERLIN, [], new Date())).toBeNull();
  });

  it("picks the next slot later the same day, in the workspace's zone", () => {
    const slots = [{ weekday: 3, time: "09:00" }, { weekday: 3, time: "17:30" }];
    // Wednesday 2026-11-25, 10:00 Berlin (CET, +01:00).
    expect(inBerlin(nextFreeSlot(slots, BERLIN, [], berlin("2026-11-25T10:00")))).toBe("2026-11-25T17:30 +01:00");
  });

  it("keeps the wall-clock time across the spring DST change in Europe/Berlin", () => {
    // DST starts Sunday 2026-03-29 at 02:00 → 03:00. Slots on Saturday and Monday at 09:00.
    const slots = [{ weekday: 6, time: "09:00" }, { weekday: 1, time: "09:00" }];
    const sat = nextFreeSlot(slots, BERLIN, [], berlin("2026-03-27T12:00"));
    expect(inBerlin(sat)).toBe("2026-03-28T09:00 +01:00");
    expect(sat!.toISOString()).toBe("2026-03-28T08:00:00.000Z");
    const mon = nextFreeSlot(slots, BERLIN, [sat!], berlin("2026-03-27T12:00"));
    expect(inBerlin(mon)).toBe("2026-03-30T09:00 +02:00");
    expect(mon!.toISOString()).toBe("2026-03-30T07:00:00.000Z");
  });

  it("moves a slot the spring-forward night skips to the first valid instant after it", () => {
    const slots = [{ weekday: 7, time: "02:30" }];
    const at = nextFreeSlot(slots, BERLIN, [], berlin("2026-03-28T12:00"));
    expect(at!.toISOString()).toBe("2026-03-29T01:30:00.000Z"); // 03:30 CEST
  });

  it("keeps the wall-clock time across the autumn DST change", () => {
    // DST ends Sunday 2026-10-25 at 03:00 → 02:00.
    const slots = [{ weekday: 7, time: "12:00" }];
    const at = nextFreeSlot(slots, BERLIN, [], berlin("2026-10-24T12:00"));
    expect(inBerlin(at)).toBe("2026-10-25T12:00 +01:00");
  });

  it("skips taken slots (compared to the minute) and wraps to next week", () => {
    const slots = [{ weekday: 1, time: "09:00" }, { weekday: 5, time: "09:00" }];
    const now = berlin("2026-11-27T08:00"); // Friday
    const fri = berlin("2026-11-27T09:00");
    const takenWithSeconds = new Date(fri.getTime() + 20_000);
    expect(inBerlin(nextFreeSlot(slots, BERLIN, [takenWithSeconds], now))).toBe("2026-11-30T09:00 +01:00");
    // After Friday's last slot the search wraps past the weekend into the next week.
    expect(inBerlin(nextFreeSlot(slots, BERLIN, [], berlin("2026-11-27T09:00")))).toBe("2026-11-30T09:00 +01:00");
  });

  it("goes to the following week when every slot of this week is taken", () => {
    const slots = [{ weekday: 2, time: "08:00" }, { weekday: 4, time: "18:00" }];
    const now = berlin("2026-11-23T00:00"); // Monday
    const taken = [berlin("2026-11-24T08:00"), berlin("2026-11-26T18:00")];
    expect(inBerlin(nextFreeSlot(slots, BERLIN, taken, now))).toBe("2026-12-01T08:00 +01:00");
  });

  it("works in another zone: the same slot is a different instant", () => {
    const slots = [{ weekday: 1, time: "09:00" }];
    const now = new Date("2026-11-22T00:00:00Z");
    expect(nextFreeSlot(slots, "America/New_York", [], now)!.toISOString()).toBe("2026-11-23T14:00:00.000Z");
    expect(nextFreeSlot(slots, "UTC", [], now)!.toISOString()).toBe("2026-11-23T09:00:00.000Z");
  });

  it("never returns the current instant itself", () => {
    const slots = [{ weekday: 3, time: "09:00" }];
    expect(inBerlin(nextFreeSlot(slots, BERLIN, [], berlin("2026-11-25T09:00")))).toBe("2026-12-02T09:00 +01:00");
  });
});
