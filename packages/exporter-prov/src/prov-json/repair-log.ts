/**
 * Collects what the lenient reader repaired. Repairs of one kind are counted, not listed one by
 * one: a yProv4ML document can hold thousands of the same quirk, and one line each is useless.
 */
export class RepairLog {
  private readonly entries = new Map<string, { count: number; examples: string[] }>();

  /** Records one occurrence of a repair, described generically, with an optional example. */
  add(description: string, example?: string): void {
    let entry = this.entries.get(description);
    if (!entry) {
      entry = { count: 0, examples: [] };
      this.entries.set(description, entry);
    }
    entry.count++;
    if (example !== undefined && entry.examples.length < 3 && !entry.examples.includes(example)) {
      entry.examples.push(example.length > 80 ? `${example.slice(0, 77)}...` : example);
    }
  }

  /** One human-readable line per kind of repair, in the order they were first met. */
  messages(): string[] {
    return [...this.entries].map(([description, { count, examples }]) => {
      const times = count === 1 ? "" : ` (${count} times)`;
      const eg = examples.length > 0 ? `; e.g. ${examples.map((e) => JSON.stringify(e)).join(", ")}` : "";
      return `${description}${times}${eg}`;
    });
  }
}
