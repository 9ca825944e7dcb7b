// The house plan holds (docs/design.md, "Module boundaries"): the scheduler knows no feature.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

/** Every module specifier a TypeScript source names, with whether the import is type-only. */
export function importsOf(source: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  const re =
    /(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of source.matchAll(re)) {
    const spec = m[2] ?? m[3] ?? m[4];
    if (spec) out.push({ spec, typeOnly: Boolean(m[1]) });
  }
  return out;
}

/**
 * What lib/scheduler may import outside itself: the base layer every module stands on (tracing and
 * error reports are part of it, like the logger), and the input shapes of lib/validation as types
 * only. Packages (no leading dot) are free.
 */
const BASE = ["lib/db.ts", "lib/db/", "lib/clock.ts", "lib/logger.ts", "lib/errors.ts", "lib/sleep.ts", "lib/generated/", "lib/observability/"];
const TYPES_ONLY = ["lib/validation/"];

export function violations(file: string, source: string, home: string): string[] {
  const bad: string[] = [];
  for (const { spec, typeOnly } of importsOf(source)) {
    if (!spec.startsWith(".")) continue;
    const target = relative(ROOT, resolve(dirname(join(ROOT, file)), spec));
    const inside = (prefix: string) => target === prefix.replace(/\.ts$/, "") || target.startsWith(prefix);
    if (target.startsWith(home)) continue;
    if (BASE.some(inside)) continue;
    if (typeOnly && TYPES_ONLY.some(inside)) continue;
    bad.push(`${file} imports ${spec}${typeOnly ? " (type)" : ""}`);
  }
  return bad;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(dir, f));
}

describe("module boundaries", () => {
  it("finds a forbidden import when there is one (the check can fail)", () => {
    const src = 'import { adapterFor } from "../social-media";\nimport type { Db } from "../db";\nimport { z } from "zod";\nimport type { X } from "../validation/tasks";\nimport { Y } from "../validation/tasks";\nconst m = await import("../ai/autopilot");\nimport "../engagement";';
    expect(violations("lib/scheduler/x.ts", src, "lib/scheduler/")).toEqual([
      "lib/scheduler/x.ts imports ../social-media",
      "lib/scheduler/x.ts imports ../validation/tasks",
      "lib/scheduler/x.ts imports ../ai/autopilot",
      "lib/scheduler/x.ts imports ../engagement",
    ]);
  });

  it("lib/scheduler imports nothing from lib/ai, lib/social or any feature", () => {
    const files = sources("lib/scheduler");
    expect(files.length).toBeGreaterThan(10);
    const bad = files.flatMap((f) => violations(f, readFileSync(join(ROOT, f), "utf8"), "lib/scheduler/"));
    expect(bad).toEqual([]);
  });
});
