// The embedded PostgreSQL (lib/db/embedded.ts) runs under a supervisor of its own and stops on
// every path its caller can end by: stop(), kill -9, Ctrl-C, an uncaught error, and a Vitest
// global set-up that crashes after starting it (which must also fail the run). Each path must
// leave no server process and no data directory behind (docs/testing.md).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/embedded";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const FIXTURES = path.join(import.meta.dirname, "fixtures");

interface Held {
  dir: string;
  port: number;
  postgresPid: number;
  supervisorPid: number;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });

/** Waits (up to 20 s) until neither process runs, the port is closed and the directory is gone. */
async function expectGone(h: Held): Promise<void> {
  const deadline = Date.now() + 20_000;
  let state = "";
  while (Date.now() < deadline) {
    const left = {
      postgres: alive(h.postgresPid),
      supervisor: alive(h.supervisorPid),
      port: await accepts(h.port),
      dir: existsSync(h.dir),
    };
    state = JSON.stringify(left);
    if (!left.postgres && !left.supervisor && !left.port && !left.dir) return;
    await sleep(100);
  }
  throw new Error(`the embedded database outlived its caller: ${state}`);
}

/** Starts the hold fixture in its own process group and returns what it printed. */
async function hold(mode: "wait" | "throw") {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(FIXTURES, "hold-embedded-db.ts"), mode], {
    cwd: ROOT,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, sig) => resolve(sig ?? code ?? -1)));
  const deadline = Date.now() + 30_000;
  while (!out.includes("\n")) {
    if (Date.now() > deadline) throw new Error(`the fixture printed nothing in 30 s:\n${out}`);
    await sleep(50);
  }
  const held = JSON.parse(out.split("\n")[0]) as Held;
  expect(alive(held.postgresPid)).toBe(true);
  expect(await accepts(held.port)).toBe(true);
  return { child, held, exited, output: () => out };
}

describe("the embedded database", () => {
  it("stop() ends the server and deletes its temporary directory", async () => {
    const server = await startEmbeddedPostgres({ persistent: false });
    const postgresPid = Number(readFileSync(path.join(server.dir, "postmaster.pid"), "utf8").split("\n")[0]);
    expect(await accepts(server.port)).toBe(true);
    await server.stop();
    // Gone once stop() resolves, not merely eventually.
    expect([alive(postgresPid), alive(server.pid), existsSync(server.dir)]).toEqual([false, false, false]);
    await expectGone({ dir: server.dir, port: server.port, postgresPid, supervisorPid: server.pid });
  });

  it("stops when its caller is killed with SIGKILL", async () => {
    const { child, held, exited } = await hold("wait");
    process.kill(child.pid!, "SIGKILL");
    expect(await exited).toBe("SIGKILL");
    await expectGone(held);
  });

  it("stops when its caller gets Ctrl-C (SIGINT to the caller's process group)", async () => {
    const { child, held, exited } = await hold("wait");
    process.kill(-child.pid!, "SIGINT");
    expect(await exited).toBe("SIGINT");
    await expectGone(held);
  });

  it("stops when its caller dies of an uncaught error", async () => {
    const { child, held, exited, output } = await hold("throw");
    child.stdin!.write("crash now\n");
    expect(await exited).toBe(1);
    expect(output()).toContain("a crash after the server started");
    await expectGone(held);
  });

  describe("in a Vitest global set-up that crashes after starting it", () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "herald-crash-"));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it("fails the run and leaves no server behind", async () => {
      const out = path.join(tmp, "held.json");
      const vitest = path.join(ROOT, "node_modules", "vitest", "vitest.mjs");
      const child = spawn(process.execPath, [vitest, "run", "--config", path.join(FIXTURES, "crashing-setup.config.ts")], {
        cwd: ROOT,
        env: { ...process.env, HERALD_FIXTURE_OUT: out, HERALD_CANARY: "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let log = "";
      child.stdout!.on("data", (b: Buffer) => (log += b.toString()));
      child.stderr!.on("data", (b: Buffer) => (log += b.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
      expect(code, log).not.toBe(0);
      expect(log).toContain("global set-up crashed after starting the database");
      expect(log).not.toContain("set-up crashed before this");
      await expectGone(JSON.parse(readFileSync(out, "utf8")) as Held);
    });
  });
});
