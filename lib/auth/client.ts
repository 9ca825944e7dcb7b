"use client";
// Better Auth's browser client for Herald's pages (same origin, so no base URL is needed).
import { organizationClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({ plugins: [organizationClient()] });

/** A readable message from a Better Auth client error (they carry a message and a code). */
export function authErrorMessage(error: { message?: string; code?: string; status?: number } | null | undefined, fallback: string): string {
  if (!error) return fallback;
  if (error.status === 429) return "Too many attempts. Wait a minute, then try again.";
  return error.message || fallback;
}
