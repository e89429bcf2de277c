/** The logger plugins receive. Messages must never contain secrets: plugins redact before logging. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Logs warnings and errors to stderr with a `[prov4ml]` prefix; debug/info only when PROV4ML_DEBUG is set. */
export function createConsoleLogger(): Logger {
  const verbose = Boolean(process.env.PROV4ML_DEBUG);
  return {
    debug: (message) => verbose && console.debug(`[prov4ml] ${message}`),
    info: (message) => verbose && console.info(`[prov4ml] ${message}`),
    warn: (message) => console.warn(`[prov4ml] ${message}`),
    error: (message) => console.error(`[prov4ml] ${message}`),
  };
}

/** A logger that drops everything; handy in tests. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
