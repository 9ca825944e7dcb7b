// Where to send someone after signing in: only paths inside Herald, never another site.

/** `next` when it is a path on this site ("/invite/abc"), otherwise null ("//evil.com", "https://…"). */
export function safeNext(next: string | string[] | null | undefined): string | null {
  const v = Array.isArray(next) ? next[0] : next;
  if (!v || !v.startsWith("/") || v.startsWith("//") || v.startsWith("/\\") || v.length > 500) return null;
  // Control characters and backslashes let some browsers turn a path into another origin.
  if (/[\u0000-\u001f\\]/.test(v)) return null;
  return v;
}
