/** `npskit sample <file.csv>`: the built-in sample retail group as a survey export (CSV text). */
import { TZDate } from '@date-fns/tz/date';
import { stringify } from 'csv-stringify/sync';
import { sampleRetailGroup } from '../sample/index.ts';

/**
 * The sample group's answers as a CSV export, one row per answer: the unit at each level by
 * name (division, region, store), the instant with the group's offset, the score, the survey's
 * other fields, a blank for a skipped rating, and the comment. Deterministic for a seed.
 */
export function sampleCsv(seed: number): string {
  const g = sampleRetailGroup({ seed });
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const drivers = g.drivers.map((d) => d.id);
  const rows: (string | number)[][] = [
    [
      'response_id',
      'division',
      'region',
      'store',
      'answered_at',
      'score',
      'touchpoint',
      'channel',
      'interviewer',
      ...drivers,
      'language',
      'comment',
    ],
  ];
  for (const r of g.responses) {
    const store = byId.get(r.nodeId);
    const region = store?.parentId == null ? undefined : byId.get(store.parentId);
    const division = region?.parentId == null ? undefined : byId.get(region.parentId);
    rows.push([
      r.responseId,
      division?.name ?? '',
      region?.name ?? '',
      store?.name ?? r.nodeId,
      new TZDate(r.at, g.timeZone).toISOString(),
      r.score,
      r.touchpoint,
      r.channel,
      r.interviewer ?? '',
      ...drivers.map((d) => r.ratings[d] ?? ''),
      r.language ?? '',
      r.comment ?? '',
    ]);
  }
  return stringify(rows);
}
