"use client";
// The composer: one text for every chosen account, overridable per platform in its own tab, with
// a live preview and counters (instant here, confirmed by POST /api/posts/validate with each
// account's adapter), Reddit's subreddit and title, YouTube's and TikTok's own fields, WhatsApp's
// recipient lists and template, media,
// thread, first comment, campaign, schedule and recurrence, and four ways out.
// The draft lives in one reducer (composer-state.ts); the panels beside this file show parts of it.
import { useId, useMemo, useReducer, useState } from "react";
import { FormAlert } from "@/app/_components/form";
import { countFor } from "./count";
import { MediaPicker } from "./media-picker";
import { BestTimeHint } from "./best-time-hint";
import { AssistPanel } from "./assist-panel";
import { ComplianceFindings } from "./compliance-findings";
import { ScheduleFields } from "./schedule-fields";
import { CampaignField, type CampaignOption } from "./campaign-field";
import { activeTabOf, chosenOf, configOf, initialState, redditBlockers, reducer, tiktokBlockers, type ComposerAccount } from "./composer-state";
import { AccountChooser } from "./account-chooser";
import { TextTabs } from "./text-tabs";
import { Checks } from "./checks";
import { FirstCommentField, LinkField, ThreadParts } from "./post-extras";
import { RedditSection, redditAccountOf, useSubredditRules } from "./reddit-section";
import { YoutubeSection } from "./youtube-section";
import { TikTokSection } from "./tiktok-section";
import { WhatsappSection, whatsappAccountOf } from "./whatsapp-section";
import { ActionsBar } from "./actions-bar";
import { useValidation } from "./use-validation";
import { useSubmit, type Editing } from "./use-submit";
import { seededState, type ComposerSeed } from "./from-post";

export type { ComposerAccount };

