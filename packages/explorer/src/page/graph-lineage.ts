/** The nodes joined to one node along the drawing's edges, both ways (what it came from, what came of it). */

export interface GraphEdge {
  from: string;
  to: string;
}

/** `node`, every node reachable from it along edges, and every node that reaches it. */
export function lineageOf(node: string, edges: readonly GraphEdge[]): Set<string> {
  const forward = new Map<string, string[]>();
  const backward = new Map<string, string[]>();
  for (const { from, to } of edges) {
    forward.set(from, [...(forward.get(from) ?? []), to]);
    backward.set(to, [...(backward.get(to) ?? []), from]);
  }
  const found = new Set([node]);
  for (const links of [forward, backward]) {
    const queue = [node];
    const seen = new Set([node]);
    while (queue.length > 0) {
      for (const next of links.get(queue.pop()!) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        found.add(next);
        queue.push(next);
      }
    }
  }
  return found;
}
