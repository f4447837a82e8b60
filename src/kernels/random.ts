/**
 * A seeded pseudo-random generator returning floats in [0, 1): sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, from PractRand), seeded through splitmix32 so that nearby seeds
 * give unrelated streams. Deterministic across platforms: every random draw in npskit takes a
 * seed and goes through this. The seed is an integer in [0, 2^32 − 1] (`seedOption` in
 * kernels/options.ts checks it at every public boundary).
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
    x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
    return (x ^ (x >>> 15)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform generator (Box–Muller, one value per call). */
export function normalDraw(random: () => number): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
