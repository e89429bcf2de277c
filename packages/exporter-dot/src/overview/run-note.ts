/**
 * The short note beside the run: status, duration, energy, emissions, git — the few facts a
 * person looks for first. Everything else about the run is in its hover title.
 */
import { attributeByLocalName, localName, typeNames, valueText } from "../local-name.ts";
import type { Scene, SceneElement } from "../scene.ts";
import { cutLine } from "./short-label.ts";

const RUN_TYPES = new Set(["Run", "LearningExecution", "LearningStage"]);

/** The run activity: typed as a run, else the activity with the most attributes. */
export function findRun(scene: Scene): SceneElement | undefined {
  let best: SceneElement | undefined;
  for (const element of scene.elements.values()) {
    if (element.kind !== "activity") continue;
    if (typeNames(element.attributes).some((type) => RUN_TYPES.has(type))) return element;
    if (!best || element.attributes.length > best.attributes.length) best = element;
  }
  return best;
}

export function runNoteLines(run: SceneElement): string[] {
  const attribute = (local: string) => {
    const value = attributeByLocalName(run.attributes, local);
    return value === undefined ? undefined : valueText(value);
  };
  const lines: string[] = [];
  const status = attribute("status");
  if (status !== undefined) lines.push(`status: ${status}`);
  const duration = durationText(attribute("startTime"), attribute("endTime"));
  if (duration !== undefined) lines.push(`duration: ${duration}`);
  const energy = attribute("carbon_energy_consumed_kwh") ?? attribute("energy_consumed");
  if (energy !== undefined) lines.push(`energy: ${formatQuantity(energy, "kWh")}`);
  const emissions = attribute("carbon_emissions_kg") ?? attribute("emissions");
  if (emissions !== undefined) lines.push(`emissions: ${formatQuantity(emissions, "kg CO₂eq")}`);
  const git = run.attributes.find(([name]) => /git|commit/i.test(localName(name)));
  if (git) lines.push(`git: ${cutLine(valueText(git[1]), 20)}`);
  return lines;
}

function durationText(start: string | undefined, end: string | undefined): string | undefined {
  if (start === undefined) return undefined;
  if (end === undefined) return "not ended";
  const ms = Date.parse(end) - Date.parse(start);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 120 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${(minutes / 60).toFixed(1)} h`;
}

function formatQuantity(text: string, unit: string): string {
  const number = Number(text);
  return Number.isFinite(number) ? `${number.toPrecision(3)} ${unit}` : `${text} ${unit}`;
}
