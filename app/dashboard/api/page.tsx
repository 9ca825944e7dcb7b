// /dashboard/api — the API reference, for anyone signed in: every operation of the OpenAPI
// document (GET /api/openapi.json) grouped by tag, with its method and path, who may call it,
// its parameters, its body's fields as the route's zod schema accepts them, examples and errors.
// Rendered on the server from the same document (lib/openapi/document.ts; docs/decisions.md,
// "OpenAPI"); no script needed, each operation opens with <details>.
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { AUTH_TEXT, openApiDocument, operationId } from "@/lib/openapi/document";
import type { Auth } from "@/lib/openapi/operations";
import { pageSession } from "../page-context";
import { SchemaView, typeLine } from "./schema-view";

export const metadata: Metadata = { title: "API reference · Herald" };

type Json = Record<string, unknown>;

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  POST: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  PUT: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  PATCH: "bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200",
  DELETE: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
};

const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-900 dark:bg-slate-800 dark:text-slate-100";
const pre = "mt-1 max-w-full overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100";
const h3 = "mt-4 text-sm font-semibold text-slate-900 dark:text-slate-100";

const anchor = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export default async function ApiReferencePage() {
  const { session } = await pageSession("/dashboard/api");
  const doc = openApiDocument();
  const components = doc.components.schemas;
  const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

  return (
    <AppFrame user={session.user} wide>
      <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
      <div className="mt-2 space-y-2 text-sm text-slate-700 dark:text-slate-300">
        <p>
          Herald&rsquo;s REST API, version {String(doc.info.version)}: {ops.length} operations. Scripts authenticate with a workspace API key as{" "}
          <code className={code}>Authorization: Bearer &lt;key&gt;</code>; create one in <Link href="/dashboard/settings#api-keys" className="font-medium text-blue-800 underline dark:text-blue-300">Settings → API keys</Link>. A key acts as an admin of its workspace.
        </p>
        <p>
          Every answer is JSON with <code className={code}>success</code>; an error is <code className={code}>{"{ success: false, error: { code, message, fields? } }"}</code>, and a refused field is named in <code className={code}>fields</code>.
        </p>
        <p>
          <a href="/api/openapi.json" className="font-medium text-blue-800 underline dark:text-blue-300">
            The OpenAPI 3.1 document (JSON)
          </a>{" "}
          — for Postman, code generators and other tools.
        </p>
      </div>

      <nav aria-label="API sections" className="mt-6">
        <ul className="flex flex-wrap gap-2">
          {doc.tags.map((t) => (
            <li key={t.name}>
              <a href={`#${anchor(t.name)}`} className="inline-block rounded-full border border-slate-300 px-3 py-1 text-sm text-slate-800 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800">
                {t.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {doc.tags.map((tag) => (
        <section key={tag.name} id={anchor(tag.name)} aria-labelledby={`${anchor(tag.name)}-title`} className="mt-8 scroll-mt-6">
          <h2 id={`${anchor(tag.name)}-title`} className="text-xl font-semibold">
            {tag.name}
          </h2>
          {tag.description ? <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{tag.description}</p> : null}
          <div className="mt-3 space-y-2">
            {ops
              .filter(({ op }) => (op.tags as string[])[0] === tag.name)
              .map(({ path, method, op }) => (
                <Operation key={`${method} ${path}`} path={path} method={method} op={op} components={components} />
              ))}
          </div>
        </section>
      ))}
    </AppFrame>
  );
}

function Operation({ path, method, op, components }: { path: string; method: string; op: Json; components: Record<string, Json> }) {
  const id = operationId({ method: method.toLowerCase() as "get", path });
  const params = (op.parameters ?? []) as Json[];
  const body = op.requestBody as { required?: boolean; content: Record<string, Json> } | undefined;
  const responses = Object.entries(op.responses as Record<string, Json>);
  return (
    <details id={id} className="group rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-3 gap-y-1 p-3 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
        <code className="min-w-0 break-all font-mono text-sm font-semibold text-slate-900 dark:text-slate-100">{path}</code>
        <span className="min-w-0 basis-full text-sm text-slate-700 sm:basis-auto dark:text-slate-300">{String(op.summary)}</span>
      </summary>
      <div className="border-t border-slate-200 p-3 dark:border-slate-800" data-operation={`${method} ${path}`}>
        {op.description ? <p className="text-sm text-slate-700 dark:text-slate-300">{String(op.description)}</p> : null}
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="font-medium text-slate-900 dark:text-slate-100">Auth</dt>
          <dd className="text-slate-700 dark:text-slate-300">{AUTH_TEXT[op["x-herald-auth"] as Auth]}</dd>
          {op["x-herald-min-role"] ? (
            <>
              <dt className="font-medium text-slate-900 dark:text-slate-100">Role</dt>
              <dd className="text-slate-700 dark:text-slate-300">{String(op["x-herald-min-role"])} or higher</dd>
            </>
          ) : null}
        </dl>

        {params.length > 0 ? (
          <>
            <h3 className={h3}>Parameters</h3>
            <ul className="mt-1 space-y-1">
              {params.map((p) => (
                <li key={`${String(p.in)} ${String(p.name)}`} className="text-sm">
                  <code className={code}>{String(p.name)}</code> <span className="text-slate-600 dark:text-slate-400">in {String(p.in)}</span>{" "}
                  <span className={p.required ? "font-semibold text-red-800 dark:text-red-300" : "text-slate-600 dark:text-slate-400"}>{p.required ? "required" : "optional"}</span>
                  <span className="text-slate-700 dark:text-slate-300">
                    {" "}
                    · {typeLine(p.schema as Json, components)}
                    {p.explode === false ? " (comma-separated)" : ""}
                  </span>
                  {p.description ? <span className="block text-slate-600 dark:text-slate-400">{String(p.description)}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {body
          ? Object.entries(body.content).map(([type, media]) => (
              <div key={type}>
                <h3 className={h3}>
                  Body <span className="font-normal text-slate-600 dark:text-slate-400">({type}{body.required ? "" : ", optional"})</span>
                </h3>
                <div className="mt-1">
                  <SchemaView schema={media.schema as Json} components={components} />
                </div>
                {Object.values((media.examples ?? {}) as Record<string, { summary: string; value: unknown }>).map((ex) => (
                  <div key={ex.summary} className="mt-2">
                    <p className="text-sm font-medium text-slate-800 dark:text-slate-200">Example: {ex.summary}</p>
                    <pre className={pre} tabIndex={0}>
                      {typeof ex.value === "string" ? ex.value : JSON.stringify(ex.value, null, 2)}
                    </pre>
                  </div>
                ))}
              </div>
            ))
          : null}

        <h3 className={h3}>Responses</h3>
        <ul className="mt-1 space-y-1 text-sm">
          {responses.map(([status, r]) => {
            const ref = typeof r.$ref === "string" ? r.$ref.split("/").at(-1)! : null;
            const res = (ref ? (openApiDocument().components.responses[ref] as Json) : r) ?? {};
            const props = ((((res.content as Json | undefined)?.["application/json"] as Json | undefined)?.schema as Json | undefined)?.properties ?? {}) as Record<string, Json>;
            const fields = Object.entries(props).filter(([k]) => k !== "success" && typeof props[k].description === "string");
            return (
              <li key={status}>
                <span className={`font-mono font-semibold ${Number(status) < 400 ? "text-emerald-800 dark:text-emerald-300" : "text-red-800 dark:text-red-300"}`}>{status}</span>{" "}
                <span className="text-slate-700 dark:text-slate-300">{String(res.description ?? "")}</span>
                {fields.length > 0 ? (
                  <ul className="ml-4 mt-1 list-disc space-y-0.5 pl-4">
                    {fields.map(([k, v]) => (
                      <li key={k}>
                        <code className={code}>{k}</code> <span className="text-slate-600 dark:text-slate-400">{String(v.description)}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ul>
      </div>
    </details>
  );
}
