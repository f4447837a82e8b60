/**
 * An attacker for the suppression tests, independent of src/kernels/disclosure.ts: it knows
 * the structure (which responses each published figure covers) and the published counts, and
 * solves the linear system. A target group is recoverable exactly when its indicator vector
 * over the atoms (the classes of responses that every figure treats alike) lies in the row
 * space of the published figures' indicators; atoms with no response are taken as known empty.
 * Exact rational arithmetic (BigInt fractions), so no tolerance is involved.
 */

/** A group of responses, named for the failure message. */
export interface Group<T> {
  readonly name: string;
  readonly has: (r: T) => boolean;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Row-reduce integer rows (fraction-free, gcd-normalised) and return the echelon basis by lead. */
function echelon(rows: bigint[][]): Map<number, bigint[]> {
  const basis = new Map<number, bigint[]>();
  for (const row of rows) {
    const r = reduce(row, basis);
    const lead = r.findIndex((v) => v !== 0n);
    if (lead >= 0) basis.set(lead, r);
  }
  return basis;
}

function reduce(row: readonly bigint[], basis: Map<number, bigint[]>): bigint[] {
  let r = row.slice();
  for (;;) {
    const lead = r.findIndex((v) => v !== 0n);
    if (lead < 0) return r;
    const b = basis.get(lead);
    if (b === undefined) return r;
    const a = b[lead] as bigint;
    const c = r[lead] as bigint;
    r = r.map((v, i) => a * v - c * (b[i] as bigint));
    const g = r.reduce((acc, v) => gcd(acc, v), 0n);
    if (g > 1n) r = r.map((v) => v / g);
  }
}

/**
 * The target groups with 1 to `minSample` − 1 responses that the published groups determine.
 * `units(r)` is the number of responses a record stands for.
 */
export function recoverable<T>(
  records: readonly T[],
  published: readonly Group<T>[],
  targets: readonly Group<T>[],
  minSample: number,
  units: (r: T) => number = () => 1,
): string[] {
  const all = [...published, ...targets];
  const atomOf = new Map<string, number>();
  const members: boolean[][] = [];
  for (const r of records) {
    if (units(r) <= 0) continue;
    const sig = all.map((g) => (g.has(r) ? '1' : '0')).join('');
    if (!atomOf.has(sig)) {
      atomOf.set(sig, atomOf.size);
      members.push(all.map((g) => g.has(r)));
    }
  }
  const A = atomOf.size;
  const indicator = (k: number): bigint[] =>
    Array.from({ length: A }, (_, a) => (members[a]?.[k] === true ? 1n : 0n));
  const basis = echelon(published.map((_, k) => indicator(k)));
  const out: string[] = [];
  targets.forEach((t, i) => {
    let n = 0;
    for (const r of records) if (t.has(r)) n += units(r);
    if (n <= 0 || n >= minSample) return;
    const v = reduce(indicator(published.length + i), basis);
    if (v.every((x) => x === 0n)) out.push(`${t.name} (n = ${String(n)})`);
  });
  return out;
}
