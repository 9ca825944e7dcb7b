// The words the agent sends to the model: the workspace's brand voice and each platform's style.
import type { Platform } from "../generated/prisma/enums";
import { specFor } from "../social/registry";
import type { BrandVoice } from "../validation/workspace-settings";

export function platformGuide(platform: Platform, maxLength = specFor(platform).maxLength): string {
  const spec = specFor(platform);
  return `${platform} (${spec.label}): at most ${maxLength} characters; ${spec.style}.`;
}

const EMOJI = { none: "Do not use any emoji.", few: "Use at most one or two emoji.", many: "Emoji are welcome where they fit." };

export function brandVoicePrompt(voice: BrandVoice): string {
  const lines = [
    "You write social-media posts for a small business.",
    voice.tone ? `Tone: ${voice.tone}.` : "Tone: friendly and clear.",
    voice.language ? `Write in the language with the tag "${voice.language}".` : "Write in the language of the brief.",
    EMOJI[voice.emoji],
    `Use at most ${voice.maxHashtags} hashtags per post.`,
    voice.avoidWords.length ? `Never use these words: ${voice.avoidWords.map((w) => `"${w}"`).join(", ")}.` : "",
    "Never invent facts, prices, guarantees, statistics or health claims that the brief does not state.",
    voice.guidelines ? `Brand guidelines:\n${voice.guidelines}` : "",
    "Answer with JSON only, exactly in the requested shape.",
  ];
  return lines.filter(Boolean).join("\n");
}
