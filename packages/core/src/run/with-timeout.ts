/**
 * Settles like `operation`, or rejects with `timeoutError()` after `ms`, whichever comes first.
 * The timer is unref'd (it never keeps the process alive) and cleared once either settles.
 */
export function withTimeout<T>(operation: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
    timer.unref();
  });
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}
