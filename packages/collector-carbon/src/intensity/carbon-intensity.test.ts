import { describe, expect, it } from "vitest";
import { UnknownCountryError } from "../errors.ts";
import { listCountries, resolveCarbonIntensity } from "./carbon-intensity.ts";

describe("resolveCarbonIntensity", () => {
  it("takes the country option first, then PROV4ML_COUNTRY_ISO_CODE, then CodeCarbon's variable", () => {
    const env = { PROV4ML_COUNTRY_ISO_CODE: "DEU", CODECARBON_COUNTRY_ISO_CODE: "USA" };
    expect(resolveCarbonIntensity({ country: "fra", env })).toMatchObject({
      country: "FRA",
      countryName: "France",
      gPerKWh: 56.039,
      assumed: false,
      origin: "country",
    });
    expect(resolveCarbonIntensity({ env }).country).toBe("DEU");
    expect(resolveCarbonIntensity({ env: { CODECARBON_COUNTRY_ISO_CODE: "USA" } }).country).toBe("USA");
    expect(resolveCarbonIntensity({ country: "FRA", env }).source).toMatch(/Our World in Data.*year 2023/);
  });

  it("falls back to the world average, flagged as assumed", () => {
    expect(resolveCarbonIntensity({ env: {} })).toMatchObject({
      gPerKWh: 475,
      country: "WORLD",
      assumed: true,
      origin: "world-average",
    });
  });

  it("a fixed intensity wins and is not assumed", () => {
    expect(resolveCarbonIntensity({ carbonIntensityGPerKWh: 123, env: {} })).toMatchObject({
      gPerKWh: 123,
      assumed: false,
      origin: "fixed",
      country: undefined,
    });
    expect(() => resolveCarbonIntensity({ carbonIntensityGPerKWh: -1, env: {} })).toThrow(
      /carbonIntensityGPerKWh/,
    );
  });

  it("an unknown country is an error that says how to pick one", () => {
    const attempt = () => resolveCarbonIntensity({ env: { PROV4ML_COUNTRY_ISO_CODE: "FR" } });
    expect(attempt).toThrow(UnknownCountryError);
    expect(attempt).toThrow(
      /"FR" \(from environment variable PROV4ML_COUNTRY_ISO_CODE\).*FRA \(France\).*alpha-3/,
    );
    expect(() => resolveCarbonIntensity({ country: "Narnia", env: {} })).toThrow(/PROV4ML_COUNTRY_ISO_CODE/);
  });

  it("lists every country with a year", () => {
    const countries = listCountries();
    expect(countries.length).toBe(213);
    expect(countries.every((country) => /^[A-Z]{3}$/.test(country.code) && country.year >= 2000)).toBe(true);
  });
});
