// The AI agent: drafts posts per platform in the workspace's brand voice, rewrites, A/B variants,
// Reddit titles and reply suggestions, each a structured, validated, repaired generation
// (lib/ai/generate.ts) with its cost recorded. Autopilot (lib/ai/autopilot.ts) and posts whose
// text is written when they run (`content: null`, lib/ai/task.ts) build on these.
import { z } from "zod";
import type { Platform } from "./generated/prisma/enums";
import { HeraldError } from "./errors";
import { checkCompliance, type Finding } from "./ai/compliance";
import { loadBrandVoice } from "./ai/compliance-db";
import { AiError, SIMULATION_NOTICE } from "./ai/client";
import { generate, type AgentContext, type Generated } from "./ai/generate";
import { brandVoicePrompt, platformGuide } from "./ai/prompts";
import { ANGLES, fitGraphemes, hashtagsFrom, simulatePost, simulateReply, simulateTitles } from "./ai/simulation";
import { specFor } from "./social/registry";
import { validateContent } from "./social/spec";
import type { BrandVoice } from "./validation/workspace-settings";

export type { AgentContext } from "./ai/generate";

export interface AgentMeta {
  simulated: boolean;
  /** Shown wherever simulated output appears. */
  notice: string | null;
  model: string;
  repairs: number;
  usage: { promptTokens: number; completionTokens: number; costUsd: number };
}

function meta(g: Generated<unknown>): AgentMeta {
  return {
    simulated: g.simulated,
    notice: g.simulated ? SIMULATION_NOTICE : null,
    model: g.model,
    repairs: g.repairs,
    usage: { promptTokens: g.promptTokens, completionTokens: g.completionTokens, costUsd: g.costUsd },
  };
}

/** Text rules of one platform: its length as it counts it, and any extra rule (Bluesky's bytes). */
export type TextRule = (text: string) => string[];

export function platformTextRule(platform: Platform): TextRule {
  const spec = specFor(platform);
  return (text) =>
    validateContent(spec, { text })
      .filter((p) => p.field === "text")
      .map((p) => p.message);
}

/** Brand rules the agent must meet itself: blocking findings, hashtag count and emoji use. */
function brandProblems(findings: Finding[]): string[] {
  return findings.filter((f) => f.severity === "block" || f.rule === "hashtags" || f.rule === "emoji").map((f) => f.message);
}

const brandVoice = (ctx: AgentContext) => loadBrandVoice(ctx.prisma, ctx.workspaceId);

interface PostCheck {
  platform: Platform;
  text: string;
  link?: string;
  voice: BrandVoice;
  rule?: TextRule;
}

/** Every problem with one post for one platform, labelled with the platform. */
function postProblems(c: PostCheck): { problems: string[]; findings: Finding[] } {
  const findings = checkCompliance({ text: c.text, link: c.link, platforms: [c.platform], brandVoice: c.voice });
  const own = [...(c.rule ?? platformTextRule(c.platform))(c.text), ...brandProblems(findings)];
  if (!c.text.trim()) own.unshift("The text is empty.");
  return { problems: own.map((m) => `${c.platform}: ${m}`), findings };
}

const fitsRule = (rule: TextRule) => (text: string) => rule(text).length === 0;

const platformEnum = (platforms: readonly Platform[]) => z.enum(platforms as [Platform, ...Platform[]]);

function requireBrief(brief: string): void {
  if (!brief.trim()) throw new HeraldError("validation_failed", "Give a topic, link or short brief to write from.");
}

// ---------------------------------------------------------------------------------------------
// Draft: one post per platform from a brief.

export interface DraftInput {
  brief: string;
  link?: string;
  platforms: Platform[];
  /** Per-platform text rules of the chosen accounts (the Mastodon server's own limit); else the platform's. */
  rules?: Partial<Record<Platform, TextRule>>;
  operation?: string;
}

export interface DraftedPost {
  platform: Platform;
  text: string;
  findings: Finding[];
}

