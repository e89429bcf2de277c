import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import type { EnergyMeter, MeterReading } from "../energy-meter.ts";
import { KeptFile } from "../kept-file.ts";

/** Where Linux exposes powercap zones; both are scanned and zones deduplicated by real path. */
export const DEFAULT_POWERCAP_ROOTS = ["/sys/class/powercap", "/sys/devices/virtual/powercap"] as const;

const ZONE_NAME = /^intel-rapl(-mmio)?(:\d+)+$|^intel-rapl(-mmio)?$/;
/** Two counters within 1 J (or 1e-6 relative) are the same counter read twice (CodeCarbon #1274). */
const MIRROR_TOLERANCE_UJ = 1_000_000;
const MIRROR_TOLERANCE_RELATIVE = 1e-6;

/** A powercap zone with an energy counter. */
export interface RaplZone {
  /** Content of `name`: `package-0`, `core`, `dram`, `psys`, … */
  readonly name: string;
  readonly dir: string;
  readonly mmio: boolean;
}

export interface RaplOptions {
  /** Roots to scan (tests pass a fake tree). */
  readonly roots?: readonly string[];
  /** Add top-level `dram` zones to the CPU figure (CodeCarbon's `rapl_include_dram`). */
  readonly includeDram?: boolean;
  /** Use `psys` (whole platform) instead of the packages (CodeCarbon's `rapl_prefer_psys`). */
  readonly preferPsys?: boolean;
}

/** Either the zones to read, or why RAPL cannot be used. */
export type RaplProbe =
  | { readonly ok: true; readonly zones: readonly RaplZone[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Finds the RAPL zones to read, as CodeCarbon does: package zones (nested core/uncore zones are
 * inside them and would double-count), else psys; MMIO preferred over MSR for the same name; a
 * zone whose `energy_uj` cannot be read (root-only since Linux 5.10) is reported with the reason.
 */
export function probeRapl(options: RaplOptions = {}): RaplProbe {
  const roots = options.roots ?? DEFAULT_POWERCAP_ROOTS;
  const seen = new Set<string>();
  const zones: RaplZone[] = [];
  const unreadable: string[] = [];
  let anyRoot = false;
  const visit = (dir: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!ZONE_NAME.test(entry)) continue;
      const path = join(dir, entry);
      let real: string;
      try {
        real = realpathSync(path);
        if (!statSync(real).isDirectory()) continue;
      } catch {
        continue;
      }
      if (seen.has(real)) continue;
      seen.add(real);
      const energyFile = join(real, "energy_uj");
      let hasCounter = true;
      try {
        readCounter(energyFile);
      } catch (error) {
        hasCounter = false;
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOENT") unreadable.push(`${energyFile}: ${code ?? (error as Error).message}`);
      }
      if (hasCounter) {
        zones.push({ name: readName(real) ?? entry, dir: real, mmio: entry.includes("-mmio") });
      }
      if (depth < 3) visit(real, depth + 1);
    }
  };
  for (const root of roots) {
    try {
      if (!statSync(root).isDirectory()) continue;
    } catch {
      continue;
    }
    anyRoot = true;
    visit(root, 0);
  }
  if (!anyRoot)
    return { ok: false, reason: `no powercap tree at ${roots.join(" or ")} (no RAPL on this machine or VM)` };
  const chosen = chooseZones(zones, options);
  if (chosen.length > 0) return { ok: true, zones: chosen };
  if (unreadable.length > 0) {
    return {
      ok: false,
      reason:
        `RAPL energy counters not readable (${unreadable.slice(0, 2).join("; ")}): root-only since Linux 5.10; ` +
        "grant read access with `sudo chmod -R a+r /sys/class/powercap/*` or a udev rule",
    };
  }
  return { ok: false, reason: `no RAPL package or psys zone under ${roots.join(" or ")}` };
}

