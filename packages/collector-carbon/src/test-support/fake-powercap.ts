import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A zone of a fake powercap tree: its path below the root, `name`, and counters in µJ. */
export interface FakeZone {
  readonly path: string;
  readonly name: string;
  readonly energyUJ: number;
  readonly maxRangeUJ?: number;
}

/** Builds a powercap tree in a temp directory; `set` rewrites a counter; `remove` cleans up. */
export function fakePowercap(zones: readonly FakeZone[]) {
  const root = mkdtempSync(join(tmpdir(), "prov4ml-powercap-"));
  for (const zone of zones) {
    const dir = join(root, zone.path);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "name"), `${zone.name}\n`);
    writeFileSync(join(dir, "energy_uj"), `${zone.energyUJ}\n`);
    if (zone.maxRangeUJ !== undefined)
      writeFileSync(join(dir, "max_energy_range_uj"), `${zone.maxRangeUJ}\n`);
  }
  return {
    root,
    set(path: string, energyUJ: number): void {
      writeFileSync(join(root, path, "energy_uj"), `${energyUJ}\n`);
    },
    /** Makes the counter unreadable as a number, in place (a kept descriptor sees it). */
    corrupt(path: string): void {
      writeFileSync(join(root, path, "energy_uj"), "");
    },
    remove(): void {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
