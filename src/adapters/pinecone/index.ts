/** VectorIndex over Pinecone, used when PINECONE_API_KEY and PINECONE_INDEX are set. */
import { Pinecone } from '@pinecone-database/pinecone';
import { weightedCentroid } from '../../services/embedding/centroid';
import type { VectorIndex } from '../../services/ports';

export function createPineconeIndex(cfg: {
  apiKey: string;
  index: string;
  namespace?: string;
  /** The index's data-plane host; without it the client looks the name up first. */
  host?: string;
}): VectorIndex {
  const client = new Pinecone({ apiKey: cfg.apiKey });
  const namespace = cfg.namespace ?? 'content';
  const index = cfg.host
    ? client.index({ host: cfg.host, namespace })
    : client.index({ name: cfg.index, namespace });
  const self: VectorIndex = {
    backend: 'pinecone',
    async status() {
      const stats = await index.describeIndexStats();
      return {
        status: 'ok',
        backend: 'pinecone',
        message: `${stats.totalRecordCount ?? 0} vectors`,
      };
    },
    async query(vector, topK, filter) {
      // Metadata filters are pushed down to Pinecone rather than applied after the fact.
      const conditions: Record<string, unknown>[] = [];
      if (filter?.model) conditions.push({ model: { $eq: filter.model } });
      if (filter?.yearMin !== undefined) conditions.push({ year: { $gte: filter.yearMin } });
      if (filter?.yearMax !== undefined) conditions.push({ year: { $lte: filter.yearMax } });
      if (filter?.genres?.length) conditions.push({ genres: { $in: filter.genres } });
      const res = await index.query({
        vector,
        topK,
        ...(conditions.length
          ? { filter: conditions.length === 1 ? conditions[0] : { $and: conditions } }
          : {}),
      });
      return (res.matches ?? []).map((m) => ({ id: m.id, score: m.score ?? 0 }));
    },
    async vectorsOf(ids) {
      if (ids.length === 0) return new Map();
      const res = await index.fetch({ ids });
      return new Map(Object.entries(res.records ?? {}).map(([id, r]) => [id, r.values ?? []]));
    },
    async queryNear(seeds, topK) {
      // Pinecone cannot sum stored vectors: fetch them, sum here, then query.
      const vectors = await self.vectorsOf(seeds.map((s) => s.id));
      const taste = weightedCentroid(
        seeds.flatMap((s) => (vectors.has(s.id) ? [{ v: vectors.get(s.id)!, w: s.weight }] : [])),
      );
      return taste ? self.query(taste, topK) : [];
    },
    async upsert(items, model) {
      if (items.length === 0) return;
      await index.upsert({
        records: items.map((i) => ({
          id: i.id,
          values: i.vector,
          metadata: {
            ...(i.metadata.year === null ? {} : { year: i.metadata.year }),
            genres: i.metadata.genres,
            model,
          },
        })),
      });
    },
  };
  return self;
}
