/// <reference lib="dom" />
/** Draws a downsampled series on a canvas: min/max band, line (raw or smoothed), axes, and the overlay. */
import type { ChartAxis } from "../api-types.ts";
import { formatNumber } from "./format.ts";
import { smoothEma } from "./smoothing.ts";

export const WIDTH = 460;
export const HEIGHT = 220;
export const PAD = { left: 58, right: 12, top: 12, bottom: 28 };
const PLOT_WIDTH = WIDTH - PAD.left - PAD.right;
const PLOT_HEIGHT = HEIGHT - PAD.top - PAD.bottom;

/** The buckets a chart draws, x already on its axis (steps, or epoch milliseconds). */
export interface PlotData {
  x: number[];
  min: number[];
  max: number[];
}

/** The data ranges mapped onto the plot area; y in log10 when `log`. */
export interface Frame {
  xLow: number;
  xHigh: number;
  yLow: number;
  yHigh: number;
  log: boolean;
}

/** The frame that fits `data`; undefined when nothing can be drawn (no points, or none > 0 on a log scale). */
export function frameFor(data: PlotData, log: boolean): Frame | undefined {
  let yLow = Number.POSITIVE_INFINITY;
  let yHigh = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < data.x.length; index++) {
    const low = log ? Math.log10(data.min[index]!) : data.min[index]!;
    const high = log ? Math.log10(data.max[index]!) : data.max[index]!;
    if (Number.isFinite(low)) yLow = Math.min(yLow, low);
    if (Number.isFinite(high)) yHigh = Math.max(yHigh, high);
  }
  if (!(yHigh >= yLow)) return undefined;
  if (yHigh === yLow) {
    yLow -= 0.5;
    yHigh += 0.5;
  }
  return { xLow: data.x[0]!, xHigh: data.x[data.x.length - 1]!, yLow, yHigh, log };
}

export function pixelX(frame: Frame, value: number): number {
  const span = frame.xHigh - frame.xLow;
  return PAD.left + (span === 0 ? PLOT_WIDTH / 2 : ((value - frame.xLow) / span) * PLOT_WIDTH);
}

/** The index of the bucket nearest pixel column `px` (0 when there are none). */
export function nearestIndex(data: PlotData, frame: Frame, px: number): number {
  let nearest = 0;
  for (let index = 1; index < data.x.length; index++) {
    if (Math.abs(pixelX(frame, data.x[index]!) - px) < Math.abs(pixelX(frame, data.x[nearest]!) - px))
      nearest = index;
  }
  return nearest;
}

/** The x value under pixel column `px` (clamped to the plot). */
export function valueAtPixel(frame: Frame, px: number): number {
  const share = Math.min(1, Math.max(0, (px - PAD.left) / PLOT_WIDTH));
  return frame.xLow + share * (frame.xHigh - frame.xLow);
}

function pixelY(frame: Frame, value: number): number {
  const y = frame.log ? Math.log10(value) : value;
  const clamped = Number.isFinite(y) ? y : frame.yLow;
  return PAD.top + PLOT_HEIGHT - ((clamped - frame.yLow) / (frame.yHigh - frame.yLow)) * PLOT_HEIGHT;
}

/** How an x value reads on the axis: a step, or a UTC clock time (to the millisecond when `fine`). */
export function formatX(axis: ChartAxis, value: number, fine = false): string {
  if (axis === "step") return formatNumber(value);
  return new Date(value).toISOString().slice(11, fine ? 23 : 19);
}

/** Line colours of compared runs, in order: distinct for ten runs, the first the run page's blue. */
export const RUN_COLOURS = [
  "#2563eb",
  "#d97706",
  "#16a34a",
  "#dc2626",
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#65a30d",
  "#475569",
  "#92400e",
];

/** One series of a chart and the colour it is drawn in (`#rrggbb`). */
export interface PlotSeries {
  data: PlotData;
  colour: string;
}

/** The frame that fits every series (their union); undefined when none can be drawn. */
export function frameForAll(all: PlotData[], log: boolean): Frame | undefined {
  const frames = all.map((data) => frameFor(data, log)).filter((frame) => frame !== undefined);
  if (frames.length === 0) return undefined;
  return {
    xLow: Math.min(...frames.map((frame) => frame.xLow)),
    xHigh: Math.max(...frames.map((frame) => frame.xHigh)),
    yLow: Math.min(...frames.map((frame) => frame.yLow)),
    yHigh: Math.max(...frames.map((frame) => frame.yHigh)),
    log,
  };
}

/** Draws one series in the run page's blue: band of each bucket's min..max, then its line. */
export function drawPlot(
  context: CanvasRenderingContext2D,
  data: PlotData,
  frame: Frame,
  options: { axis: ChartAxis; smoothing: number },
): void {
  drawPlots(context, [{ data, colour: RUN_COLOURS[0]! }], frame, options);
}

