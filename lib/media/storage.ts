// Where uploaded media lives: Supabase Storage when configured, local disk otherwise. Both give
// every object a public URL, because some platforms (Instagram, Threads) fetch media themselves.
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { env, type Env } from "../env";
import { HeraldError } from "../errors";

export interface Storage {
  readonly driver: "supabase" | "local";
  /** Stores `data` under `key` (never overwriting) and returns its public URL. */
  put(key: string, data: Buffer, mime: string): Promise<{ url: string }>;
  get(key: string): Promise<{ data: Buffer; mime: string } | null>;
  /** Removes the object; removing one that does not exist is not an error. */
  delete(key: string): Promise<void>;
}

// Keys are `<workspaceId>/<assetId>.<ext>`: nothing user-supplied ever reaches a path or a URL.
const KEY = /^([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})\.([a-z0-9]{1,8})$/;

export function storageKeyFor(workspaceId: string, assetId: string, ext: string): string {
  const key = `${workspaceId}/${assetId}.${ext}`;
  if (!KEY.test(key)) throw new Error(`Not a valid media storage key: ${key}`);
  return key;
}

/** A video's poster frame sits beside it: `<workspaceId>/<assetId>-poster.jpg`. */
export function posterKeyFor(workspaceId: string, assetId: string): string {
  return storageKeyFor(workspaceId, `${assetId}-poster`, "jpg");
}

function parseKey(key: string) {
  const m = KEY.exec(key);
  if (!m) throw new Error(`Not a valid media storage key: ${key}`);
  return { workspaceId: m[1], assetId: m[2], ext: m[3] };
}

const MIME_BY_EXT: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  mp4: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
};

export function mimeForKey(key: string): string {
  return MIME_BY_EXT[parseKey(key).ext] ?? "application/octet-stream";
}

// ---------------------------------------------------------------------------------------------
// Local disk (development and self-hosting on a machine with a persistent disk). Files are served
// by GET /api/media/:id/file. Serverless functions have no persistent disk: use Supabase there.

export class LocalDiskStorage implements Storage {
  readonly driver = "local" as const;
  readonly root: string;

  constructor(
    root: string,
    private readonly publicBaseUrl: string,
  ) {
    this.root = path.resolve(root);
  }

  private file(key: string): string {
    parseKey(key);
    const p = path.resolve(this.root, key);
    // Belt and braces: the key pattern already excludes "..", but never leave the root.
    if (!p.startsWith(this.root + path.sep)) throw new Error(`Media key escapes the media directory: ${key}`);
    return p;
  }

  urlFor(key: string): string {
    const { assetId } = parseKey(key);
    const poster = /^(.+)-poster$/.exec(assetId);
    const base = `${this.publicBaseUrl.replace(/\/+$/, "")}/api/media`;
    return poster ? `${base}/${poster[1]}/poster` : `${base}/${assetId}/file`;
  }

  async put(key: string, data: Buffer, _mime: string): Promise<{ url: string }> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Write to a temporary name and rename: a reader never sees a half-written file.
    const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(tmp, data, { flag: "wx" });
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { url: this.urlFor(key) };
  }

  async get(key: string): Promise<{ data: Buffer; mime: string } | null> {
    try {
      return { data: await readFile(this.file(key)), mime: mimeForKey(key) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  /** A stream for the public file route, so large videos are not read into memory. */
  async open(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number; mime: string } | null> {
    const p = this.file(key);
    try {
      const s = await stat(p);
      const stream = Readable.toWeb(createReadStream(p)) as unknown as ReadableStream<Uint8Array>;
      return { stream, size: s.size, mime: mimeForKey(key) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Supabase Storage, through the official client. The bucket must exist and be public.

export interface SupabaseStorageConfig {
  url: string;
  serviceRoleKey: string;
  bucket: string;
}

export class SupabaseStorage implements Storage {
  readonly driver = "supabase" as const;
  private readonly client;

  constructor(private readonly config: SupabaseStorageConfig) {
    this.client = createClient(config.url, config.serviceRoleKey, {
      // A server-side client: no session to keep, no timers, no browser URL to read.
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      // Node 20 has no global WebSocket and createClient throws without one, although storage
      // never opens a socket (ENVIRONMENT.md).
      realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    });
  }

  private bucket() {
    return this.client.storage.from(this.config.bucket);
  }

  private fail(action: string, error: { message: string }): never {
    throw new HeraldError("unavailable", `Could not ${action} Supabase Storage: ${error.message}`, {
      cause: error,
    });
  }

  async put(key: string, data: Buffer, mime: string): Promise<{ url: string }> {
    parseKey(key);
    const { error } = await this.bucket().upload(key, data, {
      contentType: mime,
      upsert: false,
      // Objects never change under a key, so CDNs and platforms may cache them for a year.
      cacheControl: "31536000",
    });
    if (error) this.fail("store the file in", error);
    return { url: this.bucket().getPublicUrl(key).data.publicUrl };
  }

  async get(key: string): Promise<{ data: Buffer; mime: string } | null> {
    parseKey(key);
    const { data, error } = await this.bucket().download(key);
    if (error) {
      const e = error as { status?: number; statusCode?: string };
      // Storage answers a missing object with 404, or (older servers) 400 and statusCode "404".
      if (e.status === 404 || e.statusCode === "404" || e.statusCode === "not_found") return null;
      this.fail("read the file from", error);
    }
    return { data: Buffer.from(await data.arrayBuffer()), mime: data.type || mimeForKey(key) };
  }

  async delete(key: string): Promise<void> {
    parseKey(key);
    const { error } = await this.bucket().remove([key]);
    if (error) this.fail("delete the file from", error);
  }
}

// ---------------------------------------------------------------------------------------------

export function createStorage(e: Env): Storage {
  const { SUPABASE_URL: url, SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey } = e;
  if (url && serviceRoleKey) {
    return new SupabaseStorage({ url, serviceRoleKey, bucket: e.SUPABASE_STORAGE_BUCKET });
  }
  if (url || serviceRoleKey) {
    // Falling back to local disk here would lose every upload on a serverless host.
    throw new HeraldError(
      "unavailable",
      "Media storage is half-configured: set both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY, or neither.",
    );
  }
  return new LocalDiskStorage(e.MEDIA_DIR, e.PUBLIC_BASE_URL ?? "http://localhost:3000");
}

let cached: { env: Env; storage: Storage } | undefined;

/** The configured storage; rebuilt when the environment is re-read (resetEnvCache in tests). */
export function storage(): Storage {
  const e = env();
  if (cached?.env !== e) cached = { env: e, storage: createStorage(e) };
  return cached.storage;
}
