// Prisma CLI configuration. Only `prisma generate` runs here (see docs/decisions.md: the
// native schema engine cannot be downloaded on our machines, so migrations are applied by
// scripts/migrate.ts). In production, `prisma migrate deploy` reads the same folder.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DIRECT_URL ?? process.env.DATABASE_URL ?? "" },
});