/** Draws axes, then each series (band and line, smoothed over a faint raw line), later ones on top. */
export function drawPlots(
  context: CanvasRenderingContext2D,
  series: PlotSeries[],
  frame: Frame,
  options: { axis: ChartAxis; smoothing: number },
): void {
  drawAxes(context, frame, options.axis);
  context.save();
  context.beginPath();
  context.rect(PAD.left, PAD.top, PLOT_WIDTH, PLOT_HEIGHT);
  context.clip();
  for (const { data, colour } of series) drawSeries(context, data, frame, colour, options.smoothing);
  context.restore();
}

function drawAxes(context: CanvasRenderingContext2D, frame: Frame, axis: ChartAxis): void {
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, WIDTH, HEIGHT);
  context.strokeStyle = "#c8ccd2";
  context.lineWidth = 1;
  context.strokeRect(PAD.left, PAD.top, PLOT_WIDTH, PLOT_HEIGHT);
  context.fillStyle = "#444";
  context.font = "11px system-ui, sans-serif";
  context.textAlign = "right";
  const yLabel = (y: number) => formatNumber(frame.log ? 10 ** y : y);
  context.fillText(yLabel(frame.yHigh), PAD.left - 4, PAD.top + 10);
  context.fillText(yLabel(frame.yLow), PAD.left - 4, PAD.top + PLOT_HEIGHT);
  if (frame.log) context.fillText("log", PAD.left - 4, PAD.top + PLOT_HEIGHT / 2);
  const fine = frame.xHigh - frame.xLow < 10_000; // a run of seconds: show milliseconds
  context.textAlign = "left";
  context.fillText(formatX(axis, frame.xLow, fine), PAD.left, HEIGHT - 10);
  context.textAlign = "right";
  context.fillText(formatX(axis, frame.xHigh, fine), PAD.left + PLOT_WIDTH, HEIGHT - 10);
  context.textAlign = "center";
  context.fillText(axis === "time" ? "time (UTC)" : "step", PAD.left + PLOT_WIDTH / 2, HEIGHT - 10);
}

function drawSeries(
  context: CanvasRenderingContext2D,
  data: PlotData,
  frame: Frame,
  colour: string,
  smoothing: number,
): void {
  context.fillStyle = `${colour}40`; // the band: a quarter of the line's opacity
  for (let index = 0; index < data.x.length; index++) {
    const top = pixelY(frame, data.max[index]!);
    context.fillRect(
      pixelX(frame, data.x[index]!) - 0.5,
      top,
      1.5,
      Math.max(1, pixelY(frame, data.min[index]!) - top),
    );
  }
  const middle = data.x.map((_, index) => (data.min[index]! + data.max[index]!) / 2);
  // Points that all share one x (one sample, or several stamped in the same millisecond) make a
  // line of no length: mark each so the chart is not blank.
  if (frame.xHigh === frame.xLow) {
    context.fillStyle = colour;
    for (const value of middle) {
      context.beginPath();
      context.arc(pixelX(frame, data.x[0]!), pixelY(frame, value), 5, 0, 2 * Math.PI);
      context.fill();
    }
  }
  if (smoothing > 0) {
    strokeLine(context, data.x, middle, frame, `${colour}59`);
    strokeLine(context, data.x, smoothEma(middle, smoothing), frame, colour);
  } else {
    strokeLine(context, data.x, middle, frame, colour);
  }
}

function strokeLine(
  context: CanvasRenderingContext2D,
  x: number[],
  y: number[],
  frame: Frame,
  colour: string,
): void {
  context.strokeStyle = colour;
  context.lineWidth = 1.5;
  context.beginPath();
  for (let index = 0; index < x.length; index++) {
    const px = pixelX(frame, x[index]!);
    const py = pixelY(frame, y[index]!);
    if (index === 0) context.moveTo(px, py);
    else context.lineTo(px, py);
  }
  if (x.length === 1) context.arc(pixelX(frame, x[0]!), pixelY(frame, y[0]!), 3, 0, Math.PI * 2);
  context.stroke();
}

/** The overlay: a crosshair at pixel column `crosshair`, or the range being dragged. */
export function drawOverlay(
  context: CanvasRenderingContext2D,
  marks: { crosshair?: number; selection?: [number, number] },
): void {
  context.clearRect(0, 0, WIDTH, HEIGHT);
  if (marks.selection !== undefined) {
    const [a, b] = marks.selection;
    context.fillStyle = "rgba(250, 180, 30, 0.25)";
    context.fillRect(Math.min(a, b), PAD.top, Math.abs(b - a), PLOT_HEIGHT);
  }
  if (marks.crosshair !== undefined) {
    context.strokeStyle = "#d1242f";
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(marks.crosshair + 0.5, PAD.top);
    context.lineTo(marks.crosshair + 0.5, PAD.top + PLOT_HEIGHT);
    context.stroke();
  }
}
