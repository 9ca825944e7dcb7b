// Meta's container → publish flow, shared by Instagram and Threads (docs/design.md, "Platforms"):
// check the account's publishing quota, create a container (Meta fetches the media from a public
// URL), poll it until FINISHED, then publish it. Each network names its paths and status fields.
import { sleep } from "../../sleep";
import { PlatformError } from "../types";
import type { GraphClient } from "./graph";

export interface ContainerFlow {
  /** "Instagram", "Threads": the name in messages. */
  label: string;
  /** Where containers are created, e.g. `${igUserId}/media`. */
  containerPath: string;
  /** Where the quota is read, e.g. `${igUserId}/content_publishing_limit`. */
  quotaPath: string;
  /** The container's status field and the field that explains an ERROR. */
  statusField: string;
  detailField: string;
  pollIntervalMs: number;
  maxPolls: number;
}

type QuotaAnswer = { data?: { quota_usage?: number; config?: { quota_total?: number; quota_duration?: number } }[] };

export function containers(graph: GraphClient, flow: ContainerFlow) {
  return {
    /** Refuses (rate limited) when the account's moving-window quota is used up. */
    async checkQuota(signal: AbortSignal): Promise<void> {
      const limit = await graph.get<QuotaAnswer>(flow.quotaPath, { fields: "quota_usage,config" }, signal);
      const usage = limit?.data?.[0];
      const total = usage?.config?.quota_total;
      if (typeof usage?.quota_usage === "number" && typeof total === "number" && usage.quota_usage >= total) {
        const hours = Math.round((usage.config?.quota_duration ?? 86400) / 3600);
        // Meta does not say when the oldest post leaves the moving window, so no retryAt.
        throw new PlatformError(
          "rate_limited",
          "publishing_limit",
          `${flow.label}'s publishing limit is reached (${usage.quota_usage} of ${total} posts in ${hours} h) for this account.`,
        );
      }
    },

    async create(body: Record<string, unknown>, signal: AbortSignal): Promise<string> {
      const r = await graph.post<{ id?: string }>(flow.containerPath, body, signal);
      if (!r?.id) throw new PlatformError("transient", "unexpected_response", `${flow.label} returned no container id.`);
      return String(r.id);
    },

    /** Waits until Meta has fetched and processed a container; ERROR is final, a timeout is not. */
    async waitFinished(containerId: string, signal: AbortSignal): Promise<void> {
      for (let poll = 0; poll < flow.maxPolls; poll++) {
        const r = await graph.get<Record<string, string | undefined>>(containerId, { fields: `${flow.statusField},${flow.detailField}` }, signal);
        const detail = r?.[flow.detailField];
        switch (r?.[flow.statusField]) {
          case "FINISHED":
          case "PUBLISHED":
            return;
          case "ERROR":
            throw new PlatformError(
              "permanent",
              "media_processing_failed",
              `${flow.label} could not process the media (container status ERROR${detail ? `: ${detail}` : ""}). Check the format, size and aspect ratio.`,
            );
          case "EXPIRED":
            throw new PlatformError("transient", "container_expired", `The ${flow.label} media container expired before it was published.`);
          default:
            await sleep(flow.pollIntervalMs, signal);
        }
      }
      throw new PlatformError(
        "transient",
        "media_processing_timeout",
        `${flow.label} was still processing the media after ${Math.round((flow.maxPolls * flow.pollIntervalMs) / 1000)} s; nothing was published.`,
      );
    },
  };
}
