// A JSON Schema (as lib/openapi/document.ts generates it from the routes' zod schemas), rendered
// for reading: each field with its type, limits, whether it is required, and nested objects
// indented. $refs to components are followed (each once per branch, so a cycle ends).
type Json = Record<string, unknown>;

const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-900 dark:bg-slate-800 dark:text-slate-100";

export function resolve(schema: Json, components: Record<string, Json>): { schema: Json; name?: string } {
  const ref = typeof schema.$ref === "string" ? schema.$ref : null;
  if (!ref) return { schema };
  const name = ref.split("/").at(-1)!;
  // Keywords beside a $ref (a default) still apply.
  const { $ref: _ref, ...rest } = schema;
  return { schema: { ...(components[name] ?? {}), ...rest }, name };
}

/** "string, 1–100 characters", "integer, 1 to 200, default 50", "one of draft, scheduled". */
export function typeLine(input: Json, components: Record<string, Json>): string {
  const { schema, name } = resolve(input, components);
  const parts: string[] = [];
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) {
    parts.push(variants.map((v) => typeLine(v, components)).join(" or "));
  } else if (schema.const !== undefined) {
    parts.push(`exactly ${JSON.stringify(schema.const)}`);
  } else if (Array.isArray(schema.enum)) {
    parts.push(`one of ${(schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`);
  } else if (schema.type === "array") {
    const items = schema.items as Json | undefined;
    const count = schema.minItems !== undefined || schema.maxItems !== undefined ? range(schema.minItems, schema.maxItems, "items") : null;
    parts.push(`list${count ? ` of ${count}` : ""}${items ? `, each ${typeLine(items, components)}` : ""}`);
  } else if (schema.type) {
    parts.push(String(schema.type) + (schema.format ? ` (${String(schema.format)})` : ""));
    if (schema.type === "string" && (schema.minLength !== undefined || schema.maxLength !== undefined)) parts.push(range(schema.minLength, schema.maxLength, "characters"));
    if (schema.type === "number" || schema.type === "integer") {
      const min = schema.minimum ?? schema.exclusiveMinimum;
      if (min !== undefined || schema.maximum !== undefined) parts.push(range(min, schema.maximum, ""));
    }
    // A short pattern reads well; a long one (zod's for a local date-time) is left to the JSON.
    if (schema.pattern && !schema.format) parts.push(String(schema.pattern).length <= 60 ? `matching ${String(schema.pattern)}` : "in the format the JSON document gives");
  } else if (schema.properties) {
    parts.push("object");
  } else {
    parts.push("any value");
  }
  if (name && !variants && schema.type === "object") parts[0] = name;
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.filter(Boolean).join(", ");
}

function range(min: unknown, max: unknown, unit: string): string {
  const u = unit ? ` ${unit}` : "";
  if (min !== undefined && max !== undefined) return `${String(min)} to ${String(max)}${u}`;
  if (min !== undefined) return `at least ${String(min)}${u}`;
  return `at most ${String(max)}${u}`;
}

/** The object a schema describes, if it is one (through a $ref, or an array's items). */
function objectOf(input: Json, components: Record<string, Json>, seen: Set<string>): { schema: Json; seen: Set<string> } | null {
  const { schema, name } = resolve(input, components);
  if (name && seen.has(name)) return null;
  const next = name ? new Set([...seen, name]) : seen;
  if (schema.properties) return { schema, seen: next };
  if (schema.type === "array" && schema.items) return objectOf(schema.items as Json, components, next);
  return null;
}

export function SchemaView({ schema, components, seen = new Set<string>(), depth = 0 }: { schema: Json; components: Record<string, Json>; seen?: Set<string>; depth?: number }) {
  const variants = (resolve(schema, components).schema.anyOf ?? resolve(schema, components).schema.oneOf) as Json[] | undefined;
  if (variants && variants.every((v) => objectOf(v, components, seen))) {
    // A union of objects (AssistInput's actions, MarkReadInput): each shape in turn.
    return (
      <ol className="space-y-3">
        {variants.map((v, i) => (
          <li key={i}>
            <p className="text-sm font-medium text-slate-700 dark:text-slate-300">{i === 0 ? "Either" : "or"}:</p>
            <SchemaView schema={v} components={components} seen={seen} depth={depth} />
          </li>
        ))}
      </ol>
    );
  }
  const obj = objectOf(schema, components, seen);
  if (!obj) return <p className="text-sm text-slate-700 dark:text-slate-300">{typeLine(schema, components)}</p>;
  const required = new Set((obj.schema.required as string[] | undefined) ?? []);
  const props = Object.entries((obj.schema.properties ?? {}) as Record<string, Json>);
  return (
    <ul className={`space-y-2 ${depth > 0 ? "mt-2 border-l-2 border-slate-200 pl-3 dark:border-slate-700" : ""}`}>
      {props.map(([name, prop]) => {
        const nested = depth < 4 ? objectOf(prop, components, obj.seen) : null;
        const description = resolve(prop, components).schema.description;
        return (
          <li key={name} className="text-sm">
            <span className="break-all">
              <code className={code}>{name}</code>
            </span>{" "}
            <span className={required.has(name) ? "font-semibold text-red-800 dark:text-red-300" : "text-slate-600 dark:text-slate-400"}>{required.has(name) ? "required" : "optional"}</span>
            <span className="text-slate-700 dark:text-slate-300"> · {typeLine(prop, components)}</span>
            {typeof description === "string" ? <p className="text-slate-600 dark:text-slate-400">{description}</p> : null}
            {nested ? <SchemaView schema={prop} components={components} seen={obj.seen} depth={depth + 1} /> : null}
          </li>
        );
      })}
      {obj.schema.additionalProperties === false ? <li className="text-xs text-slate-600 dark:text-slate-400">No other fields are accepted.</li> : null}
    </ul>
  );
}
