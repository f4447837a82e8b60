// Object.prototype polluted before npskit built any option schema: this file has its own module
// graph (vitest isolates files), so zod's schema classes are first constructed under pollution.
// Every function must still answer with the typed invalid_option naming the key, never a raw
// TypeError from inside zod.
import { describe, expect, it } from 'vitest';
import { buildHierarchy, crossTab, rollup, segments, trend } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';

describe('a prototype polluted before the first schema is built', () => {
  it('segments, crossTab, rollup and trend answer invalid_option naming the key', () => {
    // (buildHierarchy builds no zod schema: built first, before the pollution)
    const h = buildHierarchy([
      { id: 'all', parentId: null },
      { id: 'a', parentId: 'all' },
    ]);
    const rows = [{ nodeId: 'a', score: 9, at: 0, channel: 'web' }];
    const proto = Object.prototype as Record<string, unknown>;
    proto.foo = 1;
    const codes: [string, readonly PropertyKey[]][] = [];
    try {
      for (const call of [
        () => segments(rows, { by: 'channel' }),
        () => crossTab(h, rows, { by: 'channel', level: 1 }),
        () => rollup(h, rows),
        () => trend(rows, { period: 'day' }),
      ]) {
        const e = thrown(call);
        codes.push([e.code, e.path]);
      }
    } finally {
      Reflect.deleteProperty(proto, 'foo');
    }
    expect(codes).toStrictEqual(Array.from({ length: 4 }, () => ['invalid_option', ['foo']]));
    const h1 = buildHierarchy([{ id: 'a', parentId: null }]);
    expect(segments([{ score: 9, channel: 'web' }], { by: 'channel' }).segments[0]?.nps).toBe(100);
    expect(rollup(h1, [{ nodeId: 'a', score: 3 }]).nodes[0]?.nps).toBe(-100);
  });
});
