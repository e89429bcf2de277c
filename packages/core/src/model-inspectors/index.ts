import type { ModelInspectorPlugin } from "../plugins/model-inspector.ts";
import { modelFileInspector } from "./model-file.ts";
import { tfjsLikeInspector } from "./tfjs-like.ts";
import { typedArrayRecordInspector } from "./typed-array-record.ts";

export { modelFileInspector, tfjsLikeInspector, typedArrayRecordInspector };

/** The inspectors every run has, tried after any the user registers. */
export function builtinModelInspectors(): ModelInspectorPlugin[] {
  return [tfjsLikeInspector(), modelFileInspector(), typedArrayRecordInspector()];
}
