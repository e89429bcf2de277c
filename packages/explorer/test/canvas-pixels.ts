/// <reference lib="dom" />
/** Test helper: what the charts' canvases hold, read in the page (pixels of a line's colour). */
import type { Locator, Page } from "playwright-core";

/** True when the canvas holds pixels of the line's colour (it is not blank); a flat line is anti-aliased. */
function canvasHasLine(canvas: HTMLCanvasElement): boolean {
  const context = canvas.getContext("2d")!;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let blue = 0;
  for (let index = 0; index < data.length; index += 4) {
    if (data[index + 2]! - data[index]! > 80) blue++;
  }
  return blue > 50;
}

/** For each chart on the page: whether its canvas holds the line's colour. */
export function canvasesDrawn(page: Page): Promise<boolean[]> {
  return page.locator("canvas.chart-canvas").evaluateAll((canvases, check) => {
    const hasLine = new Function(`return (${check})`)() as (c: HTMLCanvasElement) => boolean;
    return canvases.map((canvas) => hasLine(canvas as HTMLCanvasElement));
  }, canvasHasLine.toString());
}

/** For each `#rrggbb` colour: how many pixels of the chart's canvas are close to it. */
export function colourPixels(chart: Locator, colours: string[]): Promise<number[]> {
  return chart.locator("canvas").evaluate((canvas, wanted) => {
    const element = canvas as HTMLCanvasElement;
    const { data } = element.getContext("2d")!.getImageData(0, 0, element.width, element.height);
    return wanted.map((hex) => {
      const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
      let count = 0;
      for (let index = 0; index < data.length; index += 4) {
        const distance =
          Math.abs(data[index]! - r!) + Math.abs(data[index + 1]! - g!) + Math.abs(data[index + 2]! - b!);
        if (distance < 60) count++;
      }
      return count;
    });
  }, colours);
}
