import { describe, expect, it } from 'vitest';
import {
  driverMatrixChart,
  driverPerformance,
  importancePerformance,
  relativeImportance,
} from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';
import { responses } from './_data.ts';
import { items, render, vegaData } from './_render.ts';

const inputs = () => {
  const rows = responses();
  return {
    importance: relativeImportance(rows, { metric: 'lmg' }),
    performance: driverPerformance(rows),
  };
};

describe('driverMatrixChart', () => {
  it('places the drivers with the quadrant rules at the medians the matrix used', async () => {
    const { importance, performance } = inputs();
    const cuts = { importanceCut: 'median', performanceCut: 'median' } as const;
    const matrix = importancePerformance(importance, performance, cuts);
    // speed matters most and performs well; price matters (at the median) and performs worst
    expect(matrix.map((d) => [d.driver, d.quadrant])).toEqual([
      ['speed', 'maintain'],
      ['price', 'fix_first'],
      ['staff', 'possible_overkill'],
    ]);
    const spec = driverMatrixChart(matrix, cuts);
    const data = vegaData(spec);
    const source = data.get('source_0') as Record<string, unknown>[];
    expect(source.map((d) => [d.driver, d.importance, d.performance, d.quadrantName])).toEqual(
      matrix.map((d) => [
        d.driver,
        d.importance,
        d.performance,
        { maintain: 'Maintain', fix_first: 'Fix first', possible_overkill: 'Possible overkill' }[
          d.quadrant as 'maintain'
        ],
      ]),
    );
    // the rules sit at the medians: price's importance and speed's performance (3 drivers)
    const rules = [...data.values()].find((v) =>
      v.some((d) => (d as { importanceCut?: unknown }).importanceCut !== undefined),
    );
    expect(rules).toEqual([
      { importanceCut: matrix[1]?.importance, performanceCut: matrix[0]?.performance },
    ]);
    const { marks } = await render(spec);
    expect(marks.map((m) => m.type)).toEqual([
      'rule',
      'rule',
      'symbol',
      'text',
      'text',
      'text',
      'text',
      'text',
    ]);
    expect(items(marks[2]?.body ?? '')).toBe(3);
    for (const d of ['speed', 'price', 'staff']) expect(marks[3]?.body).toContain(`>${d}<`);
    const corners = marks.slice(4).map((m) => />([^<]+)<\/text>/.exec(m.body)?.[1]);
    expect(corners).toEqual(['Fix first', 'Maintain', 'Low priority', 'Possible overkill']);
    expect(spec.description).toContain('Fix first: price; Maintain: speed;');
  });

  it('defaults to the means, as importancePerformance does', () => {
    const { importance, performance } = inputs();
    const matrix = importancePerformance(importance, performance);
    const spec = driverMatrixChart(matrix);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const rules = spec.layer[0] as { data: { values: { importanceCut: number }[] } };
    expect(rules.data.values[0]?.importanceCut).toBeCloseTo(
      mean(matrix.map((d) => d.importance)),
      12,
    );
  });

  it('refuses cuts that do not split the drivers as the result did, and an empty matrix', () => {
    const { importance, performance } = inputs();
    const matrix = importancePerformance(importance, performance, {
      importanceCut: 'median',
      performanceCut: 'median',
    });
    const e = thrown(() => driverMatrixChart(matrix));
    expect(e.code).toBe('invalid_option');
    expect(e.message).toMatch(
      /^driverMatrixChart: .*driver "price" in low_priority, not fix_first/,
    );
    expect(thrown(() => driverMatrixChart([])).code).toBe('empty');
    expect(thrown(() => driverMatrixChart([{ driver: 'x' }] as never)).code).toBe('invalid_input');
  });
});
