/** Contracts for people (actors and directors): request params and the person's page; types are inferred. */
import { z } from 'zod';
import { PosterSchema } from './content';

export const PersonIdSchema = z
  .string()
  .min(3)
  .max(120)
  .regex(/^p-[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a person id such as "p-tom-hanks"');

export const PersonParamsSchema = z.object({ id: PersonIdSchema });

export const PersonQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(24),
  /** The `nextCursor` of the previous page, unchanged. */
  cursor: z.string().min(1).max(200).optional(),
});
export type PersonQuery = z.infer<typeof PersonQuerySchema>;

export const PersonFilmSchema = z.object({
  id: z.string(),
  title: z.string(),
  year: z.number().nullable(),
  /** The person's part in this film ("actor", "director"); the first of `roles`. */
  role: z.string(),
  /** Every part they had in it, e.g. ["actor", "director"]. */
  roles: z.array(z.string()),
  poster: PosterSchema.nullable(),
});
export type PersonFilm = z.infer<typeof PersonFilmSchema>;

export const PersonDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  counts: z.object({ films: z.number(), acting: z.number(), directing: z.number() }),
  /** Newest first (undated last), one page of them. */
  films: z.array(PersonFilmSchema),
  nextCursor: z.string().nullable(),
});
export type PersonDetail = z.infer<typeof PersonDetailSchema>;
