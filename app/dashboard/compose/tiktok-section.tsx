"use client";
// The composer's TikTok group, shown while a TikTok account is chosen: who can view the post
// (none preselected: TikTok's rules make the person choose), comments, Duet and Stitch (off until
// turned on), and the commercial-content disclosure, as config.tiktok (TikTok's rules:
// docs/adapters.md, "TikTok").
import type { Dispatch } from "react";
import type { TikTokPrivacy } from "@/lib/social/tiktok/fields";
import type { ComposerAccount, ComposerAction, TikTokDraft } from "./composer-state";
import { Checkbox, NetworkSection, RadioChoice } from "./network-section";

const WHO = [
  ["PUBLIC_TO_EVERYONE", "Everyone"],
  ["MUTUAL_FOLLOW_FRIENDS", "Friends"],
  ["FOLLOWER_OF_CREATOR", "Followers"],
  ["SELF_ONLY", "Only me"],
] as const satisfies readonly (readonly [TikTokPrivacy, string])[];

export const UNAUDITED_NOTICE = "Until Herald’s TikTok app passes TikTok’s audit, TikTok keeps posts private (Only me).";

export function TikTokSection({
  tiktok,
  accounts,
  errors,
  dispatch,
}: {
  tiktok: TikTokDraft;
  /** The chosen TikTok accounts: the audit notice is for real ones. */
  accounts: ComposerAccount[];
  errors: Record<string, string>;
  dispatch: Dispatch<ComposerAction>;
}) {
  const set = (patch: Partial<TikTokDraft>) => dispatch({ type: "tiktok", patch });
  const real = accounts.some((a) => !a.simulated);
  return (
    <NetworkSection name="TikTok" testId="tiktok-section">
      {real ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {UNAUDITED_NOTICE}
        </p>
      ) : null}
      <RadioChoice
        label="Who can view this post"
        name="tiktok-privacy"
        value={tiktok.privacy}
        options={WHO}
        onChange={(privacy) => set({ privacy })}
        required
        disabled={tiktok.brandContent ? ["SELF_ONLY"] : []}
        hint={tiktok.brandContent ? "Branded content cannot be private: “Only me” is not available." : "TikTok asks you to choose; there is no default."}
        // The server's message lists TikTok's values for the API; here, what to do is enough.
        error={errors["config.tiktok.privacy"] && !tiktok.privacy ? "Choose who can view this post: TikTok allows no default." : errors["config.tiktok.privacy"]}
      />
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <Checkbox label="Allow comments" checked={tiktok.allowComments} onChange={(allowComments) => set({ allowComments })} />
        <Checkbox label="Allow Duet" checked={tiktok.allowDuet} onChange={(allowDuet) => set({ allowDuet })} />
        <Checkbox label="Allow Stitch" checked={tiktok.allowStitch} onChange={(allowStitch) => set({ allowStitch })} />
      </div>
      <div>
        <label className="flex min-h-9 items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            role="switch"
            checked={tiktok.disclose}
            onChange={(e) => set({ disclose: e.target.checked })}
            aria-describedby={errors["config.tiktok.brandOrganic"] ? "tiktok-disclose-error" : undefined}
            className="h-4 w-4 accent-blue-700"
          />
          Disclose commercial content
        </label>
        {tiktok.disclose ? (
          <div className="ml-6 flex flex-wrap gap-x-6 gap-y-2">
            <Checkbox label="Your brand" checked={tiktok.brandOrganic} onChange={(brandOrganic) => set({ brandOrganic })} />
            <Checkbox label="Branded content" checked={tiktok.brandContent} onChange={(brandContent) => set({ brandContent })} />
          </div>
        ) : null}
        {tiktok.disclose && tiktok.brandContent ? (
          <p className="ml-6 mt-1 text-sm text-slate-600 dark:text-slate-400">Branded content cannot be private (Only me); TikTok labels it “Paid partnership”.</p>
        ) : null}
        {errors["config.tiktok.brandOrganic"] || errors["config.tiktok.brandContent"] ? (
          <p id="tiktok-disclose-error" className="ml-6 mt-1 text-sm font-medium text-red-700 dark:text-red-400">
            {[errors["config.tiktok.brandOrganic"], errors["config.tiktok.brandContent"]].filter(Boolean).join(" ")}
          </p>
        ) : null}
      </div>
    </NetworkSection>
  );
}
