import type { MlflowClient } from "./client.ts";
import { MlflowConfigError, MlflowRequestError } from "./errors.ts";
import { validateExperimentName } from "./validation.ts";

const API = "/api/2.0/mlflow";

/**
 * The id of the experiment named `name`, created when missing. Race-safe: when another process
 * creates it first (RESOURCE_ALREADY_EXISTS), or a lost response makes a retry see it, the
 * existing one is returned. A deleted experiment of that name is restored first.
 */
export async function getOrCreateExperimentId(client: MlflowClient, name: string): Promise<string> {
  validateExperimentName(name);
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await client.getExperimentByName(name);
    if (existing) {
      if (existing.lifecycle_stage === "deleted") {
        await client.request("POST", `${API}/experiments/restore`, {
          body: { experiment_id: existing.experiment_id },
        });
      }
      return existing.experiment_id;
    }
    try {
      return await client.createExperiment(name);
    } catch (error) {
      if (!(error instanceof MlflowRequestError && error.errorCode === "RESOURCE_ALREADY_EXISTS"))
        throw error;
    }
  }
  throw new MlflowConfigError(
    `experiment "${name}" exists but cannot be read: check permissions on the server.`,
  );
}
