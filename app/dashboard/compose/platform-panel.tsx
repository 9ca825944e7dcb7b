// One platform's tab: its own text (or the main one), its count, and a preview of the post as that
// platform shows it, with media, thread and first comment (on Reddit: subreddit and title first;
// on YouTube: the video's title over its description).
import { shownText } from "./count";
import { Counter } from "./counter";
import type { ComposerAccount } from "./composer-state";
import type { MediaItem } from "./media-picker";
import { border, textareaClass } from "./styles";
import { atHandle } from "@/lib/handle";

export function PlatformPanel({
  account,
  idBase,
  override,
  mainText,
  setOverride,
  error,
  length,
  link,
  media,
  thread,
  firstComment,
  reddit,
  youtubeTitle,
}: {
  account: ComposerAccount;
  idBase: string;
  override: string | undefined;
  mainText: string;
  setOverride: (v: string | undefined) => void;
  error?: string;
  length: number;
  link: string;
  media: MediaItem[];
  thread: string[];
  firstComment: string;
  /** A Reddit post's subreddit and title (the Reddit section). */
  reddit?: { subreddit: string; title: string };
  /** A YouTube video's title (the YouTube section); the text is its description. */
  youtubeTitle?: string;
}) {
  const title = reddit?.title ?? youtubeTitle;
  const text = override ?? mainText;
  const shown = shownText(account, text, link);
  const images = media.filter((m) => m.state !== "error");
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={override !== undefined} onChange={(e) => setOverride(e.target.checked ? mainText : undefined)} className="accent-blue-700" />
        Write different text for {account.label}
      </label>
      {override !== undefined ? (
        <>
          <label htmlFor={`${idBase}-text`} className="sr-only">
            Text for {account.label}
          </label>
          <textarea
            id={`${idBase}-text`}
            rows={5}
            value={override}
            onChange={(e) => setOverride(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${idBase}-count${error ? ` ${idBase}-err` : ""}`}
            className={`${textareaClass} ${border(error)}`}
          />
          {error ? (
            <p id={`${idBase}-err`} className="text-sm font-medium text-red-700 dark:text-red-400">
              {error}
            </p>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">Uses the text of “All platforms”.</p>
      )}
      <p id={`${idBase}-count`}>
        <Counter length={length} max={account.maxLength} label={`${account.label} characters`} />
      </p>

      <figure aria-label={`Preview on ${account.label}`} className="rounded-lg border border-slate-200 bg-slate-50 p-3 dark:border-slate-800 dark:bg-slate-950">
        <figcaption className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Preview · {account.label}</figcaption>
        <div className="flex items-start gap-2">
          <span aria-hidden="true" className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-slate-300 text-sm font-semibold text-slate-800 dark:bg-slate-700 dark:text-slate-100">
            {(account.displayName ?? account.handle).replace(/^@/, "").slice(0, 1).toUpperCase()}
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-sm">
              <span className="font-semibold">{account.displayName ?? account.handle}</span>{" "}
              <span className="text-slate-600 dark:text-slate-400">{atHandle(account.handle)}</span>
              {reddit?.subreddit ? <span className="text-slate-600 dark:text-slate-400"> · r/{reddit.subreddit}</span> : null}
            </p>
            {title !== undefined ? (
              <p className="mt-1 break-words text-base font-semibold" data-testid="preview-title">
                {title.trim() || <span className="font-normal italic text-slate-600 dark:text-slate-400">No title yet.</span>}
              </p>
            ) : null}
            <p className="mt-1 whitespace-pre-wrap break-words text-sm">{shown || <span className="italic text-slate-600 dark:text-slate-400">Nothing written yet.</span>}</p>
            {images.length > 0 ? (
              <div className={`mt-2 grid gap-1 ${images.length > 1 ? "grid-cols-2" : ""}`}>
                {images.slice(0, Math.max(account.mediaMax, 1)).map((m) =>
                  m.isVideo ? (
                    <video key={m.key} src={m.preview} className="max-h-48 w-full rounded object-cover" muted aria-label={`Video ${m.name}`} />
                  ) : (
                    // eslint-disable-next-line @next/next/no-img-element -- a local preview of an upload
                    <img key={m.key} src={m.preview} alt={m.altText || `Image without alt text (${m.name})`} className="max-h-48 w-full rounded object-cover" />
                  ),
                )}
              </div>
            ) : null}
            {images.length > account.mediaMax ? (
              <p className="mt-1 text-xs text-red-700 dark:text-red-400">
                {account.label} shows at most {account.mediaMax} media items.
              </p>
            ) : null}
          </div>
        </div>
        {thread.length > 0 ? (
          <ol className="mt-3 space-y-2 border-l-2 border-slate-300 pl-3 text-sm dark:border-slate-700" aria-label="Thread">
            {thread.map((t, i) => (
              <li key={i} className="whitespace-pre-wrap break-words">
                <span className="sr-only">Part {i + 2}: </span>
                {t}
              </li>
            ))}
          </ol>
        ) : null}
        {firstComment.trim() ? (
          <p className="mt-3 border-t border-slate-200 pt-2 text-sm dark:border-slate-800">
            <span className="text-xs font-semibold text-slate-600 dark:text-slate-400">First comment · </span>
            {firstComment}
          </p>
        ) : null}
      </figure>
    </div>
  );
}
