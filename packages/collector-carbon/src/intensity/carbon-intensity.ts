import { CarbonOptionError, UnknownCountryError } from "../errors.ts";
import {
  COUNTRY_INTENSITY,
  COUNTRY_INTENSITY_SOURCE,
  type CountryIntensity,
  WORLD_AVERAGE_G_PER_KWH,
  WORLD_AVERAGE_SOURCE,
} from "./country-intensity-data.ts";

/** Environment variables read for the country, in order: ours, then CodeCarbon's. */
export const COUNTRY_ENV_VARS = ["PROV4ML_COUNTRY_ISO_CODE", "CODECARBON_COUNTRY_ISO_CODE"] as const;

/** The grid intensity a run uses, and where it came from. */
export interface ResolvedIntensity {
  readonly gPerKWh: number;
  /** ISO alpha-3 code, `"WORLD"` for the world average, or `undefined` for a fixed intensity. */
  readonly country: string | undefined;
  readonly countryName: string | undefined;
  /** True when nothing said where the machine is and the world average was assumed. */
  readonly assumed: boolean;
  /** `fixed`, `country` or `world-average`. */
  readonly origin: "fixed" | "country" | "world-average";
  /** Human-readable source of the figure, with its year. */
  readonly source: string;
}

export interface IntensityRequest {
  readonly country?: string | undefined;
  readonly carbonIntensityGPerKWh?: number | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Picks the intensity: a fixed value, else the country (option, then `PROV4ML_COUNTRY_ISO_CODE`,
 * then `CODECARBON_COUNTRY_ISO_CODE`), else the world average flagged as assumed. Never goes to
 * the network: CodeCarbon's geo-IP lookup silently falls back to Canada, which we refuse to do.
 */
export function resolveCarbonIntensity(request: IntensityRequest): ResolvedIntensity {
  const fixed = request.carbonIntensityGPerKWh;
  if (fixed !== undefined) {
    if (typeof fixed !== "number" || !Number.isFinite(fixed) || fixed < 0) {
      throw new CarbonOptionError("carbonIntensityGPerKWh", fixed, "a finite number ≥ 0 (g CO2eq/kWh)");
    }
    const named =
      request.country === undefined ? undefined : lookupCountry(request.country, "option country");
    return {
      gPerKWh: fixed,
      country: named?.code,
      countryName: named?.entry.name,
      assumed: false,
      origin: "fixed",
      source: "carbonIntensityGPerKWh option",
    };
  }
  const env = request.env ?? process.env;
  let code: string | undefined;
  let origin = "option country";
  if (request.country !== undefined) code = request.country;
  else {
    for (const name of COUNTRY_ENV_VARS) {
      const value = env[name];
      if (value !== undefined && value.trim() !== "") {
        code = value;
        origin = `environment variable ${name}`;
        break;
      }
    }
  }
  if (code === undefined) {
    return {
      gPerKWh: WORLD_AVERAGE_G_PER_KWH,
      country: "WORLD",
      countryName: "World",
      assumed: true,
      origin: "world-average",
      source: `world average (IEA 2019, ${WORLD_AVERAGE_SOURCE}); no country given`,
    };
  }
  const { code: iso, entry } = lookupCountry(code, origin);
  return {
    gPerKWh: entry.gPerKWh,
    country: iso,
    countryName: entry.name,
    assumed: false,
    origin: "country",
    source: `${COUNTRY_INTENSITY_SOURCE}, year ${entry.year}`,
  };
}

function lookupCountry(raw: string, origin: string): { code: string; entry: CountryIntensity } {
  const code = String(raw).trim().toUpperCase();
  const entry = Object.hasOwn(COUNTRY_INTENSITY, code) ? COUNTRY_INTENSITY[code] : undefined;
  if (entry === undefined) throw new UnknownCountryError(String(raw), origin, suggestCountries(code));
  return { code, entry };
}

/** Codes sharing the first two letters, or names containing the text: a hint, not a guess. */
function suggestCountries(text: string): string[] {
  const lower = text.toLowerCase();
  const matches = Object.entries(COUNTRY_INTENSITY).filter(
    ([code, entry]) =>
      (text.length >= 2 && code.startsWith(text.slice(0, 2))) ||
      (lower.length >= 3 && entry.name.toLowerCase().includes(lower)),
  );
  return matches.slice(0, 5).map(([code, entry]) => `${code} (${entry.name})`);
}

/** Every country in the shipped table: code, name, g CO2eq/kWh and the year of the figure. */
export function listCountries(): Array<{ code: string } & CountryIntensity> {
  return Object.entries(COUNTRY_INTENSITY).map(([code, entry]) => ({ code, ...entry }));
}