export async function draftPosts(ctx: AgentContext, input: DraftInput): Promise<{ posts: DraftedPost[] } & AgentMeta> {
  requireBrief(input.brief);
  const platforms = [...new Set(input.platforms)];
  if (!platforms.length) throw new HeraldError("validation_failed", "Choose at least one platform.");
  const voice = await brandVoice(ctx);
  const rule = (p: Platform) => input.rules?.[p] ?? platformTextRule(p);
  const schema = z.object({ posts: z.array(z.object({ platform: platformEnum(platforms), text: z.string() })) });
  const g = await generate(ctx, {
    operation: input.operation ?? "draft",
    schemaName: "drafts",
    schema,
    system: brandVoicePrompt(voice),
    user: [
      `Write one post for each of these platforms, each fitted to its platform:`,
      ...platforms.map((p) => `- ${platformGuide(p)}`),
      input.link ? `Include this link exactly once: ${input.link}` : "",
      `Brief:\n${input.brief}`,
    ].filter(Boolean).join("\n"),
    check: (v) => {
      const problems: string[] = [];
      for (const p of platforms) {
        const mine = v.posts.filter((x) => x.platform === p);
        if (mine.length !== 1) problems.push(`Give exactly one post for ${p} (got ${mine.length}).`);
        else problems.push(...postProblems({ platform: p, text: mine[0].text, link: input.link, voice, rule: rule(p) }).problems);
      }
      return problems;
    },
    simulate: () => ({
      posts: platforms.map((p) => ({ platform: p, text: simulatePost({ brief: input.brief, platform: p, voice, link: input.link, fits: fitsRule(rule(p)) }) })),
    }),
  });
  const posts = platforms.map((p) => {
    const text = g.value.posts.find((x) => x.platform === p)!.text;
    return { platform: p, text, findings: postProblems({ platform: p, text, link: input.link, voice, rule: rule(p) }).findings };
  });
  return { posts, ...meta(g) };
}

// ---------------------------------------------------------------------------------------------
// Rewrite, shorten, add hashtags: one text, one platform.

export const REWRITE_MODES = ["rewrite", "shorten", "hashtags"] as const;
export type RewriteMode = (typeof REWRITE_MODES)[number];

const REWRITE_ASK: Record<RewriteMode, string> = {
  rewrite: "Rewrite this post in the brand voice, keeping its meaning, facts and links.",
  shorten: "Shorten this post to about half its length, keeping the key message, facts and links.",
  hashtags: "Add fitting hashtags to this post (within the brand's maximum), changing nothing else.",
};

