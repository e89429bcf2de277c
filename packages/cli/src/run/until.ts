/** Waiting on a condition of the outside world (a process tree, a file) without a callback for it. */
import type { FSWatcher } from "node:fs";

/** Resolves once `condition` holds, checking every `everyMs` (and on fs events when given). */
export function until(
  condition: () => boolean,
  everyMs: number,
  timeoutMs = Number.POSITIVE_INFINITY,
  watcher?: () => FSWatcher,
): Promise<void> {
  return new Promise((resolve) => {
    const deadline = performance.now() + timeoutMs;
    let fsWatcher: FSWatcher | undefined;
    const check = () => {
      if (!condition() && performance.now() < deadline) return;
      clearInterval(timer);
      fsWatcher?.close();
      resolve();
    };
    const timer = setInterval(check, Math.max(everyMs, 10));
    try {
      fsWatcher = watcher?.();
      fsWatcher?.on("change", check);
    } catch {}
    check();
  });
}
