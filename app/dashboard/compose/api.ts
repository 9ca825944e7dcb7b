// The composer's requests: a JSON POST (or PATCH), and the error answer every route gives (lib/errors.ts).
import type { FieldError } from "@/lib/errors";

export interface ApiError {
  error?: { message?: string; fields?: FieldError[] };
}

export async function postJson(url: string, body: unknown, method: "POST" | "PATCH" = "POST") {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  return { res, data };
}
