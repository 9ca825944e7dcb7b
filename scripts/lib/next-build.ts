// `next build` once per source tree, shared by the browser tests (test/browser/support/harness.ts)
// and the API load bench (bench/api.ts): .next/ is rebuilt only when a source file changed, and
// only one builder runs at a time (docs/testing.md).
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const APP = path.resolve(process.env.HERALD_BROWSER_APP_DIR ?? ROOT);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: APP, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout!.on("data", (b: Buffer) => (log += b.toString()));
    child.stderr!.on("data", (b: Buffer) => (log += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} ended with ${signal ?? code}:\n${log.slice(-6000)}`));
    });
  });
}

/** A hash of every source file git sees in APP (tracked or untracked, not ignored): path + content. */
function sourceKey(): string {
  let listing: string;
  try {
    listing = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: APP, maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] }).toString();
  } catch {
    return `no-git-${Date.now()}`; // not a git checkout: never matches, so only a build from this run is reused
  }
  const files = listing
    .split("\0")
    .filter(Boolean)
    // Tests do not go into the build; editing one must not force a rebuild.
    .filter((f) => !f.startsWith("test/") && !f.startsWith("bench/"))
    .sort();
  const h = createHash("sha256");
  for (const f of files) {
    const p = path.join(APP, f);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue; // deleted but still in the index
    }
    if (!st.isFile()) continue;
    h.update(f).update("\0").update(readFileSync(p)).update("\0");
  }
  return h.digest("hex");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process's pid and start time (so a reused pid is another run), from /proc where there is one. */
export function runOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return `${pid}@${stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]}`;
  } catch {
    return String(pid);
  }
}

/** Runs `next build` unless .next/ was already built from this exact source tree; one builder at a time. */
export async function ensureBuilt(next: string, env: NodeJS.ProcessEnv, runId: string): Promise<void> {
  const lock = path.join(APP, "test-results", ".browser-build.lock"); // test-results/ is gitignored
  mkdirSync(path.dirname(lock), { recursive: true });
  const marker = path.join(APP, ".next", "herald-browser-build-key");
  const deadline = Date.now() + 900_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch {
      let holder = NaN;
      try {
        holder = Number(readFileSync(path.join(lock, "pid"), "utf8"));
      } catch {
        // the holder is between mkdir and writing its pid
      }
      if (Number.isFinite(holder) && holder > 0 && !alive(holder)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Gave up waiting for the build lock ${lock}.`);
      await sleep(500);
    }
  }
  try {
    const key = sourceKey();
    let built: { key?: string; run?: string } = {};
    try {
      built = JSON.parse(readFileSync(marker, "utf8")) as typeof built;
    } catch {
      // no marker: never built by these tests
    }
    if (existsSync(path.join(APP, ".next", "BUILD_ID")) && (built.run === runId || built.key === key)) {
      // Built earlier in this run (even if someone edited a file since: all files of one run are
      // served from the same build, and .next/ is never rebuilt under a running server), or
      // built from exactly this tree by an earlier run.
      if (built.run !== runId) writeFileSync(marker, JSON.stringify({ key, run: runId }));
      return;
    }
    rmSync(marker, { force: true });
    await run(next, ["build"], env, 600_000);
    writeFileSync(marker, JSON.stringify({ key, run: runId }));
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

