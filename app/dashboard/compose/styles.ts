// Class names the composer's panels share.
export const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400";
export const textareaClass = `block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm dark:bg-slate-900 dark:text-slate-100 ${focusRing}`;
export const border = (err?: string) => (err ? "border-red-600 dark:border-red-400" : "border-slate-300 dark:border-slate-700");
