import type { ExporterPlugin } from "@prov4ml/core";
import { toProvJson } from "./prov-json/write.ts";
import { toProvN } from "./provn/write.ts";
import { toTurtle } from "./turtle/write.ts";

const PACKAGE = "@prov4ml/exporter-prov";

/** Exporter for PROV-JSON (`prov-json`, `.json`, `application/json`). */
export function provJsonExporter(options: { space?: number } = {}): ExporterPlugin {
  return {
    kind: "exporter",
    name: `${PACKAGE}/prov-json`,
    specVersion: 1,
    format: "prov-json",
    fileExtension: ".json",
    mediaType: "application/json",
    export: (document) => toProvJson(document, options),
  };
}

/** Exporter for PROV-N (`provn`, `.provn`, `text/provenance-notation`). */
export function provNExporter(): ExporterPlugin {
  return {
    kind: "exporter",
    name: `${PACKAGE}/provn`,
    specVersion: 1,
    format: "provn",
    fileExtension: ".provn",
    mediaType: "text/provenance-notation",
    export: (document) => toProvN(document),
  };
}

/** Exporter for PROV-O in Turtle (`turtle`, `.ttl`, `text/turtle`). */
export function turtleExporter(): ExporterPlugin {
  return {
    kind: "exporter",
    name: `${PACKAGE}/turtle`,
    specVersion: 1,
    format: "turtle",
    fileExtension: ".ttl",
    mediaType: "text/turtle",
    export: (document) => toTurtle(document),
  };
}
