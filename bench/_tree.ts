// The benchmark organisation shared by every benchmark (bench/_cube.ts, bench/rollup.ts, the
// harness's synthetic group in bench/_synth.ts): a 5-level tree
// (company → 5 divisions → 20 macro-regions → 100 regions → 2000 stores), parents before
// children, with ids like 'hq/0/1/2/3'.

/** A node of the benchmark tree. */
export interface BenchNode {
  id: string;
  parentId: string | null;
  level: string;
}

/**
 * The nodes (parents first) and the store ids (the leaves): company → 5 divisions → 20
 * macro-regions → 100 regions → `stores` stores (2000 by default; 100 regions × `stores / 100`).
 */
export function benchTree(stores = 2000): { nodes: BenchNode[]; stores: string[] } {
  const nodes: BenchNode[] = [{ id: 'hq', parentId: null, level: 'company' }];
  const fan = [5, 4, 5, Math.max(1, Math.round(stores / 100))];
  const levelNames = ['division', 'macro-region', 'region', 'store'];
  let prev = ['hq'];
  for (let l = 0; l < fan.length; l++) {
    const next: string[] = [];
    for (const p of prev) {
      for (let k = 0; k < (fan[l] ?? 0); k++) {
        const id = `${p}/${String(k)}`;
        next.push(id);
        nodes.push({ id, parentId: p, level: levelNames[l] ?? '' });
      }
    }
    prev = next;
  }
  return { nodes, stores: prev };
}