export async function rewritePost(
  ctx: AgentContext,
  input: { text: string; platform: Platform; mode: RewriteMode },
): Promise<{ text: string; findings: Finding[] } & AgentMeta> {
  if (!input.text.trim()) throw new HeraldError("validation_failed", "There is no text to work on yet.");
  const voice = await brandVoice(ctx);
  const rule = platformTextRule(input.platform);
  const g = await generate(ctx, {
    operation: input.mode,
    schemaName: "post",
    schema: z.object({ text: z.string() }),
    system: brandVoicePrompt(voice),
    user: `${REWRITE_ASK[input.mode]}\nPlatform: ${platformGuide(input.platform)}\nPost:\n${input.text}`,
    check: (v) => {
      const problems = postProblems({ platform: input.platform, text: v.text, voice, rule }).problems;
      if (input.mode === "shorten" && v.text.length >= input.text.length) problems.push("The shortened text must be shorter than the original.");
      return problems;
    },
    simulate: () => {
      const base = input.text.trim();
      if (input.mode === "shorten") return { text: fitGraphemes(base, Math.max(20, Math.floor(base.length * 0.6))) };
      if (input.mode === "hashtags") {
        const present = (base.match(/#[\p{L}\p{N}_]+/gu) ?? []).length;
        const tags = hashtagsFrom(base, Math.max(0, Math.min(voice.maxHashtags - present, 3)));
        const text = tags.length ? `${base} ${tags.join(" ")}` : base;
        return { text: fitsRule(rule)(text) ? text : base };
      }
      return { text: simulatePost({ brief: base.replace(/#[\p{L}\p{N}_]+/gu, "").trim(), platform: input.platform, voice, fits: fitsRule(rule), seed: "rewrite" }) };
    },
  });
  return { text: g.value.text, findings: postProblems({ platform: input.platform, text: g.value.text, voice, rule }).findings, ...meta(g) };
}

// ---------------------------------------------------------------------------------------------
// A/B variants.

export interface Variant {
  label: string;
  angle: string;
  text: string;
  findings: Finding[];
}

export async function variants(
  ctx: AgentContext,
  input: { brief: string; platform: Platform; count: number; link?: string },
): Promise<{ variants: Variant[] } & AgentMeta> {
  requireBrief(input.brief);
  const voice = await brandVoice(ctx);
  const rule = platformTextRule(input.platform);
  const count = Math.min(Math.max(input.count, 2), 5);
  const g = await generate(ctx, {
    operation: "variants",
    schemaName: "variants",
    schema: z.object({ variants: z.array(z.object({ angle: z.string(), text: z.string() })) }),
    system: brandVoicePrompt(voice),
    user: [
      `Write ${count} clearly different A/B variants of one post (a different hook or angle each; same facts).`,
      `Platform: ${platformGuide(input.platform)}`,
      input.link ? `Include this link exactly once: ${input.link}` : "",
      `Brief or original post:\n${input.brief}`,
    ].filter(Boolean).join("\n"),
    check: (v) => {
      const problems: string[] = [];
      if (v.variants.length !== count) problems.push(`Give exactly ${count} variants (got ${v.variants.length}).`);
      if (new Set(v.variants.map((x) => x.text.trim())).size !== v.variants.length) problems.push("Each variant must be different.");
      v.variants.forEach((x, i) => problems.push(...postProblems({ platform: input.platform, text: x.text, link: input.link, voice, rule }).problems.map((m) => `Variant ${i + 1}: ${m}`)));
      return problems;
    },
    simulate: () => ({
      variants: Array.from({ length: count }, (_, i) => ({
        angle: ANGLES[i % ANGLES.length],
        text: simulatePost({ brief: input.brief, platform: input.platform, voice, link: input.link, angle: ANGLES[i % ANGLES.length], fits: fitsRule(rule) }),
      })),
    }),
  });
  return {
    variants: g.value.variants.map((v, i) => ({
      label: String.fromCharCode(65 + i),
      angle: v.angle,
      text: v.text,
      findings: postProblems({ platform: input.platform, text: v.text, link: input.link, voice, rule }).findings,
    })),
    ...meta(g),
  };
}

// ---------------------------------------------------------------------------------------------
// Reddit titles.

export const REDDIT_TITLE_MAX = 300;

export async function titles(
  ctx: AgentContext,
  input: { content: string; community?: string; count: number },
): Promise<{ titles: string[] } & AgentMeta> {
  requireBrief(input.content);
  const voice = await brandVoice(ctx);
  const count = Math.min(Math.max(input.count, 1), 5);
  const g = await generate(ctx, {
    operation: "titles",
    schemaName: "titles",
    schema: z.object({ titles: z.array(z.string()) }),
    system: brandVoicePrompt(voice),
    user: [
      `Suggest ${count} Reddit post titles for this content: specific, honest, no clickbait, no hashtags or emoji, at most ${REDDIT_TITLE_MAX} characters each.`,
      input.community ? `Community: r/${input.community.replace(/^r\//, "")} — follow its usual tone.` : "",
      `Content:\n${input.content}`,
    ].filter(Boolean).join("\n"),
    check: (v) => {
      const problems: string[] = [];
      if (v.titles.length !== count) problems.push(`Give exactly ${count} titles (got ${v.titles.length}).`);
      v.titles.forEach((t, i) => {
        if (!t.trim()) problems.push(`Title ${i + 1} is empty.`);
        if ([...t].length > REDDIT_TITLE_MAX) problems.push(`Title ${i + 1} has ${[...t].length} characters; Reddit allows ${REDDIT_TITLE_MAX}.`);
        if (/#[\p{L}\p{N}_]/u.test(t)) problems.push(`Title ${i + 1} has a hashtag; Reddit titles have none.`);
        problems.push(...brandProblems(checkCompliance({ text: t, platforms: ["reddit"], brandVoice: voice })).map((m) => `Title ${i + 1}: ${m}`));
      });
      return problems;
    },
    simulate: () => ({ titles: simulateTitles(input.content, count, input.community) }),
  });
  return { titles: g.value.titles, ...meta(g) };
}

// ---------------------------------------------------------------------------------------------
// Reply suggestions.

export async function suggestReply(
  ctx: AgentContext,
  input: { comment: string; platform: Platform; postText?: string; author?: string },
): Promise<{ reply: string; findings: Finding[] } & AgentMeta> {
  if (!input.comment.trim()) throw new HeraldError("validation_failed", "Paste the comment or mention to reply to.");
  const voice = await brandVoice(ctx);
  const rule = platformTextRule(input.platform);
  const g = await generate(ctx, {
    operation: "reply",
    schemaName: "reply",
    schema: z.object({ reply: z.string() }),
    system: brandVoicePrompt(voice),
    user: [
      `Suggest one short, helpful, on-brand reply to this ${input.author ? `comment by @${input.author.replace(/^@/, "")}` : "comment"}. No hashtags. Do not promise anything the business has not stated.`,
      `Platform: ${platformGuide(input.platform)}`,
      input.postText ? `Our post:\n${input.postText}` : "",
      `Comment:\n${input.comment}`,
    ].filter(Boolean).join("\n"),
    check: (v) => postProblems({ platform: input.platform, text: v.reply, voice, rule }).problems,
    simulate: () => ({ reply: fitGraphemes(simulateReply(input.comment, voice, input.author), specFor(input.platform).maxLength) }),
  });
  return { reply: g.value.reply, findings: postProblems({ platform: input.platform, text: g.value.reply, voice, rule }).findings, ...meta(g) };
}

// ---------------------------------------------------------------------------------------------
// A week of posts for autopilot: one post per slot, a text per platform.

export interface PlannedPost {
  texts: Partial<Record<Platform, string>>;
  angle: string;
  findings: Finding[];
}

export async function planPosts(
  ctx: AgentContext,
  input: { campaign: string; brief: string; platforms: Platform[]; slots: Date[]; timeZone: string; rules?: Partial<Record<Platform, TextRule>> },
): Promise<{ posts: PlannedPost[] } & AgentMeta> {
  requireBrief(input.brief);
  const platforms = [...new Set(input.platforms)];
  const n = input.slots.length;
  if (!n) return { posts: [], simulated: false, notice: null, model: "", repairs: 0, usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 } };
  const voice = await brandVoice(ctx);
  const rule = (p: Platform) => input.rules?.[p] ?? platformTextRule(p);
  const when = input.slots.map((d, i) => `${i + 1}. ${d.toLocaleString("en-GB", { timeZone: input.timeZone, weekday: "long", hour: "2-digit", minute: "2-digit" })}`);
  const schema = z.object({
    posts: z.array(z.object({ slot: z.number().int(), angle: z.string(), texts: z.array(z.object({ platform: platformEnum(platforms), text: z.string() })) })),
  });
  const g = await generate(ctx, {
    operation: "autopilot",
    schemaName: "week_plan",
    schema,
    system: brandVoicePrompt(voice),
    user: [
      `Plan ${n} posts for the campaign "${input.campaign}", one per slot below, each with a different angle (tip, story, question, offer reminder, …) so the week does not repeat itself.`,
      `For each post give the text for every one of these platforms:`,
      ...platforms.map((p) => `- ${platformGuide(p)}`),
      `Slots (${input.timeZone}):`,
      ...when,
      `Campaign brief:\n${input.brief}`,
    ].join("\n"),
    check: (v) => {
      const problems: string[] = [];
      for (let i = 1; i <= n; i++) {
        const mine = v.posts.filter((x) => x.slot === i);
        if (mine.length !== 1) {
          problems.push(`Give exactly one post for slot ${i} (got ${mine.length}).`);
          continue;
        }
        for (const p of platforms) {
          const t = mine[0].texts.filter((x) => x.platform === p);
          if (t.length !== 1) problems.push(`Slot ${i}: give exactly one text for ${p}.`);
          else problems.push(...postProblems({ platform: p, text: t[0].text, voice, rule: rule(p) }).problems.map((m) => `Slot ${i}: ${m}`));
        }
      }
      return problems;
    },
    simulate: () => ({
      posts: input.slots.map((_, i) => {
        const angle = ANGLES[i % ANGLES.length];
        return {
          slot: i + 1,
          angle,
          texts: platforms.map((p) => ({ platform: p, text: simulatePost({ brief: input.brief, platform: p, voice, angle, fits: fitsRule(rule(p)), seed: input.campaign }) })),
        };
      }),
    }),
  });
  const posts = Array.from({ length: n }, (_, i) => {
    const got = g.value.posts.find((x) => x.slot === i + 1)!;
    const texts = Object.fromEntries(platforms.map((p) => [p, got.texts.find((x) => x.platform === p)!.text])) as Partial<Record<Platform, string>>;
    const findings = platforms.flatMap((p) => postProblems({ platform: p, text: texts[p]!, voice, rule: rule(p) }).findings.map((f) => ({ ...f, platform: f.platform ?? p })));
    return { texts, angle: got.angle, findings };
  });
  return { posts, ...meta(g) };
}

export { AiError };
