/**
 * The one build configuration every published package uses: ESM + CJS + declarations for both,
 * so `publint --strict` and `attw --pack` accept the result. Packages call it from their own
 * `tsdown.config.ts`; the bundler stays behind this factory so it can be swapped in one place.
 * (Plain JavaScript: tsdown loads configs that import it without a TypeScript loader.)
 */
import { defineConfig } from "tsdown";

/**
 * @param {{ entry?: string[] | Record<string, string>, overrides?: import("tsdown").UserConfig }} [options]
 */
export function definePackageBuild(options = {}) {
  return defineConfig({
    entry: options.entry ?? ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    fixedExtension: true,
    sourcemap: true,
    clean: true,
    platform: "node",
    target: "node20",
    // rolldown's PLUGIN_TIMINGS notes (declaration generation is slow) say nothing actionable
    checks: { pluginTimings: false },
    ...options.overrides,
  });
}
