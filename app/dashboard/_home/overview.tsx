// The dashboard home's overview once a workspace has posts: the next posts to go out, the latest
// results and the failures that need a person, each with an empty state. Times are in the
// workspace's zone on a 24-hour clock (docs/design.md, style 11); handles through atHandle.
import Link from "next/link";
import { atHandle } from "@/lib/handle";
import type { Overview as OverviewData } from "@/lib/overview";
import { formatWhen, platformLabel, statusLabel, toneFor } from "../_live/format";

const linkClass =
  "rounded text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300";
const muted = "text-sm text-slate-600 dark:text-slate-400";

const focusHref = (postId: string) => `/dashboard/posts?focus=${encodeURIComponent(postId)}`;

function Badge({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneFor(status)}`} data-status={status}>
      {label ?? statusLabel(status)}
    </span>
  );
}

function When({ at, timeZone }: { at: Date | null; timeZone: string }) {
  if (!at) return null;
  return (
    <time dateTime={at.toISOString()} className={muted}>
      {formatWhen(at, timeZone)}
    </time>
  );
}

/** The post's text as the link to it on the Posts page, cut to two lines. */
function PostLink({ postId, text }: { postId: string; text: string }) {
  return (
    <Link href={focusHref(postId)} className={`${linkClass} mt-1 line-clamp-2 break-words`}>
      {text}
    </Link>
  );
}

function Panel({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function Overview({ data, timeZone, canCompose }: { data: OverviewData; timeZone: string; canCompose: boolean }) {
  const more = data.failureCount - data.failures.length;
  return (
    <div className="mt-8 space-y-6">
      <Panel id="next-posts" title="Next posts">
        {data.next.length ? (
          <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800">
            {data.next.map((p) => (
              <li key={p.id} data-post-id={p.id} className="py-3">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <When at={p.scheduledAt} timeZone={timeZone} />
                  {p.awaitingApproval ? <Badge status="pending" label="Waiting for approval" /> : null}
                  {p.status === "publishing" ? <Badge status="publishing" /> : null}
                </div>
                <PostLink postId={p.id} text={p.text} />
                <p className={`mt-1 break-words ${muted}`}>
                  {p.targets.map((t) => `${platformLabel(t.platform)} ${atHandle(t.handle)}`).join(" · ")}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className={`mt-2 ${muted}`}>
            Nothing is scheduled.{" "}
            {canCompose ? (
              <Link href="/dashboard/compose" className={linkClass}>
                Write a post
              </Link>
            ) : null}
          </p>
        )}
      </Panel>

      <Panel id="recent-results" title="Recent results">
        {data.recent.length ? (
          <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800">
            {data.recent.map((t) => {
              const label = platformLabel(t.platform);
              return (
                <li key={t.id} data-target-id={t.id} data-platform={t.platform} className="py-3">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <span className="font-medium">{label}</span>
                    <span className={muted}>{atHandle(t.handle)}</span>
                    <When at={t.publishedAt} timeZone={timeZone} />
                  </div>
                  <PostLink postId={t.postId} text={t.text} />
                  {t.simulated ? (
                    <p className="mt-1">
                      <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-800 dark:bg-slate-800 dark:text-slate-200">
                        Simulated: nothing was sent to {label}
                      </span>
                    </p>
                  ) : t.url ? (
                    <p className="mt-1 text-sm">
                      <a href={t.url} target="_blank" rel="noreferrer noopener" className={`${linkClass} font-medium`}>
                        View on {label}
                        <span className="sr-only"> (opens in a new tab)</span>
                      </a>
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className={`mt-2 ${muted}`}>Nothing has been published yet. Published posts and their links show here.</p>
        )}
      </Panel>

      <Panel id="needs-attention" title="Needs attention">
        {data.failures.length ? (
          <>
            <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800">
              {data.failures.map((t) => {
                const label = platformLabel(t.platform);
                return (
                  <li key={t.id} data-target-id={t.id} data-platform={t.platform} data-status={t.status} className="py-3">
                    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                      <span className="font-medium">{label}</span>
                      <span className={muted}>{atHandle(t.handle)}</span>
                      <Badge status={t.status} />
                    </div>
                    <PostLink postId={t.postId} text={t.text} />
                    {t.status === "needs_review" ? (
                      <p className="mt-1 text-sm text-amber-950 dark:text-amber-100">
                        Herald sent this post to {label} but did not hear back, so it cannot tell whether it went out. Open the post to
                        mark it as published or publish it again.
                      </p>
                    ) : null}
                    {t.error ? (
                      <p className="mt-1 break-words text-sm text-red-800 dark:text-red-300">
                        <span className="font-medium">What went wrong: </span>
                        {t.error}
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
            {more > 0 ? (
              <p className="mt-2 text-sm">
                <Link href="/dashboard/posts" className={linkClass}>
                  {more} more on the Posts page
                </Link>
              </p>
            ) : null}
          </>
        ) : (
          <p className={`mt-2 ${muted}`}>Nothing needs your attention: no post has failed.</p>
        )}
      </Panel>
    </div>
  );
}
