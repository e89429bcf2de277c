/**
 * Parity with CodeCarbon's own code — needs the reference Python venv (`.venv`, codecarbon 3.3.2
 * from tooling/python/requirements.txt; `npm test` at the repo root makes it).
 * The CPU-model matcher, the RAM model, the country table and what both detect on this machine.
 */
import { arch, totalmem } from "node:os";
import { hasReferencePython, runPython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { CPU_TDP_TABLE } from "../src/cpu/cpu-tdp-data.ts";
import {
  detectCpuInfo,
  listCountries,
  matchCpuName,
  ramPowerWatts,
  ratedCpuPower,
  WORLD_AVERAGE_G_PER_KWH,
} from "../src/index.ts";

function python<T>(code: string, input?: unknown): T {
  const result = runPython(code, [], input === undefined ? undefined : JSON.stringify(input));
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  const lines = result.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1] as string) as T;
}

/** Brand strings as machines report them, table names, and variations that exercise each matching stage. */
function cpuQueries(): string[] {
  const names = CPU_TDP_TABLE.split("\n").map((line) => line.slice(0, line.lastIndexOf("\t")));
  const sample = names.filter((_, i) => i % 23 === 0);
  const queries = new Set<string>([
    "AMD EPYC",
    "AMD EPYC 7742 64-Core Processor",
    "AMD EPYC 7763 64-Core Processor",
    "AMD EPYC 9654 96-Core Processor",
    "AMD Ryzen 9 5950X 16-Core Processor",
    "AMD Ryzen Threadripper PRO 5995WX 64-Cores",
    "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz",
    "Intel(R) Xeon(R) Platinum 8380 CPU @ 2.30GHz",
    "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz",
    "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz",
    "Intel(R) Core(TM) i9-13900K",
    "13th Gen Intel(R) Core(TM) i7-1365U",
    "Intel Xeon Processor (Icelake)",
    "Common KVM processor",
    "QEMU Virtual CPU version 2.5+",
    "Apple M2 Pro",
    "Neoverse-N1",
    "Intel(R) Xeon(R) Gold 6248",
  ]);
  for (const name of sample) {
    queries.add(name);
    queries.add(name.toUpperCase());
    queries.add(`${name} CPU @ 2.10GHz`);
    const tokens = name.split(" ");
    if (tokens.length > 2) queries.add(tokens.slice(0, -1).join(" "));
  }
  return [...queries];
}

describe.runIf(hasReferencePython())("parity with CodeCarbon 3.3.2", () => {
  it("picks the same table entry as TDP._get_matching_cpu for every query", () => {
    const queries = cpuQueries();
    const theirs = python<Array<string | null>>(
      `
import json, sys, logging
logging.disable(logging.CRITICAL)
from codecarbon.core.cpu import TDP
from codecarbon.input import DataSource
tdp = TDP.__new__(TDP)
df = DataSource().get_cpu_power_data()
print(json.dumps([tdp._get_matching_cpu(q, df) for q in json.load(sys.stdin)]))
`,
      queries,
    );
    const ours = queries.map((query) => matchCpuName(query) ?? null);
    const differences = queries
      .filter((_, i) => ours[i] !== theirs[i])
      .map((q, i) => [q, ours[i], theirs[i]]);
    expect(differences).toEqual([]);
    expect(queries.length).toBeGreaterThan(500);
    // Each stage is exercised: some match, some do not.
    expect(ours.filter((name) => name === null).length).toBeGreaterThan(5);
    expect(ours.filter((name) => name !== null).length).toBeGreaterThan(300);
  });

  it("gives the same RAM power as RAM._calculate_ram_power, x86 and ARM", () => {
    const sizes = [
      0.5, 1, 2, 3, 4, 6, 8, 12, 16, 17, 23.54, 31.9, 32, 48, 64, 65, 96, 128, 129, 192, 256, 384, 512, 768,
      1024, 1536, 2048, 4096, 8192, 16384,
    ];
    const theirs = python<{ x86: number[]; arm: number[] }>(
      `
import json, sys
from codecarbon.external.ram import RAM
ram = RAM()
sizes = json.load(sys.stdin)
ram.is_arm_cpu = False
x86 = [ram._calculate_ram_power(s) for s in sizes]
ram.is_arm_cpu = True
print(json.dumps({"x86": x86, "arm": [ram._calculate_ram_power(s) for s in sizes]}))
`,
      sizes,
    );
    expect(sizes.map((size) => ramPowerWatts(size, false))).toEqual(theirs.x86);
    expect(sizes.map((size) => ramPowerWatts(size, true))).toEqual(theirs.arm);
  });

  it("ships CodeCarbon's country intensities and world average", () => {
    const theirs = python<{ countries: Record<string, number>; world: number }>(`
import json
from codecarbon.input import DataSource
from codecarbon.core.emissions import Emissions
from codecarbon.core.units import Energy
from codecarbon.external.geography import GeoMetadata
source = DataSource()
emissions = Emissions(source)
mix = source.get_global_energy_mix_data()
countries = {code: emissions.get_country_emissions(Energy(1.0), GeoMetadata(country_iso_code=code)) * 1000 for code in mix}
print(json.dumps({"countries": countries, "world": source.get_carbon_intensity_per_source_data()["world_average"]}))
`);
    const ours = Object.fromEntries(listCountries().map((country) => [country.code, country.gPerKWh]));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs.countries).sort());
    for (const [code, grams] of Object.entries(theirs.countries)) expect(ours[code]).toBeCloseTo(grams, 9);
    expect(WORLD_AVERAGE_G_PER_KWH).toBe(theirs.world);
  });

  it("finds the same CPU model, rated power and RAM power as CodeCarbon on this machine", () => {
    const theirs = python<{
      model: string;
      tdp: number | null;
      sockets: number;
      ramW: number;
      arm: boolean;
    }>(`
import json, logging
logging.disable(logging.CRITICAL)
from codecarbon.core.cpu import TDP
from codecarbon.core.util import count_physical_cpus
from codecarbon.external.ram import RAM
tdp = TDP()
ram = RAM(tracking_mode="machine")
print(json.dumps({"model": tdp.model, "tdp": tdp.tdp, "sockets": count_physical_cpus(), "ramW": ram.total_power().W, "arm": ram.is_arm_cpu}))
`);
    const info = detectCpuInfo();
    const rated = ratedCpuPower(info, undefined);
    const machineMemoryGB = totalmem() / 1024 ** 3;
    console.log(
      `CodeCarbon: "${theirs.model}" ${theirs.tdp} W × ${theirs.sockets} socket(s), RAM ${theirs.ramW} W | ` +
        `prov4ml: "${info.model}" ${rated.watts} W (${rated.explanation}), RAM ${ramPowerWatts(machineMemoryGB, theirs.arm)} W`,
    );
    expect(info.model).toBe(theirs.model);
    expect(info.sockets).toBe(theirs.sockets);
    expect(rated.watts).toBe(theirs.tdp === null ? 85 : theirs.tdp * theirs.sockets);
    expect(ramPowerWatts(machineMemoryGB, /arm|aarch/i.test(arch()))).toBe(theirs.ramW);
  });
});
