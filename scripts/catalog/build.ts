/**
 * `npm run catalog:build`: reads the Wikipedia film list (../shared/datasets/wikipedia-movie-data,
 * or WIKIPEDIA_MOVIE_DATA) and vega-datasets' movies.json, derives the bundled catalog and
 * writes data/catalog/films.jsonl.gz (one CatalogRecordInput per line) and REPORT.md. Rerunning
 * on the same inputs writes byte-identical files.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadRawMovies } from '../seed/seed.ts';
import { BUNDLED_CATALOG_FILE } from './bundled.ts';
import { deriveCatalog } from './derive.ts';
import { renderReport } from './report.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WIKI_DIR =
  process.env.WIKIPEDIA_MOVIE_DATA ?? join(ROOT, '../shared/datasets/wikipedia-movie-data');

export function loadWikipediaRows(dir: string = WIKI_DIR): unknown[] {
  const files = readdirSync(dir)
    .filter((f) => /^movies-\d{4}s\.json\.gz$/.test(f))
    .sort();
  if (!files.length) throw new Error(`${dir}: no movies-<decade>.json.gz files`);
  const rows: unknown[] = [];
  for (const f of files) {
    const data: unknown = JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8'));
    if (!Array.isArray(data)) throw new Error(`${f}: expected a JSON array`);
    rows.push(...data);
  }
  return rows;
}

function main(): void {
  const t0 = performance.now();
  const { records, report } = deriveCatalog(loadWikipediaRows(), loadRawMovies());
  const body = `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
  const gz = gzipSync(body, { level: 9 });
  const dir = join(ROOT, 'data/catalog');
  mkdirSync(dir, { recursive: true });
  writeFileSync(BUNDLED_CATALOG_FILE, gz);
  writeFileSync(
    join(dir, 'REPORT.md'),
    renderReport(report, { bytes: gz.length, file: 'data/catalog/films.jsonl.gz' }),
  );
  const r = report;
  console.log(
    `catalog: ${r.records.total} records (${r.records.merged} merged, ${r.records.wikipediaOnly} Wikipedia-only, ${r.records.vegaOnly} vega-only); ` +
      `${r.match.matched} of ${r.vega.output} vega films matched (${r.match.sameTitleKey} share a title key); ` +
      `${(body.length / 1e6).toFixed(1)} MB → ${(gz.length / 1e6).toFixed(2)} MB gzipped in ${Math.round(performance.now() - t0)} ms. Report: data/catalog/REPORT.md`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
