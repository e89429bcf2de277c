/// <reference lib="dom" />
/**
 * One metric series as an interactive chart: drag to zoom (the server re-downsamples the range, so
 * detail appears), double-click to reset, hover for a crosshair and the value, and the page's log
 * scale, smoothing and x-axis settings.
 */
import type { ChartAxis, MetricSeriesData } from "../api-types.ts";
import {
  drawOverlay,
  drawPlot,
  type Frame,
  formatX,
  frameFor,
  HEIGHT,
  nearestIndex,
  type PlotData,
  valueAtPixel,
  WIDTH,
} from "./chart-draw.ts";
import { chartSettings, onSettingsChange } from "./chart-settings.ts";
import { el } from "./dom.ts";
import { formatNumber } from "./format.ts";
import { smoothEma } from "./smoothing.ts";

/** A window of a series on one axis; no `from`/`to` means the whole series. */
export interface ChartWindow {
  axis: ChartAxis;
  from?: number;
  to?: number;
}

/**
 * Where charts keep their zoom while the page is rebuilt for a live run (a training run's page is
 * read again on each change): by series name and context, so the new chart opens where the last
 * one was zoomed, with the window's points read again.
 */
export type ZoomMemory = Map<string, ChartWindow>;

/** Fetches series `key` in a window (the server's API, or the report's buckets). */
export type SeriesLoader = (key: number, window: ChartWindow) => Promise<MetricSeriesData>;

/** A figure with the series' name and context, its chart, a value readout and its point count. */
export function lineChart(series: MetricSeriesData, load: SeriesLoader, zooms?: ZoomMemory): HTMLElement {
  const title = el("figcaption", {}, el("strong", {}, series.name), ` · ${series.context}`);
  if (series.error !== undefined)
    return el("figure", { class: "chart chart-error" }, title, el("p", { class: "error" }, series.error));
  const base = chartCanvas("chart-canvas");
  base.setAttribute("aria-label", `${series.name} (${series.context})`);
  const overlay = chartCanvas("chart-overlay");
  const readout = el("output", { class: "readout" }, "\u00a0");
  const note = el("small", {});
  const figure = el(
    "figure",
    { class: "chart" },
    title,
    el("div", { class: "chart-area" }, base, overlay),
    readout,
    note,
  );
  let data = series;
  let zoomed: ChartWindow | undefined;
  let frame: Frame | undefined;
  let plot: PlotData = { x: [], min: [], max: [] };

  const redraw = () => {
    const settings = chartSettings();
    plot = plotData(data, settings.axis);
    frame = frameFor(plot, settings.logScale);
    const context = base.getContext("2d");
    if (context !== null && frame !== undefined) drawPlot(context, plot, frame, settings);
    else context?.clearRect(0, 0, WIDTH, HEIGHT);
    note.textContent =
      plot.x.length === 0 && data.x.length > 0
        ? "no timestamps recorded: choose x: step"
        : noteText(data, zoomed !== undefined, frame === undefined && settings.logScale);
    figure.dataset.state = zoomed === undefined ? "full" : "zoomed";
  };
  const memoryKey = `${series.name}\u0000${series.context}`;
  const zoomTo = async (window: ChartWindow | undefined) => {
    zoomed = window;
    if (window === undefined) zooms?.delete(memoryKey);
    else zooms?.set(memoryKey, window);
    figure.dataset.loading = "true";
    try {
      data = window === undefined ? series : await load(series.key, window);
    } catch (error) {
      readout.textContent = error instanceof Error ? error.message : String(error);
    }
    delete figure.dataset.loading;
    redraw();
  };
  onSettingsChange((settings) => {
    // A zoom is a range on one axis: switching axis shows the whole series again.
    if (zoomed !== undefined && zoomed.axis !== settings.axis) void zoomTo(undefined);
    else redraw();
  });
  attachPointer(overlay, {
    frame: () => frame,
    hover: (px) => (readout.textContent = readoutText(plot, frame, px)),
    zoom: (from, to) => void zoomTo({ axis: chartSettings().axis, from, to }),
    reset: () => void zoomTo(undefined),
  });
  redraw();
  const remembered = zooms?.get(memoryKey);
  if (remembered !== undefined && remembered.axis === chartSettings().axis) void zoomTo(remembered);
  return figure;
}

