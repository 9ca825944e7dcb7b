// / — the front page for a signed-out visitor: what Herald does for a small business, how to start,
// and the service's status (the verdict /api/health gives anyone; docs/design.md, "Health").
// A signed-in visitor goes straight to /dashboard.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { currentSession } from "@/lib/auth/current";
import { health, type HealthStatus } from "@/lib/health";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Herald · Social media for small businesses, planned and posted" };

const NETWORKS = ["X", "Bluesky", "Mastodon", "Facebook", "Instagram", "Threads", "LinkedIn", "Reddit", "TikTok", "YouTube", "WhatsApp"];

const FEATURES: { title: string; body: string }[] = [
  {
    title: "Plan the week in one sitting",
    body: "A calendar of everything that is going out, weekly posting slots that “Add to queue” fills for you, repeating posts, a CSV import for a month of posts at once, and approval, so an editor’s posts wait until you have looked.",
  },
  {
    title: "Write with AI in your brand voice",
    body: "Describe how your business sounds once: tone, language, emoji, hashtags, words to avoid. Herald drafts and rewrites posts in that voice, fits each one to each network’s length and habits, can draft a whole campaign for you to approve, and checks every post against your rules before it is scheduled.",
  },
  {
    title: "Publish to every network you use",
    body: "One post, the accounts you choose, one time. Each network’s limits on length, images and video are checked when you schedule, not after the post failed.",
  },
  {
    title: "Never lose or double a post",
    body: "Each post goes to each network once, even when two publishing runs overlap. A network that is down is tried again later; a failure on one network never reposts to the others; and when Herald cannot tell whether a post went out, it asks you instead of posting it twice.",
  },
  {
    title: "See what happened",
    body: "Every published post links to where it went, likes, reposts and replies are collected afterwards, and a post that failed says what went wrong in plain words.",
  },
];

const primary =
  "inline-flex items-center justify-center rounded-md bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 dark:focus-visible:ring-offset-slate-950";
const secondary =
  "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";
const inlineLink = "rounded font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300";

/** Whether the request comes with a valid session; a failing read (database down) counts as signed out. */
async function signedIn(): Promise<boolean> {
  try {
    return !!(await currentSession());
  } catch {
    return false;
  }
}

const STATUS_WORDS: Record<HealthStatus, { text: string; tone: string }> = {
  ok: { text: "Working normally", tone: "text-emerald-800 dark:text-emerald-300" },
  degraded: { text: "Degraded: posts may go out late", tone: "text-amber-800 dark:text-amber-300" },
  down: { text: "Down", tone: "text-red-800 dark:text-red-300" },
};

/** The public verdict only, as /api/health gives it to anyone; the reasons need the cron secret. */
async function StatusLine() {
  const h = await health();
  const s = STATUS_WORDS[h.status];
  return (
    <span data-health={h.status} className={`font-medium ${s.tone}`}>
      {s.text}
    </span>
  );
}

export default async function Home() {
  if (await signedIn()) redirect("/dashboard");

  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <span className="text-lg font-semibold tracking-tight">Herald</span>
          <nav aria-label="Account" className="flex flex-wrap items-center gap-2 text-sm">
            <Link href="/sign-in" className={inlineLink}>
              Sign in
            </Link>
          </nav>
        </div>
      </header>

      <main className="mx-auto max-w-4xl px-4 py-12 sm:py-16">
        <section aria-labelledby="front-title">
          <h1 id="front-title" className="text-3xl font-semibold tracking-tight sm:text-4xl">
            Your business’s social media, planned, written and posted on time
          </h1>
          <p className="mt-4 max-w-2xl text-lg text-slate-700 dark:text-slate-300">
            Herald is a social-media scheduler for small businesses. Plan the week’s posts, write them with AI in your own brand voice,
            and Herald publishes each one at its time to every network you use, then shows you how it went.
          </p>
          <div className="mt-6 flex flex-wrap gap-3">
            <Link href="/sign-up" className={primary}>
              Create your workspace
            </Link>
            <Link href="/sign-in" className={secondary}>
              Sign in
            </Link>
          </div>
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            Try it before connecting anything: an account without credentials runs in simulation mode, clearly labelled, and nothing is
            sent.
          </p>
        </section>

        <section aria-labelledby="networks" className="mt-12">
          <h2 id="networks" className="text-xl font-semibold">
            Where it posts
          </h2>
          <ul className="mt-3 flex flex-wrap gap-2">
            {NETWORKS.map((n) => (
              <li
                key={n}
                className="rounded-full border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"
              >
                {n}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="what" className="mt-12">
          <h2 id="what" className="text-xl font-semibold">
            What Herald does for you
          </h2>
          <ul className="mt-4 grid gap-4 sm:grid-cols-2">
            {FEATURES.map((f) => (
              <li key={f.title} className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
                <h3 className="font-semibold">{f.title}</h3>
                <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{f.body}</p>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="start" className="mt-12">
          <h2 id="start" className="text-xl font-semibold">
            How to start
          </h2>
          <ol className="mt-4 list-decimal space-y-2 pl-5 text-slate-700 dark:text-slate-300">
            <li>Create your workspace: your business’s name and time zone.</li>
            <li>Connect the accounts you post to, or add simulated ones to try it out.</li>
            <li>Write your first post, choose when it goes out, and invite whoever helps you.</li>
          </ol>
          <p className="mt-6">
            <Link href="/sign-up" className={primary}>
              Create your workspace
            </Link>
          </p>
        </section>
      </main>

      <footer className="border-t border-slate-200 dark:border-slate-800">
        <section aria-labelledby="status" className="mx-auto max-w-4xl px-4 py-6 text-sm text-slate-700 dark:text-slate-300">
          <h2 id="status" className="font-semibold">
            Status
          </h2>
          <p className="mt-1">
            Publishing service:{" "}
            <Suspense fallback={<span>checking…</span>}>
              <StatusLine />
            </Suspense>
            {" · "}
            <a href="/api/health" className={inlineLink}>
              Health check
            </a>
          </p>
          <p className="mt-2 text-slate-600 dark:text-slate-400">
            Developers: Herald has an HTTP API (<code>POST /api/agent/schedule</code>, <code>GET /api/posts</code>), described in the README.
          </p>
        </section>
      </footer>
    </div>
  );
}
