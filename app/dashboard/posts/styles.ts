// The Posts page's buttons (its cards, their actions, the bulk bar), one definition for all of them.
export const button =
  "inline-flex min-h-9 items-center rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 " +
  "focus-visible:ring-offset-1 disabled:cursor-not-allowed disabled:opacity-60 dark:focus-visible:ring-blue-400 dark:focus-visible:ring-offset-slate-950";
// Hovered in dark mode a primary button gets darker, not lighter: white on blue-500 is 3.8:1.
export const primary = `${button} bg-blue-700 text-white hover:bg-blue-800 dark:bg-blue-600 dark:hover:bg-blue-700`;
export const secondary = `${button} border border-slate-300 bg-white text-slate-900 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;
export const danger = `${button} bg-red-700 text-white hover:bg-red-800 dark:bg-red-700 dark:hover:bg-red-800`;
export const errorText = "text-sm text-red-800 dark:text-red-300";

/** The start of a post's text, for names and messages ("“Sourdough class tom…”"). */
export function excerpt(text: string | null | undefined, max = 40): string {
  if (!text) return "a post with media only";
  return `“${text.length > max ? `${text.slice(0, max)}…` : text}”`;
}
