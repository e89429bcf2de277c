/// <reference lib="dom" />
/** A small horizontal bar chart of one total (duration, energy, emissions) across runs, as DOM bars. */
import { el } from "./dom.ts";

/** One run's bar: its value (undefined when the run did not record it) and how it reads. */
export interface TotalBar {
  label: string;
  colour: string;
  value?: number;
  text: string;
}

/** Bars scaled to the largest value, each with the run's name and its value as text. */
export function totalBars(title: string, bars: TotalBar[]): HTMLElement {
  const largest = Math.max(0, ...bars.map((bar) => bar.value ?? 0));
  const rows = bars.map((bar) => {
    const fill = el("span", { class: "bar-fill" });
    fill.style.background = bar.colour;
    // A recorded 0 still shows a sliver, so it reads as measured, unlike a missing value.
    const share = bar.value === undefined || largest === 0 ? 0 : bar.value / largest;
    fill.style.width = bar.value === undefined ? "0" : `max(2px, ${(share * 100).toFixed(2)}%)`;
    return el(
      "div",
      { class: "bar-row" },
      el("span", { class: "bar-label", title: bar.label }, bar.label),
      el("span", { class: "bar-track" }, fill),
      el("span", { class: "bar-value" }, bar.value === undefined ? "not recorded" : bar.text),
    );
  });
  return el("figure", { class: "total-bars" }, el("figcaption", {}, el("strong", {}, title)), ...rows);
}
