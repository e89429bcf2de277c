import type { Attributes, CollectorPlugin, CollectorSample, CollectorSession, RunInfo } from "@prov4ml/core";
import { CARBON_FIGURE_UNITS, type CarbonFigureName, type CarbonFigures } from "./carbon-figures.ts";
import { CarbonTracker } from "./carbon-tracker.ts";
import type { CarbonCollectorOptions } from "./options.ts";

/** Attribute-name prefix of everything this collector writes on the run activity. */
export const CARBON_ATTRIBUTE_PREFIX = "prov4ml:carbon_";

/**
 * The carbon collector: `logCarbonMetrics` logs CodeCarbon's nine figures (emissions, emissions_rate,
 * cpu/gpu/ram power, cpu/gpu/ram energy, energy_consumed), cumulative since the run started, and
 * `endRun` records the totals and how each component was measured on the run activity.
 *
 * @example
 * ```ts
 * import { carbonCollector } from "@prov4ml/collector-carbon";
 * const plugins = [carbonCollector({ country: "FRA" })];
 * ```
 */
export function carbonCollector(options: CarbonCollectorOptions = {}): CollectorPlugin {
  return {
    kind: "collector",
    name: "@prov4ml/collector-carbon",
    specVersion: 1,
    group: "carbon",
    capabilities: { mode: "poll" },
    async openRun(_run: RunInfo): Promise<CollectorSession> {
      const tracker = await CarbonTracker.create(options);
      await tracker.start();
      const intervalMs = options.loadSampleIntervalMs ?? 1000;
      const tick = () => {
        try {
          tracker.tick();
        } catch {
          // A background refinement must never take the training process down; sample() reports.
        }
      };
      const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : undefined;
      // The sampler must never keep the process alive on its own.
      timer?.unref();
      let finished: CarbonFigures | undefined;
      return {
        async sample(): Promise<CollectorSample> {
          return { metrics: figuresToMetrics(finished ?? (await tracker.measure())) };
        },
        async finish() {
          if (finished === undefined) {
            finished = await tracker.measure();
            if (timer) clearInterval(timer);
            await tracker.close();
          }
          return {
            attributes: carbonAttributes(finished, tracker),
            totals: { ...finished },
          };
        },
      };
    },
  };
}

/** The nine figures as metrics, named and united as CodeCarbon's emissions.csv columns. */
export function figuresToMetrics(
  figures: CarbonFigures,
): Array<{ name: CarbonFigureName; value: number; unit: string }> {
  return (Object.keys(CARBON_FIGURE_UNITS) as CarbonFigureName[]).map((name) => ({
    name,
    value: figures[name],
    unit: CARBON_FIGURE_UNITS[name],
  }));
}

/** Run-activity attributes: final totals, intensity and its origin, the method of each component. */
export function carbonAttributes(figures: CarbonFigures, tracker: CarbonTracker): Attributes {
  const { setup } = tracker;
  const p = CARBON_ATTRIBUTE_PREFIX;
  const attributes: Attributes = {
    [`${p}emissions_kg`]: figures.emissions,
    [`${p}emissions_rate_kg_per_s`]: figures.emissions_rate,
    [`${p}energy_consumed_kwh`]: figures.energy_consumed,
    [`${p}cpu_energy_kwh`]: figures.cpu_energy,
    [`${p}gpu_energy_kwh`]: figures.gpu_energy,
    [`${p}ram_energy_kwh`]: figures.ram_energy,
    [`${p}cpu_power_w`]: figures.cpu_power,
    [`${p}gpu_power_w`]: figures.gpu_power,
    [`${p}ram_power_w`]: figures.ram_power,
    [`${p}duration_s`]: figures.duration,
  };
  if (setup.intensity.country !== undefined) attributes[`${p}country`] = setup.intensity.country;
  if (setup.intensity.countryName !== undefined) attributes[`${p}country_name`] = setup.intensity.countryName;
  Object.assign(attributes, {
    [`${p}intensity_g_per_kwh`]: setup.intensity.gPerKWh,
    [`${p}intensity_assumed`]: setup.intensity.assumed,
    [`${p}intensity_source`]: setup.intensity.source,
    [`${p}cpu_method`]: setup.cpuMethod,
    [`${p}gpu_method`]: setup.gpuMethod,
    [`${p}ram_method`]: setup.ramMethod,
    [`${p}cpu_model`]: setup.cpuModel,
    [`${p}tracking_mode`]: setup.trackingMode,
    [`${p}pue`]: setup.pue,
    [`${p}model_version`]: setup.modelVersion,
  });
  const warnings = tracker.warnings;
  if (warnings.length > 0) attributes[`${p}warnings`] = warnings.join("; ");
  return attributes;
}
