-- Row-level security for Supabase (docs/decisions.md, "Row-level security"). Herald reaches its
-- tables only through Prisma as their owner, which RLS does not restrict; Supabase also serves the
-- public schema over PostgREST to the anon and authenticated roles. Every table gets RLS with no
-- policy (so those roles read and write no row), and those roles lose their grants, now and for
-- tables later migrations create. Without those roles (local, tests) only RLS is switched on.
-- Idempotent: re-run it after restoring a dump. A test holds every table of public to RLS.
DO $$
DECLARE
  t record;
  r text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t.tablename);
  END LOOP;
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', r);
      EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', r);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM %I', r);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM %I', r);
    END IF;
  END LOOP;
END $$;
