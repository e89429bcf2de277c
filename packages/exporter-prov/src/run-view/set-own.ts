/**
 * Sets a key on a plain record as an own property, even for names such as `__proto__` that a plain
 * assignment would treat as the prototype (and silently drop).
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
