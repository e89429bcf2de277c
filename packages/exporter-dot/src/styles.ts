/**
 * The conventional PROV look, as the Python `prov` library's `prov_to_dot` draws it (and
 * yProv4ML's copy of it): yellow entities, blue activities, orange agents, coloured relations.
 */
import type { ElementKind, RelationKind } from "@prov4ml/core";

export type DotAttributes = Record<string, string>;

export const ELEMENT_STYLE: Record<ElementKind, DotAttributes> = {
  entity: { shape: "oval", style: "filled", fillcolor: "#FFFC87", color: "#808080" },
  activity: { shape: "box", style: "filled", fillcolor: "#9FB1FC", color: "#0000FF" },
  agent: { shape: "house", style: "filled", fillcolor: "#FED37F" },
};

/** A reference to an element the document never declares: drawn by slot kind, in grey. */
export const UNDECLARED_STYLE: Record<ElementKind | "unknown", DotAttributes> = {
  entity: { shape: "oval", style: "filled", fillcolor: "lightgray", color: "dimgray" },
  activity: { shape: "box", style: "filled", fillcolor: "lightgray", color: "dimgray" },
  agent: { shape: "house", style: "filled", fillcolor: "lightgray", color: "dimgray" },
  unknown: { shape: "oval", style: "filled", fillcolor: "lightgray", color: "dimgray" },
};

export const BUNDLE_STYLE: DotAttributes = { style: "filled", fillcolor: "aliceblue" };

export const RELATION_STYLE: Record<RelationKind, DotAttributes> = {
  wasGeneratedBy: { color: "darkgreen", fontcolor: "darkgreen" },
  used: { color: "red4", fontcolor: "red" },
  wasInformedBy: {},
  wasStartedBy: {},
  wasEndedBy: {},
  wasInvalidatedBy: {},
  wasDerivedFrom: {},
  wasAttributedTo: { color: "#FED37F" },
  wasAssociatedWith: { color: "#FED37F" },
  actedOnBehalfOf: { color: "#FED37F" },
  wasInfluencedBy: { color: "grey" },
  specializationOf: {},
  alternateOf: {},
  hadMember: {},
  mentionOf: {},
};

export const RELATION_FONT_SIZE = "10.0";

/** The blank point an n-ary or annotated relation passes through. */
export const POINT_STYLE: DotAttributes = { shape: "point", color: "gray", label: "" };

/** Extra formal arguments of an n-ary relation (plan, trigger, …): grey, labelled by slot. */
export const EXTRA_ARGUMENT_EDGE_STYLE: DotAttributes = { color: "gray", fontcolor: "dimgray" };

export const NOTE_STYLE: DotAttributes = { shape: "note", color: "gray", fontcolor: "black", fontsize: "10" };
export const NOTE_LINK_STYLE: DotAttributes = { arrowhead: "none", style: "dashed", color: "gray" };
