// The inbox's simple classifier (docs/decisions.md, "Inbox"): sentiment and intent from word
// lists, used when no AI is configured and labelled "rules" wherever it shows. Deliberately plain:
// it keeps the inbox sortable without a model, it does not pretend to understand.
export type Sentiment = "positive" | "neutral" | "negative";
export type Intent = "question" | "complaint" | "praise" | "spam" | "other";

export interface Classification {
  sentiment: Sentiment;
  intent: Intent;
  classifiedBy: string;
}

const SPAM = /\b(crypto|airdrop|giveaway|dm me|follow back|f4f|free followers|onlyfans|click (the )?link|earn \$?\d+|whatsapp me)\b/i;
const NEGATIVE = /\b(not working|doesn'?t work|broken|terrible|awful|worst|refund|disappointed|angry|scam|never again|waiting|still no|hate|useless|bad|rude|late|wrong|cancel(led)?|complain(t)?|problem|issue|bug)\b|😡|👎|😠/i;
const POSITIVE = /\b(love|great|amazing|awesome|thanks|thank you|brilliant|excellent|perfect|fantastic|well done|congrats|congratulations|best|nice|cool|wonderful)\b|❤️|😍|👏|🎉|👍/i;
const QUESTION = /\?|^\s*(how|what|when|where|why|who|which|can|could|do|does|is|are|will|would)\b/i;

export function classifyByRules(text: string): Classification {
  const t = text.normalize("NFKC");
  if (SPAM.test(t)) return { sentiment: "neutral", intent: "spam", classifiedBy: "rules" };
  const negative = NEGATIVE.test(t);
  const positive = !negative && POSITIVE.test(t);
  const sentiment: Sentiment = negative ? "negative" : positive ? "positive" : "neutral";
  const intent: Intent = negative ? "complaint" : QUESTION.test(t) ? "question" : positive ? "praise" : "other";
  return { sentiment, intent, classifiedBy: "rules" };
}
