/** Options of the DOT (and SVG) drawing of a PROV document. */
import { InvalidArgumentError } from "@prov4ml/core";

export type DotDirection = "BT" | "TB" | "LR" | "RL";

export interface DotOptions {
  /** Graphviz `rankdir`. Default `"BT"`, like the `prov` library; yProv4ML drew `"RL"`. */
  readonly direction?: DotDirection;
  /** Draw the attributes of elements and relations in note boxes. Default true. */
  readonly showAttributes?: boolean;
  /** Longest attribute value shown before it is cut and ends with "...". Default 100. */
  readonly maxAttributeLength?: number;
  /** Show `prov:label` as a node's main text (the id below it), when it differs. Default false. */
  readonly useLabels?: boolean;
  /**
   * Merge each context's metric entities into one summary node that lists every series
   * (points, last, min, max). Default false.
   */
  readonly collapseContexts?: boolean;
  /**
   * Merge series of elements whose ids differ only by a trailing number (`epoch_0` … `epoch_1748`)
   * into one node per series. `"auto"` (default) does it only when the document has more than
   * `maxNodes` elements, so large runs stay readable and fast to lay out.
   */
  readonly collapseSeries?: boolean | "auto";
  /** Element count above which `collapseSeries: "auto"` collapses. Default 300. */
  readonly maxNodes?: number;
}

export interface ResolvedDotOptions {
  readonly direction: DotDirection;
  readonly showAttributes: boolean;
  readonly maxAttributeLength: number;
  readonly useLabels: boolean;
  readonly collapseContexts: boolean;
  readonly collapseSeries: boolean | "auto";
  readonly maxNodes: number;
}

const DIRECTIONS: readonly DotDirection[] = ["BT", "TB", "LR", "RL"];

export function resolveDotOptions(options: DotOptions = {}): ResolvedDotOptions {
  const direction = options.direction ?? "BT";
  if (!DIRECTIONS.includes(direction)) {
    throw new InvalidArgumentError(
      `direction must be one of ${DIRECTIONS.join(", ")}; got ${JSON.stringify(direction)}`,
    );
  }
  const maxAttributeLength = options.maxAttributeLength ?? 100;
  if (!Number.isInteger(maxAttributeLength) || maxAttributeLength < 1) {
    throw new InvalidArgumentError(
      `maxAttributeLength must be a positive integer; got ${String(maxAttributeLength)}`,
    );
  }
  return {
    direction,
    showAttributes: options.showAttributes ?? true,
    maxAttributeLength,
    useLabels: options.useLabels ?? false,
    collapseContexts: options.collapseContexts ?? false,
    collapseSeries: options.collapseSeries ?? "auto",
    maxNodes: options.maxNodes ?? 300,
  };
}
