import { nvmlError } from "./errors.ts";
import { createNvml, type Nvml } from "./nvml.ts";
import { bindNvmlFunctions } from "./nvml-functions.ts";

/** Environment variable that overrides the NVML library path (tests, unusual driver installs). */
export const NVML_LIBRARY_ENV = "PROV4ML_NVML_LIBRARY";

/** Why NVML could not be used; nothing was loaded or initialised. */
export interface NvmlUnavailable {
  readonly available: false;
  /** The library that was tried, if any. */
  readonly libraryPath: string | undefined;
  /** One line for the PROV document, e.g. "cannot load libnvidia-ml.so.1: …". */
  readonly reason: string;
  readonly cause?: unknown;
}

export interface LoadNvmlOptions {
  /** Path or soname of the NVML library. Default: `$PROV4ML_NVML_LIBRARY`, else the platform's name. */
  readonly libraryPath?: string;
  /** Environment to read {@link NVML_LIBRARY_ENV} from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Platform to pick the default library for (default `process.platform`). */
  readonly platform?: NodeJS.Platform;
}

/** The library name NVML ships under on a platform, or undefined where NVIDIA ships none (macOS). */
export function defaultNvmlLibrary(platform: NodeJS.Platform): string | undefined {
  if (platform === "win32") return "nvml.dll";
  if (platform === "darwin") return undefined;
  // The versioned soname: the bare libnvidia-ml.so exists only with the development package.
  return "libnvidia-ml.so.1";
}

/**
 * Loads NVML at run time through koffi and initialises it. Never throws for a missing GPU, driver
 * or library: it returns `{ available: false, reason }` instead, so callers can record the reason.
 */
export async function loadNvml(options: LoadNvmlOptions = {}): Promise<Nvml | NvmlUnavailable> {
  const env = options.env ?? process.env;
  const libraryPath =
    options.libraryPath ??
    nonEmpty(env[NVML_LIBRARY_ENV]) ??
    defaultNvmlLibrary(options.platform ?? process.platform);
  if (libraryPath === undefined) {
    return {
      available: false,
      libraryPath,
      reason: `NVML is not available on ${options.platform ?? process.platform}`,
    };
  }

  let koffi: typeof import("koffi");
  try {
    koffi = await import("koffi");
  } catch (cause) {
    return {
      available: false,
      libraryPath,
      reason: `the koffi FFI module failed to load: ${messageOf(cause)}`,
      cause,
    };
  }

  let functions: ReturnType<typeof bindNvmlFunctions>;
  try {
    functions = bindNvmlFunctions(koffi, koffi.load(libraryPath));
  } catch (cause) {
    return {
      available: false,
      libraryPath,
      reason: `cannot load ${libraryPath}: ${messageOf(cause)}`,
      cause,
    };
  }

  const code = functions.init();
  if (code !== 0) {
    const error = nvmlError(code, "nvmlInit_v2", safeErrorString(functions.errorString, code));
    return { available: false, libraryPath, reason: error.message, cause: error };
  }
  return createNvml(functions, libraryPath);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function safeErrorString(errorString: (code: number) => string, code: number): string {
  try {
    return errorString(code);
  } catch {
    return "no description";
  }
}
