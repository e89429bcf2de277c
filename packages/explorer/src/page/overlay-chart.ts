/// <reference lib="dom" />
/**
 * One metric (name and context) of several runs on one chart, a line per run in its colour, with a
 * legend naming each run. Drawn by the run page's chart code, on a log scale and smoothed as the
 * toolbar says (x is always the step); hover reads every run's value.
 */
import type { MetricSeriesData } from "../api-types.ts";
import {
  drawPlots,
  type Frame,
  frameForAll,
  HEIGHT,
  nearestIndex,
  type PlotData,
  WIDTH,
} from "./chart-draw.ts";
import { type ChartSettings, chartSettings, onSettingsChange } from "./chart-settings.ts";
import { el } from "./dom.ts";
import { formatNumber } from "./format.ts";
import { chartCanvas, plotData } from "./line-chart.ts";

/** A run's series of the metric; `series` undefined when the run did not log it. */
export interface OverlayLine {
  label: string;
  colour: string;
  series?: MetricSeriesData;
}

/** A figure: caption, the overlaid lines (x by step), a hover readout and the legend. */
export function overlayChart(name: string, context: string, lines: OverlayLine[]): HTMLElement {
  const drawn = lines.filter((line) => line.series !== undefined && line.series.error === undefined);
  const plots = drawn.map((line) => ({ data: plotData(line.series!, "step"), colour: line.colour }));
  const base = chartCanvas("chart-canvas");
  base.setAttribute("aria-label", `${name} (${context}) of ${lines.length} runs`);
  let frame: Frame | undefined;
  const redraw = ({ logScale, smoothing }: ChartSettings) => {
    frame = frameForAll(
      plots.map((plot) => plot.data),
      logScale,
    );
    const drawing = base.getContext("2d");
    if (drawing !== null && frame !== undefined)
      drawPlots(drawing, plots, frame, { axis: "step", smoothing });
    else drawing?.clearRect(0, 0, WIDTH, HEIGHT);
  };
  redraw(chartSettings());
  onSettingsChange(redraw);
  const readout = el("output", { class: "readout" }, "\u00a0");
  base.addEventListener("pointermove", (event) => {
    if (frame === undefined) return;
    const px = event.clientX - base.getBoundingClientRect().left;
    const shown = frame;
    readout.textContent = drawn
      .map((line, index) => `${line.label}: ${nearestValue(plots[index]!.data, shown, px)}`)
      .join(" · ");
  });
  return el(
    "figure",
    { class: "chart overlay-chart" },
    el("figcaption", {}, el("strong", {}, name), ` · ${context || "(no context)"}`),
    el("div", { class: "chart-area" }, base),
    readout,
    el("ul", { class: "legend" }, ...lines.map(legendItem)),
  );
}

function legendItem(line: OverlayLine): HTMLElement {
  const swatch = el("span", { class: "swatch" });
  swatch.style.background = line.colour;
  const item = el("li", {}, swatch, line.label);
  item.dataset.colour = line.colour;
  if (line.series === undefined) item.append(el("small", {}, " (not logged)"));
  else if (line.series.error !== undefined) item.append(el("small", {}, ` (${line.series.error})`));
  else item.append(el("small", {}, ` (${line.series.count} points)`));
  return item;
}

/** The value (middle of its bucket) of the bucket nearest pixel column `px`. */
function nearestValue(data: PlotData, frame: Frame, px: number): string {
  if (data.x.length === 0) return "";
  const nearest = nearestIndex(data, frame, px);
  return `${formatNumber((data.min[nearest]! + data.max[nearest]!) / 2)} at step ${data.x[nearest]}`;
}
