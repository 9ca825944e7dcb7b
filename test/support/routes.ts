// The API's route files, for tests that walk every route (cross-workspace, input hygiene).
import { readdirSync } from "node:fs";
import path from "node:path";

export const API_DIR = path.resolve(import.meta.dirname, "..", "..", "app", "api");

/** Every route.ts under app/api, as "segment/.../route.ts" with forward slashes, sorted. */
export function routeFiles(): string[] {
  return (readdirSync(API_DIR, { recursive: true }) as string[])
    .filter((f) => f.split(path.sep).at(-1) === "route.ts")
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

/** The URL path of a route file: "agent/tasks/[id]/route.ts" → "/api/agent/tasks/[id]". */
export const routePath = (file: string) => `/api/${file.replace(/\/?route\.ts$/, "")}`.replace(/\/$/, "");

/** A route's answer as JSON, or as its text when it is not JSON (so a failure message shows it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the route sent
export async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
