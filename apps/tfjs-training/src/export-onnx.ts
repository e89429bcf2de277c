import type { LayersModel } from "@tensorflow/tfjs";
import { bytesField, type Field, intField, message } from "./protobuf-writer.ts";

// onnx.proto3 field numbers and enums used below.
const FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ACTIVATIONS: Record<string, string | undefined> = {
  linear: undefined,
  relu: "Relu",
  sigmoid: "Sigmoid",
  tanh: "Tanh",
  softmax: "Softmax",
};

function tensor(name: string, dims: readonly number[], values: Float32Array): Field {
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return bytesField(
    5,
    message(...dims.map((d) => intField(1, d)), intField(2, FLOAT), bytesField(8, name), bytesField(9, raw)),
  );
}

function node(op: string, inputs: string[], output: string, axis?: number): Field {
  const attributes =
    axis === undefined
      ? []
      : [bytesField(5, message(bytesField(1, "axis"), intField(3, axis), intField(20, ATTRIBUTE_INT)))];
  return bytesField(
    1,
    message(
      ...inputs.map((i) => bytesField(1, i)),
      bytesField(2, output),
      bytesField(3, `${op}_${output}`),
      bytesField(4, op),
      ...attributes,
    ),
  );
}

function valueInfo(field: number, name: string, width: number): Field {
  const dims = message(
    bytesField(1, message(bytesField(2, "batch"))),
    bytesField(1, message(intField(1, width))),
  );
  const tensorType = message(intField(1, FLOAT), bytesField(2, dims));
  return bytesField(field, message(bytesField(1, name), bytesField(2, message(bytesField(1, tensorType)))));
}

/**
 * Writes a Sequential stack of Dense layers (linear, relu, sigmoid, tanh, softmax) as an ONNX
 * model (opset 17): Gemm + activation per layer, weights as initializers. Enough for the example
 * classifier; other layers throw.
 */
export function denseModelToOnnx(model: LayersModel): Uint8Array {
  const nodes: Field[] = [];
  const initializers: Field[] = [];
  let current = "input";
  let width = 0;
  for (const [index, layer] of model.layers.entries()) {
    if (layer.getClassName() !== "Dense")
      throw new Error(`cannot export ${layer.getClassName()} layers to ONNX`);
    const [kernel, bias] = layer.getWeights();
    if (!kernel || !bias) throw new Error(`layer ${layer.name} has no bias`);
    const [inputs, units] = kernel.shape as [number, number];
    if (index === 0) width = inputs;
    initializers.push(tensor(`${layer.name}.kernel`, kernel.shape, kernel.dataSync() as Float32Array));
    initializers.push(tensor(`${layer.name}.bias`, bias.shape, bias.dataSync() as Float32Array));
    const config = layer.getConfig() as { activation?: string };
    const op = ACTIVATIONS[config.activation ?? "linear"];
    if (config.activation && !(config.activation in ACTIVATIONS))
      throw new Error(`activation ${config.activation} not exportable`);
    const gemmOut = op ? `${layer.name}_pre` : `${layer.name}_out`;
    nodes.push(node("Gemm", [current, `${layer.name}.kernel`, `${layer.name}.bias`], gemmOut));
    if (op) nodes.push(node(op, [gemmOut], `${layer.name}_out`, op === "Softmax" ? 1 : undefined));
    current = `${layer.name}_out`;
    if (index === model.layers.length - 1) {
      nodes.push(node("Identity", [current], "output"));
      const graph = message(
        ...nodes,
        bytesField(2, model.name),
        ...initializers,
        valueInfo(11, "input", width),
        valueInfo(12, "output", units),
      );
      return message(
        intField(1, 8),
        bytesField(2, "prov4ml-tfjs-training"),
        bytesField(3, "0.0.0"),
        bytesField(7, graph),
        bytesField(8, message(intField(2, 17))),
      );
    }
  }
  throw new Error("the model has no layers");
}
