/**
 * mulberry32: a tiny, fast seeded PRNG (uniform in [0, 1)). Used wherever a run must be
 * repeatable from its seed: test data, benchmark data, experiment splits and inits.
 * It sits in experiments/ (the bottom layer) so the engine never imports from lib/.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
