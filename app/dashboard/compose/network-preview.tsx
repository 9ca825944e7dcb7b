"use client";
// A post as one network's feed shows it (lib/social/preview.ts): the text cut where the feed folds
// it, with a real "more" button; pictures in the network's crop and grid; the link as a card (its
// domain and path, then the page's own card from link-card.tsx) or as the network treats it; thread parts as
// separate stacked posts. Approximations: docs/decisions.md, "Previews".
import { useState, type CSSProperties, type ReactNode } from "react";
import { gridCell, postPreview, type FoldedText, type PostPreview, type PreviewLink } from "@/lib/social/preview";
import { atHandle } from "@/lib/handle";
import type { ComposerAccount } from "./composer-state";
import { LinkCardBody } from "./link-card";
import type { MediaItem } from "./media-picker";

type Size = { width: number; height: number };

const muted = "text-slate-600 dark:text-slate-400";
const moreButton =
  "ml-1 rounded font-medium text-slate-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-slate-300 dark:focus-visible:ring-blue-400";

export function NetworkPreview({
  account,
  text,
  link,
  media,
  thread,
  firstComment,
  title,
  subreddit,
}: {
  account: ComposerAccount;
  text: string;
  link: string;
  media: MediaItem[];
  thread: string[];
  firstComment: string;
  /** Reddit's or YouTube's title, shown above the text. */
  title?: string;
  subreddit?: string;
}) {
  // Pictures' own sizes as they load: networks that show a picture's own shape need them.
  const [sizes, setSizes] = useState<Record<string, Size>>({});
  const items = media.filter((m) => m.state !== "error");
  const preview = postPreview(account, {
    text,
    link,
    media: items.map((m) => ({ isVideo: m.isVideo, ...sizes[m.key] })),
    thread,
  });
  const onSize = (key: string, s: Size) =>
    setSizes((prev) => (s.width > 0 && s.height > 0 && (prev[key]?.width !== s.width || prev[key]?.height !== s.height) ? { ...prev, [key]: s } : prev));
  const { rules } = preview;
  const name = account.displayName ?? account.handle;
  const thread_ = preview.parts.length > 0;

  return (
    <figure
      aria-label={`Preview on ${account.label}`}
      data-platform={account.platform}
      className="overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950"
    >
      <figcaption className="flex items-center gap-2 border-b border-slate-200 px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: rules.accent }} />
        Preview · {account.label}
        <span className="font-normal normal-case tracking-normal">— roughly as its feed shows it</span>
      </figcaption>
      <ol className={thread_ ? "divide-y divide-slate-200 dark:divide-slate-800" : ""} aria-label={thread_ ? "Thread" : undefined}>
        <PostShell account={account} name={name} label={preview.firstLabel} subreddit={subreddit} connect={thread_}>
          {title !== undefined ? (
            <p className="mt-1 break-words text-base font-semibold" data-testid="preview-title">
              {title.trim() || <span className={`font-normal italic ${muted}`}>No title yet.</span>}
            </p>
          ) : null}
          <FoldedBody text={preview.text} more={rules.fold?.more} empty={!text.trim() && !preview.text.shown} idBase={`pv-${account.platform}-0`} />
          {preview.notes.map((n) => (
            <p key={n} className={`mt-1 text-xs ${muted}`}>
              {n}
            </p>
          ))}
          <Media preview={preview} items={items} label={account.label} onSize={onSize} mediaMax={account.mediaMax} />
          <LinkView link={preview.link} label={account.label} />
        </PostShell>
        {preview.parts.map((p, i) => (
          <PostShell key={i} account={account} name={name} label={p.label} connect={i < preview.parts.length - 1}>
            <FoldedBody text={p.text} more={rules.fold?.more} empty={false} idBase={`pv-${account.platform}-${i + 1}`} />
          </PostShell>
        ))}
      </ol>
      {firstComment.trim() ? (
        <p className="border-t border-slate-200 px-3 py-2 text-sm dark:border-slate-800">
          <span className={`text-xs font-semibold ${muted}`}>First comment · </span>
          {firstComment}
        </p>
      ) : null}
    </figure>
  );
}

/** One post of the card: avatar, name and handle, then its body; thread parts are stacked posts joined by a line. */
function PostShell({
  account,
  name,
  label,
  subreddit,
  connect,
  children,
}: {
  account: ComposerAccount;
  name: string;
  label: string | null;
  subreddit?: string;
  connect: boolean;
  children: ReactNode;
}) {
  return (
    <li className="relative flex items-start gap-2 p-3" data-testid="preview-post" data-part={label ?? undefined}>
      <span className="flex flex-col items-center self-stretch">
        <span aria-hidden="true" className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-slate-300 text-sm font-semibold text-slate-800 dark:bg-slate-700 dark:text-slate-100">
          {name.replace(/^@/, "").slice(0, 1).toUpperCase()}
        </span>
        {connect ? <span aria-hidden="true" className="mt-1 w-0.5 flex-1 bg-slate-300 dark:bg-slate-700" /> : null}
      </span>
      <div className="min-w-0 flex-1">
        <p className="text-sm">
          <span className="font-semibold">{name}</span> <span className={muted}>{atHandle(account.handle)}</span>
          {subreddit ? <span className={muted}> · r/{subreddit}</span> : null}
          {label ? (
            <span className={`ml-1 text-xs ${muted}`}>
              · <span className="sr-only">Part </span>
              {label}
            </span>
          ) : null}
        </p>
        {children}
      </div>
    </li>
  );
}

