import { Prov4mlError } from "@prov4ml/core";

/** A file that does not parse as an ONNX `ModelProto`. */
export class OnnxModelError extends Prov4mlError {
  constructor(path: string, reason: string) {
    super(
      "ONNX_MODEL_UNREADABLE",
      `${path} is not a readable ONNX model (${reason}). Pass the .onnx file the session was created from; re-export it if it was truncated.`,
    );
  }
}

/** `trackSession` needs the model file to record what the session used. */
export class OnnxModelPathRequiredError extends Prov4mlError {
  constructor() {
    super(
      "ONNX_MODEL_PATH_REQUIRED",
      "trackSession needs { modelPath }: the path of the .onnx file the session was created from (a session does not expose it), so the run can record the model it used with its SHA-256.",
    );
  }
}

/** Something other than an onnxruntime `InferenceSession` was given. */
export class NotAnInferenceSessionError extends Prov4mlError {
  constructor() {
    super(
      "ONNX_NOT_A_SESSION",
      "trackSession needs an onnxruntime InferenceSession (await InferenceSession.create(path)); got an object without run(), inputNames and outputNames.",
    );
  }
}

/** No run to log to. */
export class NoRunForOnnxError extends Prov4mlError {
  constructor(operation: string) {
    super(
      "ONNX_NO_RUN",
      `${operation}: no prov4ml run is active. Call prov4ml.startRun(...) first, or pass { run } (a Run from createProv4ml().startRun()).`,
    );
  }
}
