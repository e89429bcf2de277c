/**
 * The legend of the overview drawing, one small table node: what the colours, the double border
 * and the edge colours mean. Written as a Graphviz HTML-like label (fixed text, nothing from the
 * document), so it takes one rank of the layout rather than a row of its own.
 */
import { ELEMENT_STYLE, RELATION_STYLE } from "../styles.ts";

const ROWS: readonly string[] = [
  `<TR><TD BGCOLOR="${ELEMENT_STYLE.entity.fillcolor}" STYLE="ROUNDED">entity: data, file, metric</TD></TR>`,
  `<TR><TD BGCOLOR="${ELEMENT_STYLE.activity.fillcolor}">activity: run, context, epoch</TD></TR>`,
  `<TR><TD BGCOLOR="${ELEMENT_STYLE.agent.fillcolor}">agent: person, software</TD></TR>`,
  // A table in the cell: two borders, as folded nodes are drawn (peripheries=2), not one thick one.
  `<TR><TD BORDER="0" CELLPADDING="0"><TABLE BORDER="1" CELLBORDER="1" CELLSPACING="2" CELLPADDING="6" STYLE="ROUNDED"><TR><TD STYLE="ROUNDED">double border: several, folded</TD></TR></TABLE></TD></TR>`,
  `<TR><TD BORDER="0"><FONT COLOR="${RELATION_STYLE.wasGeneratedBy.fontcolor}">green arrow: wasGeneratedBy</FONT></TD></TR><TR><TD BORDER="0"><FONT COLOR="${RELATION_STYLE.used.fontcolor}">red arrow: used</FONT></TD></TR>`,
  `<TR><TD BORDER="0">hover a node for all its attributes</TD></TR>`,
];

export function legendLines(): string[] {
  const table = `<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="3" CELLPADDING="6"><TR><TD BORDER="0"><B>Legend</B></TD></TR>${ROWS.join("")}</TABLE>`;
  return [`  legend [shape=plaintext, fontsize="12", label=<${table}>];`];
}
