// What the composer's alert says after a request: plain functions that build the alert's content
// when the answer arrives (not components), so a date that cannot be shown fails inside the request.
import Link from "next/link";

export const OFFLINE = "Could not reach Herald. Check your connection and try again.";
export const EMPTY_POST = "Write the post’s text, or add a photo or video, before scheduling it.";
export const NO_QUEUE = "“Add to queue” is not available on this server yet. Pick a time and use “Schedule” instead.";

const linkClass = "font-medium underline underline-offset-2";

export function formatWhen(iso: string, timeZone: string) {
  const d = new Date(iso);
  const f = (tz?: string) =>
    new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: tz }).format(d);
  const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return viewer === timeZone ? `${f(timeZone)} (${timeZone})` : `${f(timeZone)} (${timeZone}), ${f()} your time`;
}

/** A refused request: its message, what to do about a 403, and the problems no field shows. */
export function apiErrorMessage({ message, status, unplaced, marked }: { message: string; status: number; unplaced: string[]; marked: boolean }) {
  return (
    <>
      <p className="font-medium">{message}</p>
      {status === 403 ? <p>Ask an admin of this workspace for the editor role.</p> : null}
      {unplaced.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {unplaced.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : marked ? (
        <p>The fields that need changes are marked below.</p>
      ) : null}
    </>
  );
}

/**
 * Scheduling refused in the browser, by who refuses: the subreddit's rules (redditBlockers) or
 * TikTok's disclosure (tiktokBlockers).
 */
export const BLOCKED = {
  reddit: apiErrorMessage({ message: "The post was not scheduled: the subreddit does not take it as it is.", status: 400, unplaced: [], marked: true }),
  tiktok: apiErrorMessage({ message: "The post was not scheduled: TikTok’s commercial-content disclosure is not complete.", status: 400, unplaced: [], marked: true }),
};

export function noSlotMessage(slotCount: number | undefined) {
  return (
    <>
      {slotCount === 0 ? "This workspace has no posting slots yet. " : "Every posting slot in the coming weeks is taken. "}
      <Link href="/dashboard/settings" className={linkClass}>
        Set up posting slots
      </Link>{" "}
      or pick a time and use “Schedule”.
    </>
  );
}

/**
 * A scheduled post: `when` it goes out, or, when it is `held` for approval, when it was `planned`
 * (null for "Publish now").
 */
export function scheduledMessage(o: { postId: string; now: boolean; held: boolean; paused?: boolean; when: string | null; planned: string | null; timeZone: string; draftLeft?: boolean }) {
  return (
    <>
      <p className="font-medium">
        {o.held ? "Waiting for approval" : o.now && !o.paused ? "Publishing now" : "Scheduled"}
        {o.when && !o.held ? ` for ${formatWhen(o.when, o.timeZone)}` : ""}.
      </p>
      {o.paused ? <p>Publishing is paused for this workspace: nothing goes out until an admin resumes it.</p> : null}
      {o.held ? (
        <p>
          An admin or owner of this workspace must approve this post before it is published
          {o.planned === null ? "" : ` (planned for ${formatWhen(o.planned, o.timeZone)})`}.
        </p>
      ) : null}
      <p>
        <Link href={`/dashboard/posts?focus=${encodeURIComponent(o.postId)}`} className={linkClass}>
          Open the post
        </Link>{" "}
        ·{" "}
        <Link href="/dashboard/calendar" className={linkClass}>
          See it in the calendar
        </Link>
      </p>
      {o.draftLeft ? <p>The draft it came from could not be removed; delete it on the Posts page so it is not scheduled twice.</p> : null}
    </>
  );
}

/** The changes to a scheduled post were saved; it goes out `when`. */
export function changesSavedMessage(o: { postId: string; when: string | null; timeZone: string }) {
  return (
    <p>
      <span className="font-medium">Changes saved.</span>
      {o.when ? ` It goes out ${formatWhen(o.when, o.timeZone)}.` : ""}{" "}
      <Link href={`/dashboard/posts?focus=${encodeURIComponent(o.postId)}`} className={linkClass}>
        Open the post
      </Link>
    </p>
  );
}

export function draftSavedMessage(postId: string) {
  return (
    <p>
      <span className="font-medium">Draft saved.</span> Nothing will be published until you schedule it.{" "}
      <Link href={`/dashboard/posts?focus=${encodeURIComponent(postId)}`} className={linkClass}>
        Open the draft
      </Link>
    </p>
  );
}
