import { Prov4mlError } from "@prov4ml/core";

/** A country code that is not in the shipped carbon-intensity table. */
export class UnknownCountryError extends Prov4mlError {
  constructor(code: string, origin: string, suggestions: readonly string[]) {
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(", ")}?` : "";
    super(
      "UNKNOWN_COUNTRY",
      `carbon intensity: unknown country code ${JSON.stringify(code)} (from ${origin}).${hint} ` +
        "Give an ISO 3166-1 alpha-3 code such as FRA, DEU or USA through the `country` option or the " +
        "PROV4ML_COUNTRY_ISO_CODE environment variable (listCountries() lists the 213 known codes), " +
        "or give a fixed `carbonIntensityGPerKWh`.",
    );
  }
}

/** An option outside its range (a negative PUE, a TDP that is not a positive number, …). */
export class CarbonOptionError extends Prov4mlError {
  constructor(option: string, value: unknown, expected: string) {
    super(
      "INVALID_ARGUMENT",
      `carbonCollector: option ${option} must be ${expected}; got ${JSON.stringify(value) ?? String(value)}.`,
    );
  }
}
