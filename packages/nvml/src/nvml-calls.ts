import { NvmlUninitializedError, nvmlError } from "./errors.ts";
import type { NvmlDeviceHandle, NvmlFunctions } from "./nvml-functions.ts";

const NAME_BUFFER_BYTES = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE and NVML_DEVICE_UUID_V2_BUFFER_SIZE

/**
 * The bound NVML functions behind one initialisation: each call checked (a non-zero
 * `nvmlReturn_t` becomes a typed error), refused once shut down, device handles cached.
 */
export class NvmlCalls {
  private open = true;
  private readonly handles = new Map<number, NvmlDeviceHandle>();

  constructor(readonly functions: NvmlFunctions) {}

  /** Throws the typed error for a non-zero return code. */
  check(code: number, functionName: string): void {
    if (code !== 0) throw nvmlError(code, functionName, this.describe(code));
  }

  /** Throws `NvmlUninitializedError` once `shutdown` has run. */
  ensureOpen(functionName: string): void {
    if (!this.open) {
      throw new NvmlUninitializedError(
        1,
        functionName,
        "shut down",
        "Call loadNvml() again: this handle was shut down.",
      );
    }
  }

  /** An optional function, or NVML's "function not found" error (13) when the library lacks the symbol. */
  require<K extends keyof NvmlFunctions>(key: K, functionName: string): NonNullable<NvmlFunctions[K]> {
    this.ensureOpen(functionName);
    const fn = this.functions[key];
    if (fn === undefined) throw nvmlError(13, functionName, "symbol missing from the loaded library");
    return fn as NonNullable<NvmlFunctions[K]>;
  }

  /** The device's handle (asked once per index). */
  handleOf(index: number): NvmlDeviceHandle {
    const cached = this.handles.get(index);
    if (cached !== undefined) return cached;
    this.ensureOpen("nvmlDeviceGetHandleByIndex_v2");
    const out: [NvmlDeviceHandle] = [null];
    this.check(this.functions.deviceGetHandleByIndex(index, out), "nvmlDeviceGetHandleByIndex_v2");
    this.handles.set(index, out[0]);
    return out[0];
  }

  /** A NUL-terminated string the device writes into a buffer. */
  readString(key: "deviceGetName" | "deviceGetUUID", functionName: string, index: number): string {
    const fn = this.require(key, functionName);
    const buffer = Buffer.alloc(NAME_BUFFER_BYTES);
    this.check(fn(this.handleOf(index), buffer, NAME_BUFFER_BYTES), functionName);
    const end = buffer.indexOf(0);
    return buffer.toString("utf8", 0, end < 0 ? buffer.length : end);
  }

  /** One number the device writes through an out pointer. */
  readNumber(
    key: "deviceGetPowerUsage" | "deviceGetTotalEnergyConsumption",
    functionName: string,
    index: number,
  ): number {
    const fn = this.require(key, functionName);
    const out: [number] = [0];
    this.check(fn(this.handleOf(index), out), functionName);
    return Number(out[0]);
  }

  /** Releases this initialisation once; later calls throw. */
  shutdown(): void {
    if (!this.open) return;
    this.open = false;
    this.handles.clear();
    this.check(this.functions.shutdown(), "nvmlShutdown");
  }

  private describe(code: number): string {
    try {
      return this.functions.errorString(code);
    } catch {
      return "no description";
    }
  }
}
