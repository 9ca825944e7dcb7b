// One record per platform (docs/design.md, "Platforms"): a twelfth network is one new folder in
// lib/social/, its name in the Platform enum, and its line in lib/social/registry.ts — nothing
// else. Proven on a copy of the tree with the TypeScript compiler: the enum alone leaves exactly
// the registry incomplete; the folder and that line make the whole project compile again.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Platform } from "../../lib/generated/prisma/enums";
import { PLATFORMS } from "../../lib/social/registry";

const ROOT = resolve(__dirname, "../..");

function edit(file: string, from: string | RegExp, to: string): void {
  const s = readFileSync(file, "utf8");
  const next = s.replace(from, to);
  if (next === s) throw new Error(`${file}: nothing to replace for ${String(from)}`);
  writeFileSync(file, next);
}

/** tsc over the copy; the error lines, by file. */
function typecheck(dir: string): { ok: boolean; files: string[]; out: string } {
  const r = spawnSync(join(ROOT, "node_modules/.bin/tsc"), ["--noEmit", "--incremental", "false", "-p", dir], { cwd: dir, encoding: "utf8" });
  const out = `${r.stdout}${r.stderr}`;
  const files = [...new Set([...out.matchAll(/^([^\s(]+)\(\d+,\d+\): error/gm)].map((m) => m[1]))];
  return { ok: r.status === 0, files, out };
}

const FAKENET_SPEC = `// Fakenet: a made-up twelfth network for the platform-record test.
import type { PlatformSpec } from "../spec";

export const fakenetSpec: PlatformSpec = {
  platform: "fakenet",
  label: "Fakenet",
  maxLength: 400,
  media: { max: 2 },
  images: { maxBytes: 2_000_000, formats: ["jpeg"] },
  threads: false,
  style: "cheerful",
  hashtags: 1,
  postingLimit: { max: 10, windowS: 60 },
  permalink: (handle, id) => \`https://fakenet.example/\${handle}/\${id}\`,
};
`;

const FAKENET_INDEX = `// Fakenet: everything Herald knows about it.
import { z } from "zod";
import type { PlatformModule } from "../platform";
import { createSimulatedAdapter } from "../simulation";
import { fakenetSpec } from "./spec";

export const fakenet: PlatformModule = {
  spec: fakenetSpec,
  credentials: z.object({ token: z.string().min(1) }),
  adapter: (_account, deps) => createSimulatedAdapter(fakenetSpec, deps),
  oauth: {
    available: () => true,
    keyOf: (query) => query.get("state"),
    start: async ({ redirectUri }) => ({ url: \`https://fakenet.example/authorize?redirect_uri=\${redirectUri}\`, key: "k" }),
    finish: async () => ({ handle: "me", credentials: { token: "t" } }),
  },
};
`;

describe("one record per platform", () => {
  const dir = mkdtempSync(join(tmpdir(), "herald-fakenet-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists every platform of the enum, each with its own spec", () => {
    expect(Object.keys(PLATFORMS).sort()).toEqual(Object.values(Platform).sort());
    for (const [name, m] of Object.entries(PLATFORMS)) expect(m.spec.platform).toBe(name);
  });

  it("adds a twelfth network with one folder, the enum and the registry line", () => {
    // The tree as git sees it (tracked and new files), the generated client, and node_modules linked.
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" })
      .split("\0")
      .filter((f) => f && /\.(ts|tsx|json|prisma)$/.test(f) && !f.startsWith("test/pds/"));
    for (const f of files) {
      try {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        cpSync(join(ROOT, f), join(dir, f));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err; // deleted in the working tree
      }
    }
    // dereference: where lib/generated is a symlink (a git worktree), the copy must not edit the original.
    cpSync(join(ROOT, "lib/generated"), join(dir, "lib/generated"), { recursive: true, dereference: true });
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));

    // The union: the enum in the schema and in the generated client.
    edit(join(dir, "prisma/schema.prisma"), /enum Platform \{\n/, "enum Platform {\n  fakenet\n");
    edit(join(dir, "lib/generated/prisma/enums.ts"), "  whatsapp: 'whatsapp'\n", "  whatsapp: 'whatsapp',\n  fakenet: 'fakenet'\n");
    const incomplete = typecheck(dir);
    expect(incomplete.ok).toBe(false);
    expect(incomplete.files).toEqual(["lib/social/registry.ts"]);

    // The folder and the registry line.
    mkdirSync(join(dir, "lib/social/fakenet"));
    writeFileSync(join(dir, "lib/social/fakenet/spec.ts"), FAKENET_SPEC);
    writeFileSync(join(dir, "lib/social/fakenet/index.ts"), FAKENET_INDEX);
    edit(join(dir, "lib/social/registry.ts"), 'import { facebook } from "./facebook";\n', 'import { facebook } from "./facebook";\nimport { fakenet } from "./fakenet";\n');
    edit(join(dir, "lib/social/registry.ts"), "  whatsapp,\n}", "  whatsapp,\n  fakenet,\n}");
    const done = typecheck(dir);
    expect(done.out).toBe("");
    expect(done.ok).toBe(true);
  }, 240_000);
});
