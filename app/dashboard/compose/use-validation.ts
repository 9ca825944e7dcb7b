// The server check of the draft, debounced: POST /api/posts/validate runs each chosen account's
// own adapter; `fresh` is its answer for exactly the current draft, `check` the latest answer.
import { useEffect, useState } from "react";
import useSWR from "swr";
import type { AccountValidation } from "@/lib/compose";
import { postJson, type ApiError } from "./api";

async function validateFetcher([, body]: [string, string]): Promise<{ key: string; accounts: AccountValidation[] }> {
  const { res, data } = await postJson("/api/posts/validate", JSON.parse(body));
  if (!res.ok) {
    // A field in the making (a subreddit half typed, a link without its scheme) is what to say.
    const e = (data as ApiError | null)?.error;
    throw new Error(e?.fields?.length ? e.fields.map((f) => f.message).join(" ") : (e?.message ?? `Checking failed (HTTP ${res.status}).`));
  }
  return { key: body, accounts: (data as { accounts: AccountValidation[] }).accounts };
}

/** `body`: the request's JSON, null while no account is chosen. */
export function useValidation(body: string | null) {
  const [debounced, setDebounced] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(body), 400);
    return () => clearTimeout(t);
  }, [body]);
  const { data: check, error, isLoading } = useSWR(debounced ? ["validate", debounced] : null, validateFetcher, {
    keepPreviousData: true,
    revalidateOnFocus: false,
  });
  return {
    fresh: check && check.key === body ? check : null,
    checkFor: (accountId: string) => check?.accounts.find((a) => a.accountId === accountId),
    checking: isLoading || body !== debounced,
    failed: error ? String(error.message ?? error) : null,
  };
}
