/// <reference lib="dom" />
/** One metric series drawn on a canvas: the min/max band of each bucket and a line through it. */
import type { MetricSeriesData } from "../api-types.ts";
import { el } from "./dom.ts";
import { formatNumber } from "./format.ts";

const WIDTH = 460;
const HEIGHT = 220;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };

/** A figure with the series' name and context, its chart, and its point count. */
export function lineChart(series: MetricSeriesData): HTMLElement {
  const title = el("figcaption", {}, el("strong", {}, series.name), ` · ${series.context}`);
  if (series.error !== undefined) {
    return el("figure", { class: "chart chart-error" }, title, el("p", { class: "error" }, series.error));
  }
  const canvas = el("canvas", { class: "chart-canvas" });
  canvas.setAttribute("aria-label", `${series.name} (${series.context})`);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = WIDTH * ratio;
  canvas.height = HEIGHT * ratio;
  canvas.style.width = `${WIDTH}px`;
  canvas.style.height = `${HEIGHT}px`;
  const context = canvas.getContext("2d");
  if (context !== null) {
    context.scale(ratio, ratio);
    draw(context, series);
  }
  const note =
    series.count > series.x.length
      ? `${series.count} points, ${series.x.length} buckets (min/max)`
      : `${series.count} points`;
  return el("figure", { class: "chart" }, title, canvas, el("small", {}, note));
}

function draw(context: CanvasRenderingContext2D, series: MetricSeriesData): void {
  const { x, min, max } = series;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const xLow = x[0] ?? 0;
  const xHigh = x[x.length - 1] ?? 1;
  let yLow = Math.min(...min);
  let yHigh = Math.max(...max);
  if (!(yHigh > yLow)) {
    yLow -= 0.5;
    yHigh += 0.5;
  }
  const px = (value: number) =>
    PAD.left + (xHigh === xLow ? plotWidth / 2 : ((value - xLow) / (xHigh - xLow)) * plotWidth);
  const py = (value: number) => PAD.top + plotHeight - ((value - yLow) / (yHigh - yLow)) * plotHeight;

  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, WIDTH, HEIGHT);
  context.strokeStyle = "#c8ccd2";
  context.lineWidth = 1;
  context.strokeRect(PAD.left, PAD.top, plotWidth, plotHeight);
  context.fillStyle = "#444";
  context.font = "11px system-ui, sans-serif";
  context.textAlign = "right";
  context.fillText(formatNumber(yHigh), PAD.left - 4, PAD.top + 10);
  context.fillText(formatNumber(yLow), PAD.left - 4, PAD.top + plotHeight);
  context.textAlign = "center";
  context.fillText(formatNumber(xLow), PAD.left, HEIGHT - 10);
  context.fillText(formatNumber(xHigh), PAD.left + plotWidth, HEIGHT - 10);
  context.fillText("step", PAD.left + plotWidth / 2, HEIGHT - 10);

  // The band shows what each bucket's min/max spans; the line runs through its middle.
  context.fillStyle = "rgba(37, 99, 235, 0.25)";
  for (let index = 0; index < x.length; index++) {
    const top = py(max[index]!);
    context.fillRect(px(x[index]!) - 0.5, top, 1.5, Math.max(1, py(min[index]!) - top));
  }
  context.strokeStyle = "#2563eb";
  context.lineWidth = 1.5;
  context.beginPath();
  for (let index = 0; index < x.length; index++) {
    const y = py((min[index]! + max[index]!) / 2);
    if (index === 0) context.moveTo(px(x[index]!), y);
    else context.lineTo(px(x[index]!), y);
  }
  if (x.length === 1) context.arc(px(x[0]!), py(min[0]!), 3, 0, Math.PI * 2);
  context.stroke();
}
