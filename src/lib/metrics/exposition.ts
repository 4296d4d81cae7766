/**
 * Prometheus text exposition format 0.0.4, written by hand: it is a few lines of escaping and
 * grouping. prom-client needs Node's process/cluster APIs and keeps state per process, which
 * is not how Workers run (many isolates, state aggregated elsewhere), so it does not fit.
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string;
}

export type Labels = Record<string, string>;

export interface Sample {
  /** The series name, with its suffix for histograms (`_bucket`, `_sum`, `_count`). */
  name: string;
  labels: Labels;
  value: number;
}

/** A series as one string (a map key or a Redis hash field): name and labels sorted by name. */
export function seriesKey(name: string, labels: Labels = {}): string {
  return JSON.stringify([
    name,
    Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
}

export function parseSeriesKey(key: string): { name: string; labels: Labels } | undefined {
  try {
    const [name, entries] = JSON.parse(key) as [unknown, unknown];
    if (typeof name !== 'string' || !Array.isArray(entries)) return undefined;
    const labels: Labels = {};
    for (const e of entries) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string')
        return undefined;
      labels[e[0]] = e[1];
    }
    return { name, labels };
  } catch {
    return undefined;
  }
}

const escapeLabel = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Labels by name, `le` last (as Prometheus clients write it). */
function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels)
    .sort(([a], [b]) => (a === 'le' ? 1 : b === 'le' ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function familyOf(
  sampleName: string,
  families: Map<string, MetricFamily>,
): MetricFamily | undefined {
  const direct = families.get(sampleName);
  if (direct) return direct;
  const m = /^(.*)_(bucket|sum|count)$/.exec(sampleName);
  const f = m ? families.get(m[1]!) : undefined;
  return f?.type === 'histogram' ? f : undefined;
}

const leOrder = (le: string | undefined) =>
  le === undefined ? Infinity : le === '+Inf' ? Infinity : Number(le);
const SUFFIX_ORDER: Record<string, number> = { _bucket: 0, _sum: 1, _count: 2 };

/**
 * Renders families in the given order, each with HELP and TYPE, its series grouped by label
 * set (histograms: buckets by ascending `le`, then `_sum`, `_count`). Samples of undeclared
 * families are dropped, so the output never contains a series without TYPE.
 */
export function renderExposition(declared: MetricFamily[], samples: Sample[]): string {
  const families = new Map(declared.map((f) => [f.name, f]));
  const byFamily = new Map<string, Sample[]>();
  for (const s of samples) {
    const f = familyOf(s.name, families);
    if (!f) continue;
    const list = byFamily.get(f.name) ?? [];
    list.push(s);
    byFamily.set(f.name, list);
  }
  const out: string[] = [];
  for (const f of declared) {
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    const list = byFamily.get(f.name) ?? [];
    const groupKey = (s: Sample) => {
      const { le: _le, ...rest } = s.labels;
      return seriesKey('', rest);
    };
    list.sort((a, b) => {
      const ga = groupKey(a);
      const gb = groupKey(b);
      if (ga !== gb) return ga < gb ? -1 : 1;
      const sa = SUFFIX_ORDER[a.name.slice(f.name.length)] ?? 0;
      const sb = SUFFIX_ORDER[b.name.slice(f.name.length)] ?? 0;
      if (sa !== sb) return sa - sb;
      return leOrder(a.labels.le) - leOrder(b.labels.le);
    });
    for (const s of list) out.push(`${s.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return `${out.join('\n')}\n`;
}
