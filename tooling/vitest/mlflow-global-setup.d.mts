import type { TestProject } from "vitest/node";

/** Provides `mlflowUri` (the suite's server, or one it starts) to the tests. */
export default function setup(project: TestProject): Promise<() => Promise<void>>;

declare module "vitest" {
  export interface ProvidedContext {
    mlflowUri: string;
  }
}
