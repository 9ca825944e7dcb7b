// What JSON makes of a server value: the shape a client component reads from an API answer (or
// from props a page passed through JSON). Dates arrive as ISO strings; everything else as it was.
// Type-only: use it with `import type` of lib/ types, which are erased from the client bundle.
export type Serialized<T> = T extends Date
  ? string
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? Serialized<U>[]
      : T extends object
        ? { [K in keyof T]: Serialized<T[K]> }
        : T;