export function Composer({
  accounts,
  timeZone,
  today,
  canEdit,
  defaultTime = "09:00",
  seed = null,
  campaigns = [],
  campaignId = "",
}: {
  accounts: ComposerAccount[];
  timeZone: string;
  today: string;
  canEdit: boolean;
  defaultTime?: string;
  /** A saved post to edit, reopen or copy (from-post.ts). */
  seed?: ComposerSeed | null;
  /** The workspace's campaigns, for the Campaign choice. */
  campaigns?: CampaignOption[];
  /** The campaign a new post starts in (?campaign=). */
  campaignId?: string;
}) {
  const id = useId();
  const [state, dispatch] = useReducer(reducer, { accounts, today, defaultTime, campaignId }, (args) =>
    seed ? seededState(initialState(args), seed, accounts, timeZone) : initialState(args),
  );
  const [editing, setEditing] = useState<Editing | null>(seed && seed.mode !== "duplicate" ? { postId: seed.postId, mode: seed.mode } : null);
  const { selected, content, overrides, link, media, thread, firstComment, reddit, youtube, tiktok, whatsapp, schedule, agentBrief, refused } = state;

  const { chosen, platforms } = useMemo(() => chosenOf(accounts, selected), [accounts, selected]);
  const activeTab = activeTabOf(state.tab, platforms);
  const uploading = media.some((m) => m.state === "uploading");
  const config = useMemo(
    () => configOf({ media, thread, overrides, link, firstComment, reddit, youtube, tiktok, whatsapp }, platforms),
    [media, thread, overrides, platforms, link, firstComment, reddit, youtube, tiktok, whatsapp],
  );
  const tiktokAccounts = chosen.filter((a) => a.platform === "tiktok");
  const hasYoutube = chosen.some((a) => a.platform === "youtube");
  // Simulated YouTube accounts spend no quota: only a real one's Google app has a count to show.
  const quotaAccount = chosen.find((a) => a.platform === "youtube" && !a.simulated);
  const whatsappAccount = whatsappAccountOf(chosen);

  // The subreddit's rules, read with a chosen Reddit account; what they refuse is marked at its
  // field from the moment it is known, and scheduling waits until it is fixed.
  const redditAccount = redditAccountOf(chosen);
  const subredditCheck = useSubredditRules(redditAccount?.id, reddit.subreddit);
  const blockers = redditBlockers(subredditCheck.rules, reddit, { link, media: media.filter((m) => m.state !== "error").length });
  const tiktokBlocks = tiktokAccounts.length > 0 ? tiktokBlockers(tiktok) : {};
  const errors = { ...state.errors, ...blockers, ...tiktokBlocks };

  // Server check, debounced: the adapters' own validation for each chosen account.
  const body = selected.length > 0 ? JSON.stringify({ content, accountIds: selected, config }) : null;
  const { fresh, checkFor, checking, failed } = useValidation(body);
  const textFor = (platform: string) => overrides[platform] ?? content;
  function lengthFor(a: ComposerAccount) {
    const server = fresh?.accounts.find((c) => c.accountId === a.id);
    return server ? server.length : countFor(a, textFor(a.platform), link);
  }

  const blocked = Object.keys(blockers).length > 0 ? "reddit" : Object.keys(tiktokBlocks).length > 0 ? "tiktok" : null;
  const { alertRef, submitSchedule, saveDraft } = useSubmit({ state, config, timeZone, dispatch, blocked, editing, onDone: () => setEditing(null) });
  const disabledReason = !canEdit ? "Only editors and above can schedule or save posts." : uploading ? "Wait for the uploads to finish." : null;

  return (
    <form
      className="mt-6 space-y-8"
      onSubmit={(e) => {
        e.preventDefault();
        void submitSchedule("schedule");
      }}
      noValidate
    >
      <div aria-live="polite">{state.alert ? <FormAlert tone={state.alert.tone} alertRef={alertRef}>{state.alert.node}</FormAlert> : null}</div>

      <AccountChooser id={id} accounts={accounts} selected={selected} error={errors.accountIds} onToggle={(accountId) => dispatch({ type: "toggleAccount", id: accountId })} />

      <AssistPanel
        platforms={platforms.map((p) => p.platform)}
        text={activeTab === "all" ? content : textFor(activeTab)}
        textPlatform={activeTab === "all" ? null : activeTab}
        link={link}
        canEdit={canEdit}
        onDraft={(posts) => dispatch({ type: "draft", posts })}
        onApply={(text) => dispatch(activeTab === "all" ? { type: "content", text } : { type: "override", platform: activeTab, text })}
        onRedditTitle={(title) => dispatch({ type: "reddit", patch: { title } })}
        media={config.media}
        reddit={config.reddit}
        youtube={config.youtube}
        tiktok={config.tiktok}
        whatsapp={config.whatsapp}
        agentBrief={agentBrief}
        accountIds={selected}
        onAgentBrief={(brief) => dispatch({ type: "agentBrief", brief })}
      />

      <section aria-labelledby={`${id}-text-h`} className="space-y-3">
        <h2 id={`${id}-text-h`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
          Text
        </h2>
        <TextTabs id={id} state={{ ...state, errors }} dispatch={dispatch} chosen={chosen} platforms={platforms} activeTab={activeTab} lengthFor={lengthFor} checkFor={checkFor} />

        <Checks chosen={chosen} checkFor={checkFor} stale={!fresh} checking={checking} failed={failed} />
        <ComplianceFindings
          enabled={canEdit && agentBrief === null}
          refused={refused && refused.content === content ? refused.findings : null}
          input={{
            text: content,
            ...(link.trim() && { link: link.trim() }),
            platforms: platforms.map((p) => p.platform),
            ...(config.overrides && { overrides: config.overrides }),
            ...(config.thread && { thread: config.thread }),
            ...(config.firstComment && { firstComment: config.firstComment }),
          }}
        />
        {agentBrief !== null ? (
          <p role="note" className="rounded-md border border-violet-300 bg-violet-50 px-3 py-2 text-sm text-violet-950 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-100">
            The agent writes this post’s text when it goes out, from the brief in Assist; the text above is not used.
          </p>
        ) : null}
      </section>

      {redditAccount ? <RedditSection id={id} reddit={reddit} errors={errors} dispatch={dispatch} check={subredditCheck} /> : null}
      <LinkField id={id} link={link} errors={errors} dispatch={dispatch} />
      <MediaPicker items={media} setItems={(update) => dispatch({ type: "media", update })} error={errors["config.media"]} disabled={!canEdit} />
      {/* After the media: a YouTube or TikTok post is a video, chosen above. */}
      {hasYoutube ? <YoutubeSection youtube={youtube} quotaAccountId={quotaAccount?.id} errors={errors} dispatch={dispatch} /> : null}
      {tiktokAccounts.length > 0 ? <TikTokSection tiktok={tiktok} accounts={tiktokAccounts} errors={errors} dispatch={dispatch} /> : null}
      {whatsappAccount ? <WhatsappSection whatsapp={whatsapp} account={whatsappAccount} errors={errors} dispatch={dispatch} /> : null}
      <ThreadParts id={id} thread={thread} errors={errors} dispatch={dispatch} />
      <FirstCommentField id={id} text={firstComment} errors={errors} dispatch={dispatch} />

      <CampaignField campaigns={campaigns} value={state.campaignId} onChange={(id) => dispatch({ type: "campaign", id })} error={errors.campaignId} />
      <ScheduleFields value={schedule} onChange={(patch) => dispatch({ type: "schedule", patch })} timeZone={timeZone} errors={errors} noRepeat={editing?.mode === "edit"} />
      <BestTimeHint accounts={chosen} timeZone={timeZone} current={schedule} onPick={(date, time) => dispatch({ type: "schedule", patch: { date, time } })} />

      <ActionsBar
        id={id}
        mode={editing?.mode ?? "new"}
        disabledReason={disabledReason}
        pending={state.pending}
        onAction={(kind) => void (kind === "draft" ? saveDraft() : submitSchedule(kind))}
      />
    </form>
  );
}
