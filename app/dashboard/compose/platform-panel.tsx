// One platform's tab: its own text (or the main one), its count, and a preview of the post as that
// network's feed shows it (network-preview.tsx: the fold, the crop, the link card, the thread's
// parts, the first comment; on Reddit: subreddit and title first; on YouTube: the video's title
// over its description).
import { Counter } from "./counter";
import type { ComposerAccount } from "./composer-state";
import type { MediaItem } from "./media-picker";
import { NetworkPreview } from "./network-preview";
import { border, textareaClass } from "./styles";

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

      <NetworkPreview
        account={account}
        text={text}
        link={link}
        media={media}
        thread={thread}
        firstComment={firstComment}
        title={title}
        subreddit={reddit?.subreddit || undefined}
      />
    </div>
  );
}
