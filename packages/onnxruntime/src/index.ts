/**
 * @prov4ml/onnxruntime — inference provenance for onnxruntime sessions and an `.onnx` model
 * inspector that counts parameters from the graph's initializers.
 *
 * @packageDocumentation
 */
export {
  NoRunForOnnxError,
  NotAnInferenceSessionError,
  OnnxModelError,
  OnnxModelPathRequiredError,
} from "./errors.ts";
export { onnxModelInspector } from "./onnx-inspector.ts";
export { type OnnxInitializer, type OnnxModelSummary, parseOnnxModel, readOnnxModel } from "./onnx-model.ts";
export type { OrtSessionLike, OrtTensorLike, OrtValueMetadata } from "./session-types.ts";
export {
  type InferenceStep,
  type TrackedSession,
  type TrackSessionOptions,
  trackSession,
} from "./track-session.ts";
