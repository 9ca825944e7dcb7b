// An account's handle as people read it: one "@" in front, whether or not it was typed with one
// ("@cornerbakery" and "cornerbakery" both show as @cornerbakery, never @@cornerbakery).
export function atHandle(handle: string): string {
  return `@${handle.replace(/^@+/, "")}`;
}