function FoldedBody({ text, more, empty, idBase }: { text: FoldedText; more?: string; empty: boolean; idBase: string }) {
  const [open, setOpen] = useState(false);
  if (empty) return <p className={`mt-1 text-sm italic ${muted}`}>Nothing written yet.</p>;
  if (!text.shown && !text.rest) return null;
  return (
    <p id={idBase} className="mt-1 whitespace-pre-wrap break-words text-sm" data-testid="preview-text" data-folded={text.folded && !open ? "true" : "false"}>
      {text.folded && !open ? text.shown : text.shown + text.rest}
      {text.folded ? (
        <button type="button" className={moreButton} aria-expanded={open} aria-controls={idBase} onClick={() => setOpen((o) => !o)}>
          {open ? "Show less" : (more ?? "… more")}
        </button>
      ) : null}
    </p>
  );
}

function Media({
  preview,
  items,
  label,
  mediaMax,
  onSize,
}: {
  preview: PostPreview;
  items: MediaItem[];
  label: string;
  mediaMax: number;
  onSize: (key: string, s: Size) => void;
}) {
  const m = preview.media;
  if (m.layout === "none") {
    return m.dropped > 0 ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{label} posts cannot carry media.</p> : null;
  }
  const fit = m.fill === "pad" ? "object-contain bg-white" : "object-cover";
  const shown = m.shown.map((i) => items[i]);
  const box: CSSProperties = { aspectRatio: String(m.ratio) };
  let body: ReactNode;
  if (m.layout === "grid") {
    body = (
      <div
        data-testid="preview-media"
        data-layout="grid"
        data-ratio={m.ratio.toFixed(3)}
        className="mt-2 grid grid-cols-2 grid-rows-2 gap-0.5 overflow-hidden rounded-lg"
        style={box}
      >
        {shown.map((item, i) => {
          const cell = gridCell(i, shown.length);
          return (
            <div key={item.key} className="relative min-h-0 min-w-0" style={{ gridColumn: cell.column, gridRow: cell.row }}>
              <Picture item={item} className={`h-full w-full ${fit}`} onSize={onSize} />
              {i === shown.length - 1 && m.more > 0 ? (
                <span className="absolute inset-0 flex items-center justify-center bg-black/50 text-lg font-semibold text-white">+{m.more}</span>
              ) : null}
            </div>
          );
        })}
      </div>
    );
  } else if (m.layout === "carousel") {
    body = (
      <div data-testid="preview-media" data-layout="carousel" data-ratio={m.ratio.toFixed(3)} className="mt-2">
        <div className="flex snap-x snap-mandatory gap-1 overflow-x-auto rounded-lg" tabIndex={0} role="group" aria-label={`${shown.length} items, swipe to see each`}>
          {shown.map((item) => (
            <div key={item.key} className="w-4/5 shrink-0 snap-start overflow-hidden rounded-lg" style={box}>
              <Picture item={item} className={`h-full w-full ${fit}`} onSize={onSize} />
            </div>
          ))}
        </div>
        <p className={`mt-1 text-center text-xs ${muted}`} aria-hidden="true">
          {shown.map((_, i) => (i === 0 ? "●" : "○")).join(" ")}
        </p>
      </div>
    );
  } else {
    body = (
      <div data-testid="preview-media" data-layout="single" data-ratio={m.ratio.toFixed(3)} className="mt-2 overflow-hidden rounded-lg" style={box}>
        <Picture item={shown[0]} className={`h-full w-full ${fit}`} onSize={onSize} />
      </div>
    );
  }
  return (
    <>
      {body}
      {m.dropped > 0 ? (
        <p className="mt-1 text-xs text-red-700 dark:text-red-400">
          {label} shows at most {mediaMax} media items.
        </p>
      ) : null}
    </>
  );
}

function Picture({ item, className, onSize }: { item: MediaItem; className: string; onSize: (key: string, s: Size) => void }) {
  if (item.isVideo) {
    return (
      <video
        src={item.preview}
        className={className}
        muted
        preload="metadata"
        aria-label={`Video ${item.name}`}
        onLoadedMetadata={(e) => onSize(item.key, { width: e.currentTarget.videoWidth, height: e.currentTarget.videoHeight })}
      />
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a local preview of an upload
    <img
      src={item.preview}
      alt={item.altText || `Image without alt text (${item.name})`}
      className={className}
      onLoad={(e) => onSize(item.key, { width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
    />
  );
}

function LinkView({ link, label }: { link: PreviewLink; label: string }) {
  if (!link) return null;
  if (link.kind === "plain") {
    return (
      <p className={`mt-2 rounded-md bg-slate-100 px-2 py-1 text-xs dark:bg-slate-900 ${muted}`} data-testid="preview-link-note">
        {link.note}
      </p>
    );
  }
  if (link.kind === "text") return null;
  return (
    <div className="mt-2 overflow-hidden rounded-lg border border-slate-200 dark:border-slate-800" data-testid="preview-link-card" aria-label={`Link card on ${label}`} role="group">
      <LinkCardBody
        url={link.url}
        domain={link.domain}
        fallback={
          <>
            <div aria-hidden="true" className="flex aspect-[1.91] items-center justify-center bg-slate-100 text-3xl text-slate-400 dark:bg-slate-900 dark:text-slate-600">
              🔗
            </div>
            <div className="px-3 py-2">
              <p className={`truncate text-xs uppercase ${muted}`}>{link.domain}</p>
              <p className="truncate text-sm font-medium">{link.path || link.domain}</p>
              <p className={`text-xs ${muted}`}>The network fills in the page’s title and picture when it posts.</p>
            </div>
          </>
        }
      />
    </div>
  );
}