function chooseZones(zones: readonly RaplZone[], options: RaplOptions): RaplZone[] {
  const packages = zones.filter((zone) => zone.name.toLowerCase().includes("package"));
  const psys = zones.filter((zone) => zone.name.toLowerCase() === "psys");
  // Only top-level DRAM zones: a DRAM zone nested in a package is already inside its counter.
  const dram = zones.filter(
    (zone) => zone.name.toLowerCase().includes("dram") && /^intel-rapl(-mmio)?:\d+$/.test(basename(zone.dir)),
  );
  let selected: RaplZone[];
  if (options.preferPsys && psys.length > 0) selected = psys;
  else if (packages.length > 0) selected = options.includeDram ? [...packages, ...dram] : packages;
  else selected = psys;
  const byName = new Map<string, RaplZone>();
  for (const zone of selected) {
    const previous = byName.get(zone.name);
    if (previous === undefined || (zone.mmio && !previous.mmio)) byName.set(zone.name, zone);
  }
  return [...byName.values()];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function readName(dir: string): string | undefined {
  try {
    const name = readFileSync(join(dir, "name"), "utf8").trim();
    return name === "" ? undefined : name;
  } catch {
    return undefined;
  }
}

/** Reads a µJ counter; throws when unreadable or not a number. */
function readCounter(file: string): number {
  const value = Number(readFileSync(file, "utf8").trim());
  if (!Number.isFinite(value)) throw new Error(`${file} does not hold a number`);
  return value;
}

interface ZoneState {
  readonly zone: RaplZone;
  readonly energyFile: KeptFile;
  /** Wrap point in µJ; 0 when unreadable, which disables the correction. */
  readonly maxRangeUJ: number;
  last: number | undefined;
  totalUJ: number;
  lastDeltaUJ: number;
  /** Suspected copy of another zone's counter (multi-die CPUs), excluded until an interval decides. */
  mirrorOf: ZoneState | undefined;
  dropped: boolean;
}

/**
 * CPU energy from RAPL counters. Each zone's Δ = now − last, plus `max_energy_range_uj` once when
 * the counter went backwards (a wrap); a failed read keeps the last good value, so the next good
 * read covers the gap (CodeCarbon instead loses the interval). Sample faster than range / P_max
 * (≈ an hour at 70 W for a 2³² µJ range) or wraps are missed.
 */
export class RaplCpuMeter implements EnergyMeter {
  readonly method = "rapl";
  readonly warnings: string[] = [];
  readonly #states: ZoneState[];

  constructor(zones: readonly RaplZone[]) {
    this.#states = zones.map((zone) => {
      let maxRangeUJ = 0;
      try {
        maxRangeUJ = readCounter(join(zone.dir, "max_energy_range_uj"));
      } catch {
        this.warnings.push(`${zone.name}: max_energy_range_uj unreadable, wrap-around cannot be corrected`);
      }
      return {
        zone,
        energyFile: new KeptFile(join(zone.dir, "energy_uj"), 64),
        maxRangeUJ,
        last: undefined,
        totalUJ: 0,
        lastDeltaUJ: 0,
        mirrorOf: undefined,
        dropped: false,
      };
    });
  }

  /** Names of the zones summed into the CPU figure (after mirrors were dropped). */
  get zoneNames(): string[] {
    return this.#states.filter((state) => !state.dropped).map((state) => state.zone.name);
  }

  start(): void {
    const references: ZoneState[] = [];
    for (const state of this.#states) {
      state.last = this.#tryRead(state);
      state.totalUJ = 0;
      if (state.last === undefined || state.last <= 0 || state.zone.name.toLowerCase().includes("dram"))
        continue;
      const twin = references.find((other) => sameCounter(other.last ?? 0, state.last ?? 0));
      if (twin) state.mirrorOf = twin;
      else references.push(state);
    }
  }

  read(): MeterReading {
    for (const state of this.#states) {
      if (state.dropped) continue;
      const value = this.#tryRead(state);
      state.lastDeltaUJ = 0;
      if (value === undefined) continue;
      if (state.last === undefined) {
        state.last = value;
        continue;
      }
      let delta = value - state.last;
      if (delta < 0) delta += state.maxRangeUJ;
      state.last = value;
      if (delta < 0) {
        this.#warnOnce(`${state.zone.name}: counter went backwards beyond its range; interval skipped`);
        continue;
      }
      state.lastDeltaUJ = delta;
      state.totalUJ += delta;
    }
    this.#settleMirrors();
    let totalUJ = 0;
    for (const state of this.#states)
      if (!state.dropped && state.mirrorOf === undefined) totalUJ += state.totalUJ;
    return { energyJ: totalUJ / 1e6 };
  }

  /** A suspected mirror is dropped once it also accrued the same energy, restored otherwise. */
  #settleMirrors(): void {
    for (const state of this.#states) {
      const reference = state.mirrorOf;
      if (reference === undefined) continue;
      if (state.lastDeltaUJ <= 0 && reference.lastDeltaUJ <= 0) continue;
      if (sameCounter(state.lastDeltaUJ, reference.lastDeltaUJ)) {
        state.dropped = true;
        this.#warnOnce(`${state.zone.name} mirrors ${reference.zone.name} (multi-die CPU): left out`);
      }
      state.mirrorOf = undefined;
    }
  }

  close(): void {
    for (const state of this.#states) state.energyFile.close();
  }

  #tryRead(state: ZoneState): number | undefined {
    try {
      const text = state.energyFile.readHead().trim();
      if (!/^\d+$/.test(text)) throw new Error(`not a counter: ${JSON.stringify(text.slice(0, 20))}`);
      return Number(text);
    } catch (error) {
      this.#warnOnce(
        `${state.energyFile.path}: read failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); kept the last value`,
      );
      return undefined;
    }
  }

  #warnOnce(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }
}

function sameCounter(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(MIRROR_TOLERANCE_RELATIVE * Math.max(a, b), MIRROR_TOLERANCE_UJ);
}
