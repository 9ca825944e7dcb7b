// Plain text rules every platform shares: length in graphemes, and the text as posted with its link.
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
// No CR: "\r\n" is one grapheme.
const ASCII = /^[\x20-\x7e\n\t]*$/;

/** Text length as people see it: grapheme clusters (an emoji with skin tone is one). */
export function graphemeCount(text: string): number {
  // Printable ASCII (most posts) is one grapheme per character; segmenting it is the slow path.
  if (ASCII.test(text)) return text.length;
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** The text as posted where links go into the text: the link at the end unless the text carries it already. */
export function composeText(content: { text: string; link?: string }): string {
  const link = content.link?.trim();
  if (!link || content.text.includes(link)) return content.text;
  return content.text.trim() ? `${content.text}\n\n${link}` : link;
}

/** The same words in the same order: texts compared with their runs of whitespace collapsed. */
export function sameWords(a: string | undefined, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, " ").trim();
  return norm(a ?? "") === norm(b);
}
