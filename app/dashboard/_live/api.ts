// One JSON call to Herald's API for every dashboard page (client-safe). It never throws: a network
// failure comes back as status 0 with a readable message. The pages' helpers — settings' `api`,
// the AI screens' `callApi`, and `sendJson` / `fetchJson` for SWR — are shapes over this one.
import type { FieldError } from "@/lib/errors";

export type { FieldError };

interface ErrorBody {
  error?: { code?: string; message?: string; fields?: FieldError[]; details?: Record<string, unknown> };
  /** Better Auth's endpoints answer { message, code } rather than our { error }. */
  message?: string;
}

export interface ApiResponse<T> {
  ok: boolean;
  status: number;
  /** The parsed body; {} when there was none or it was not JSON. */
  body: T & ErrorBody;
  /** The server's readable message, or null when it gave none. */
  message: string | null;
  code: string | null;
  fields: FieldError[];
  details: Record<string, unknown> | null;
}

export const OFFLINE_MESSAGE = "Could not reach Herald. Check your connection and try again.";

export async function request<T>(method: string, url: string, body?: unknown): Promise<ApiResponse<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? { accept: "application/json" } : { "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, body: {} as T & ErrorBody, message: OFFLINE_MESSAGE, code: null, fields: [], details: null };
  }
  const json = ((await res.json().catch(() => null)) ?? {}) as T & ErrorBody;
  const err = json.error;
  return {
    ok: res.ok,
    status: res.status,
    body: json,
    message: err?.message ?? json.message ?? null,
    code: err?.code ?? null,
    fields: err?.fields ?? [],
    details: err?.details ?? null,
  };
}
