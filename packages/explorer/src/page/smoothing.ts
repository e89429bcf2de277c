/** Exponential moving average as TensorBoard draws it: debiased, so the start is not pulled to 0. */
export function smoothEma(values: readonly number[], weight: number): number[] {
  if (!(weight > 0)) return [...values];
  const out: number[] = [];
  let last = 0;
  let steps = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) {
      out.push(value);
      continue;
    }
    last = last * weight + (1 - weight) * value;
    steps++;
    out.push(last / (1 - weight ** steps));
  }
  return out;
}
