/** Promises a run hands out (artifacts, models, samples) that `endRun` and `forceFlush` wait for. */
export class PendingWork {
  private readonly promises = new Set<Promise<unknown>>();

  /** Remembers the promise until it settles, and returns it. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.promises.add(promise);
    const forget = () => this.promises.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Waits for everything handed out so far (and `extra`), failures included. */
  settle(...extra: Promise<unknown>[]): Promise<PromiseSettledResult<unknown>[]> {
    return Promise.allSettled([...this.promises, ...extra]);
  }
}
