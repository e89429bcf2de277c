/** Two interleaved spirals, a classic non-linear toy problem; deterministic for a given n. */
// (The same generator as apps/onnx-evaluation/src/spirals.ts: the two apps stay independent.)
export function spirals(n: number, noise = 0.02): { points: number[][]; labels: number[] } {
  const points: number[][] = [];
  const labels: number[] = [];
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    const r = (i / n) * 3;
    for (const label of [0, 1]) {
      const angle = r * 1.6 + label * Math.PI;
      points.push([
        (r * Math.cos(angle)) / 3 + random() * noise,
        (r * Math.sin(angle)) / 3 + random() * noise,
      ]);
      labels.push(label);
    }
  }
  // Shuffled (deterministically): tfjs's validationSplit takes the last rows as they are.
  for (let i = points.length - 1; i > 0; i--) {
    const j = Math.floor((random() + 0.5) * (i + 1));
    [points[i], points[j]] = [points[j] as number[], points[i] as number[]];
    [labels[i], labels[j]] = [labels[j] as number, labels[i] as number];
  }
  return { points, labels };
}
