// What a scheduled post carries for an uploaded asset (lib/social/types.ts MediaRef): the
// asset's own ref (length, size, codecs), and for a video its frame rate, checked against the
// networks' frame-rate rules, and its poster frame, which networks that take a cover picture by
// URL are given (docs/adapters.md, "Video rules").
import type { MediaAsset } from "../generated/prisma/client";
import type { MediaRef } from "../social/types";
import { mediaRefFor as assetRef } from "./assets";

export function mediaRefFor(asset: Parameters<typeof assetRef>[0] & Partial<Pick<MediaAsset, "frameRate" | "posterUrl">>): MediaRef {
  const ref = assetRef(asset);
  if (asset.kind !== "video") return ref;
  return {
    ...ref,
    ...(asset.frameRate != null && asset.frameRate > 0 && { frameRate: asset.frameRate }),
    ...(asset.posterUrl && { posterUrl: asset.posterUrl }),
  };
}
