import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { ModelInspectorPlugin } from "../plugins/model-inspector.ts";
import { sha256File } from "../run/artifact-files.ts";

/**
 * A model saved on disk, given as its path (or `{ path }`): records the file, its size and its
 * SHA-256. The parameter count is unknown unless another inspector can read the format.
 */
export function modelFileInspector(): ModelInspectorPlugin {
  return {
    kind: "model-inspector",
    name: "model-file",
    specVersion: 1,
    async inspect(model) {
      const path =
        typeof model === "string"
          ? model
          : typeof model === "object" &&
              model !== null &&
              typeof (model as { path?: unknown }).path === "string"
            ? (model as { path: string }).path
            : undefined;
      if (path === undefined) return undefined;
      const filePath = resolve(path);
      const info = await stat(filePath).catch(() => undefined);
      if (!info?.isFile()) return undefined;
      return { format: "file", filePath, memoryBytes: info.size, sha256: await sha256File(filePath) };
    },
  };
}
