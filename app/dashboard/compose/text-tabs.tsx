// The text: a tab for every platform's text (the WAI-ARIA tabs pattern with automatic
// activation), "All platforms" with the main text and every account's counter, and a platform's
// tab with its override and preview.
import { useRef, type Dispatch, type KeyboardEvent } from "react";
import type { AccountValidation } from "@/lib/compose";
import { Counter } from "./counter";
import type { ComposerAccount, ComposerAction, ComposerState } from "./composer-state";
import { PlatformPanel } from "./platform-panel";
import { border, focusRing, textareaClass } from "./styles";

export function TextTabs({
  id,
  state,
  dispatch,
  chosen,
  platforms,
  activeTab,
  lengthFor,
  checkFor,
}: {
  id: string;
  state: ComposerState;
  dispatch: Dispatch<ComposerAction>;
  chosen: ComposerAccount[];
  platforms: ComposerAccount[];
  activeTab: string;
  lengthFor: (a: ComposerAccount) => number;
  checkFor: (accountId: string) => AccountValidation | undefined;
}) {
  const { content, overrides, errors } = state;
  const setTab = (tab: string) => dispatch({ type: "tab", tab });

  // Arrow keys, Home and End move between the tabs.
  const tabs = ["all", ...platforms.map((p) => p.platform)];
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  function onTabKey(e: KeyboardEvent<HTMLButtonElement>) {
    const i = tabs.indexOf(activeTab);
    const next = e.key === "ArrowRight" ? (i + 1) % tabs.length : e.key === "ArrowLeft" ? (i - 1 + tabs.length) % tabs.length : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(tabs[next]);
    tabRefs.current.get(tabs[next])?.focus();
  }
  const tabLabel = (t: string) => (t === "all" ? "All platforms" : (platforms.find((p) => p.platform === t)?.label ?? t));
  const tabHasError = (t: string) => (t === "all" ? !!errors.content : !!errors[`config.overrides.${t}`] || chosen.some((a) => a.platform === t && checkFor(a.id)?.ok === false));
  const account = platforms.find((p) => p.platform === activeTab);

  return (
    <>
      <div role="tablist" aria-label="Text per platform" className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800">
        {tabs.map((t) => (
          <button
            key={t}
            ref={(el) => {
              if (el) tabRefs.current.set(t, el);
              else tabRefs.current.delete(t);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t}`}
            aria-selected={activeTab === t}
            aria-controls={`${id}-panel`}
            tabIndex={activeTab === t ? 0 : -1}
            onClick={() => setTab(t)}
            onKeyDown={onTabKey}
            className={`-mb-px rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium ${focusRing} ${
              activeTab === t ? "border-blue-700 text-blue-800 dark:border-blue-400 dark:text-blue-300" : "border-transparent text-slate-700 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
            }`}
          >
            {tabLabel(t)}
            {t !== "all" && overrides[t] !== undefined ? <span className="ml-1 text-xs">(custom)</span> : null}
            {tabHasError(t) ? (
              <span className="ml-1 text-red-700 dark:text-red-400">
                <span aria-hidden="true">!</span>
                <span className="sr-only">, has problems</span>
              </span>
            ) : null}
          </button>
        ))}
      </div>

      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${activeTab}`} className="space-y-3">
        {!account ? (
          <>
            <label htmlFor={`${id}-content`} className="sr-only">
              Post text for every platform
            </label>
            <textarea
              id={`${id}-content`}
              rows={6}
              value={content}
              onChange={(e) => dispatch({ type: "content", text: e.target.value })}
              placeholder="What would you like to share?"
              aria-invalid={errors.content ? true : undefined}
              aria-describedby={`${id}-counters${errors.content ? ` ${id}-content-err` : ""}`}
              className={`${textareaClass} ${border(errors.content)}`}
            />
            {errors.content ? (
              <p id={`${id}-content-err`} className="text-sm font-medium text-red-700 dark:text-red-400">
                {errors.content}
              </p>
            ) : null}
            <div id={`${id}-counters`} className="flex flex-wrap gap-x-4 gap-y-1">
              {chosen.length === 0 ? (
                <span className="text-xs text-slate-600 dark:text-slate-400">Choose accounts to see each platform’s count.</span>
              ) : (
                chosen.map((a) => <Counter key={a.id} length={lengthFor(a)} max={a.maxLength} label={`${a.label}${overrides[a.platform] !== undefined ? " (custom)" : ""}`} />)
              )}
            </div>
          </>
        ) : (
          <PlatformPanel
            account={account}
            idBase={`${id}-${activeTab}`}
            override={overrides[activeTab]}
            mainText={content}
            setOverride={(text) => dispatch({ type: "override", platform: activeTab, text })}
            error={errors[`config.overrides.${activeTab}`]}
            length={lengthFor(account)}
            link={state.link}
            media={state.media}
            thread={state.thread.filter((t) => t.trim())}
            firstComment={state.firstComment}
            reddit={account.platform === "reddit" ? state.reddit : undefined}
            youtubeTitle={account.platform === "youtube" ? state.youtube.title : undefined}
          />
        )}
      </div>
    </>
  );
}
