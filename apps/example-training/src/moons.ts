import { gaussian, seededRandom } from "./random.ts";

export interface Dataset {
  /** Row-major features, `count × 2`. */
  features: Float64Array;
  /** 0 or 1 per sample. */
  labels: Uint8Array;
  count: number;
}

/** The "two moons" classification set: two interleaved half circles with Gaussian noise. */
export function makeMoons(count: number, noise: number, seed: number): Dataset {
  const random = seededRandom(seed);
  const features = new Float64Array(count * 2);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const angle = Math.PI * random();
    const x = label === 0 ? Math.cos(angle) : 1 - Math.cos(angle);
    const y = label === 0 ? Math.sin(angle) : 0.5 - Math.sin(angle);
    features[2 * i] = x + noise * gaussian(random);
    features[2 * i + 1] = y + noise * gaussian(random);
    labels[i] = label;
  }
  return { features, labels, count };
}

/** Splits off the last `fraction` of the samples. */
export function split(data: Dataset, fraction: number): [Dataset, Dataset] {
  const cut = Math.round(data.count * (1 - fraction));
  const take = (from: number, to: number): Dataset => ({
    features: data.features.slice(2 * from, 2 * to),
    labels: data.labels.slice(from, to),
    count: to - from,
  });
  return [take(0, cut), take(cut, data.count)];
}