/** A chart canvas at the device's pixel ratio, drawn on in CSS pixels. */
export function chartCanvas(className: string): HTMLCanvasElement {
  const element = el("canvas", { class: className });
  const ratio = window.devicePixelRatio || 1;
  element.width = WIDTH * ratio;
  element.height = HEIGHT * ratio;
  element.style.width = `${WIDTH}px`;
  element.style.height = `${HEIGHT}px`;
  element.getContext("2d")?.scale(ratio, ratio);
  return element;
}

/** The buckets on the chosen axis; on the time axis, buckets without a timestamp are left out. */
export function plotData(series: MetricSeriesData, axis: ChartAxis): PlotData {
  if (axis === "step") return { x: series.x, min: series.min, max: series.max };
  const out: PlotData = { x: [], min: [], max: [] };
  series.t.forEach((time, index) => {
    if (time === null) return;
    out.x.push(time);
    out.min.push(series.min[index]!);
    out.max.push(series.max[index]!);
  });
  return out;
}

function noteText(series: MetricSeriesData, zoomed: boolean, noPositive: boolean): string {
  if (noPositive) return "no value above 0: nothing to draw on a log scale";
  const buckets = series.x.length < series.shown ? `, ${series.x.length} buckets (min/max)` : "";
  return zoomed
    ? `${series.shown} of ${series.count} points in view${buckets}`
    : `${series.count} points${buckets}`;
}

/** What the crosshair at pixel column `px` reads: the nearest bucket's x and value (min–max when it spans). */
function readoutText(plot: PlotData, frame: Frame | undefined, px: number): string {
  if (frame === undefined || plot.x.length === 0) return "\u00a0";
  const nearest = nearestIndex(plot, frame, px);
  const { axis, smoothing } = chartSettings();
  const low = plot.min[nearest]!;
  const high = plot.max[nearest]!;
  const value = low === high ? formatNumber(low) : `${formatNumber(low)} … ${formatNumber(high)}`;
  let text = `${axis} ${formatX(axis, plot.x[nearest]!)} · ${value}`;
  if (smoothing > 0) {
    const smoothed = smoothEma(
      plot.x.map((_, index) => (plot.min[index]! + plot.max[index]!) / 2),
      smoothing,
    );
    text += ` · smoothed ${formatNumber(smoothed[nearest]!)}`;
  }
  return text;
}

/** Mouse handling on the overlay: hover moves the crosshair, a drag selects a range, double-click resets. */
function attachPointer(
  overlay: HTMLCanvasElement,
  on: {
    frame(): Frame | undefined;
    hover(px: number): void;
    zoom(from: number, to: number): void;
    reset(): void;
  },
): void {
  const context = overlay.getContext("2d");
  let dragFrom: number | undefined;
  const at = (event: MouseEvent) => event.clientX - overlay.getBoundingClientRect().left;
  overlay.addEventListener("pointerdown", (event) => {
    dragFrom = at(event);
    overlay.setPointerCapture(event.pointerId); // the drag may end outside the chart
  });
  overlay.addEventListener("pointermove", (event) => {
    const px = at(event);
    on.hover(px);
    if (context !== null)
      drawOverlay(context, {
        crosshair: px,
        ...(dragFrom === undefined ? {} : { selection: [dragFrom, px] }),
      });
  });
  overlay.addEventListener("pointerleave", () => {
    if (context !== null && dragFrom === undefined) drawOverlay(context, {});
  });
  overlay.addEventListener("pointerup", (event) => {
    if (dragFrom === undefined) return;
    const start = dragFrom;
    dragFrom = undefined;
    const frame = on.frame();
    const end = at(event);
    if (context !== null) drawOverlay(context, {});
    if (frame === undefined || Math.abs(end - start) < 5) return; // a click, not a drag
    const a = valueAtPixel(frame, Math.min(start, end));
    const b = valueAtPixel(frame, Math.max(start, end));
    if (b > a) on.zoom(a, b);
  });
  overlay.addEventListener("dblclick", () => on.reset());
}
