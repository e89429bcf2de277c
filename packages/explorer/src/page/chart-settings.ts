/// <reference lib="dom" />
/** The run page's chart controls (log scale, smoothing, x by step or time), shared by its charts. */
import type { ChartAxis } from "../api-types.ts";
import { el } from "./dom.ts";

export interface ChartSettings {
  logScale: boolean;
  /** EMA weight, 0 (none) to 0.99. */
  smoothing: number;
  axis: ChartAxis;
}

type Listener = (settings: ChartSettings) => void;

/** Kept across re-renders of the page (a live run redraws often), like TensorBoard's controls. */
const current: ChartSettings = { logScale: false, smoothing: 0, axis: "step" };
const listeners = new Set<Listener>();

export function chartSettings(): ChartSettings {
  return current;
}

/** Calls `listener` on every change until the returned function is called. */
export function onSettingsChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forgets the charts of a page no longer shown. */
export function clearSettingsListeners(): void {
  listeners.clear();
}

function change(patch: Partial<ChartSettings>): void {
  Object.assign(current, patch);
  for (const listener of listeners) listener(current);
}

/**
 * The toolbar above the charts. `stepOnly` leaves out the x-axis choice and the zoom hint (the
 * compare view's overlays: runs made at different times share steps, not clock times).
 */
export function chartToolbar(options: { stepOnly?: boolean } = {}): HTMLElement {
  const log = el("input", { class: "log-scale" });
  log.type = "checkbox";
  log.checked = current.logScale;
  log.addEventListener("change", () => change({ logScale: log.checked }));
  const smoothing = el("input", { class: "smoothing" });
  smoothing.type = "range";
  smoothing.min = "0";
  smoothing.max = "0.99";
  smoothing.step = "0.01";
  smoothing.value = String(current.smoothing);
  const shownWeight = el("output", { class: "smoothing-value" }, current.smoothing.toFixed(2));
  smoothing.addEventListener("input", () => {
    shownWeight.textContent = Number(smoothing.value).toFixed(2);
    change({ smoothing: Number(smoothing.value) });
  });
  const axis = el("select", { class: "x-axis" });
  for (const value of ["step", "time"] as const) {
    const option = el("option", {}, value === "step" ? "x: step" : "x: time");
    option.value = value;
    axis.append(option);
  }
  axis.value = current.axis;
  axis.addEventListener("change", () => change({ axis: axis.value as ChartAxis }));
  return el(
    "div",
    { class: "chart-toolbar" },
    el("label", {}, log, " log scale"),
    el("label", {}, "smoothing ", smoothing, " ", shownWeight),
    !options.stepOnly && axis,
    !options.stepOnly && el("span", { class: "hint" }, "drag on a chart to zoom, double-click to reset"),
  );
}
