/**
 * Compiles test/fixtures/fake-nvml.c (a stand-in for libnvidia-ml.so.1 with NVML's C signatures)
 * into a temporary shared library, so the koffi binding is exercised for real without a GPU.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const FAKE_NVML_SOURCE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "fake-nvml.c");

/** The C compiler to use, or undefined when none is installed (an error in CI, where gcc is present). */
export function cCompiler(): string | undefined {
  for (const candidate of [process.env.CC, "cc", "gcc", "clang"]) {
    if (candidate && spawnSync(candidate, ["--version"]).status === 0) return candidate;
  }
  if (process.env.CI)
    throw new Error("CI=true but no C compiler (cc/gcc/clang) was found to build the fake NVML");
  return undefined;
}

/** Builds the fake NVML and returns the path of the `.so`. */
export function compileFakeNvml(compiler: string): string {
  const output = join(mkdtempSync(join(tmpdir(), "prov4ml-fake-nvml-")), "libnvidia-ml.so.1");
  const result = spawnSync(compiler, ["-shared", "-fPIC", "-O1", "-o", output, FAKE_NVML_SOURCE], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`compiling the fake NVML failed:\n${result.stderr}`);
  return output;
}
