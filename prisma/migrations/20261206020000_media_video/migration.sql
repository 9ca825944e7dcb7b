-- What ffmpeg read from an uploaded video (its codecs and frame rate), the JPEG poster frame stored
-- beside it for previews, and what the upload was before Herald converted it to H.264 MP4
-- (lib/media/video.ts). All null for images and for videos uploaded before this.
ALTER TABLE "MediaAsset"
  ADD COLUMN "videoCodec" TEXT,
  ADD COLUMN "audioCodec" TEXT,
  ADD COLUMN "frameRate" DOUBLE PRECISION,
  ADD COLUMN "posterStorageKey" TEXT,
  ADD COLUMN "posterUrl" TEXT,
  ADD COLUMN "convertedFrom" TEXT;
