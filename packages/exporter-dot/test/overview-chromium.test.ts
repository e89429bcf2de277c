/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Browser test: the default (overview) drawing of the example run and of every yProv4ML fixture,
 * shown in a real Chromium fitted to a 1,600 px wide screen. Needs Debian's chromium
 * (PROV4ML_CHROMIUM, else /usr/bin/chromium; scripts/lib/chromium.mjs installs it in CI).
 * Screenshots are kept in test-output/ (git-ignored) to be looked at.
 */

import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { testChromiumLaunchOptions } from "@prov4ml/vitest-config";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toOverviewDot } from "../src/overview/to-overview-dot.ts";
import { renderSvg } from "../src/render-svg.ts";
import { loadProvJsonFile } from "./load-prov-json.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const OUTPUT = join(import.meta.dirname, "..", "test-output");
const SCREEN = { width: 1600, height: 1000 };
const documents = readdirSync(FIXTURES).filter((name) => name.endsWith(".json"));

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  browser = await chromium.launch(testChromiumLaunchOptions());
  page = await browser.newPage({ viewport: SCREEN });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
});

afterAll(async () => {
  await browser?.close();
});

/** The SVG's natural size in points, as Graphviz wrote it. */
function naturalSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg);
  if (!match) throw new Error("the SVG has no width/height in pt");
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Shows the SVG inline, scaled to the screen's width; returns what Chromium drew. */
async function showFitted(svg: string) {
  await page.setContent(`<!doctype html><meta charset="utf-8"><body style="margin:0">${svg}</body>`);
  return page.evaluate((width) => {
    const root = document.querySelector("svg")!;
    root.setAttribute("width", `${width}px`);
    root.removeAttribute("height");
    const texts = [...root.querySelectorAll("text")].filter((text) => (text.textContent ?? "").trim() !== "");
    const sizes = texts.map((text) => {
      const ctm = text.getScreenCTM()!;
      return {
        text: text.textContent!,
        px: Number.parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b),
      };
    });
    return {
      height: root.getBoundingClientRect().height,
      sizes,
      titles: [...root.querySelectorAll("a")].map((a) => a.getAttribute("xlink:title") ?? ""),
    };
  }, SCREEN.width);
}

describe("the overview drawing in Chromium", () => {
  it("the example's SVG is at most 2,500 pt on its long side", async () => {
    const svg = await renderSvg(toOverviewDot(loadProvJsonFile(join(FIXTURES, "example_moons_mlp.json"))));
    const size = naturalSize(svg);
    expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(2500);
  });

  it.each(documents)("%s fits 1,600 × 1,000 with every label at least 10 px", async (name) => {
    const svg = await renderSvg(toOverviewDot(loadProvJsonFile(join(FIXTURES, name))));
    const { width, height } = naturalSize(svg);
    const fitted = await showFitted(svg);
    expect(fitted.height).toBeCloseTo((height * SCREEN.width) / width, 0);
    expect(fitted.height).toBeLessThanOrEqual(SCREEN.height);
    expect(fitted.sizes.length).toBeGreaterThan(5);
    const smallest = fitted.sizes.reduce((a, b) => (a.px <= b.px ? a : b));
    expect(smallest.px, `smallest label: ${smallest.text}`).toBeGreaterThanOrEqual(10);
    // Hover titles carry what the labels leave out.
    expect(fitted.titles.some((title) => title.split("\n").length > 3)).toBe(true);
    await page.screenshot({ path: join(OUTPUT, `overview-${name.replace(/\.json$/, "")}.png`) });
    expect(consoleErrors).toEqual([]);
  });
});
