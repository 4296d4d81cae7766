-- Custom migration: vectors are stored in their rows, not in the TOAST table. A 512-dimension
-- vector is 2,056 bytes, just over PostgreSQL's 2 KB TOAST threshold, so under the type's default
-- EXTENDED storage every vector went out of line and each distance computed on a row (an exact
-- scan, IVFFlat, the score of a returned neighbour) fetched it from TOAST first: on PGlite's
-- 4,876-title sample an exact nearest-neighbour scan took 22 ms. PLAIN keeps every vector in its
-- row (a row of 512 dimensions is about 2.1 KB of an 8 KB page; MAIN would still move it out,
-- being over the 2 KB toast_tuple_target). Storage applies to rows as they are written, so the
-- existing rows are rewritten once (the cast forces a table rewrite; its indexes are rebuilt).
DO $$
BEGIN
  IF to_regclass('public.content_embeddings') IS NOT NULL THEN
    -- One statement: the rewrite runs after both changes (a type change alone resets storage).
    ALTER TABLE content_embeddings
      ALTER COLUMN embedding TYPE vector(512) USING embedding::real[]::vector(512),
      ALTER COLUMN embedding SET STORAGE PLAIN;
  END IF;
END
$$;
