/** Joules in one kilowatt-hour. CodeCarbon truncates 1/3.6e6 to 2.77778e-7 (7e-7 relative): not copied. */
export const JOULES_PER_KWH = 3.6e6;

export function joulesToKWh(joules: number): number {
  return joules / JOULES_PER_KWH;
}

/** Emissions in kg CO2eq for an energy in kWh at an intensity in g CO2eq/kWh. */
export function emissionsKg(energyKWh: number, intensityGPerKWh: number): number {
  return (energyKWh * intensityGPerKWh) / 1000;
}
