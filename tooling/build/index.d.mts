import type { UserConfig } from "tsdown";
export declare function definePackageBuild(options?: {
  entry?: string[] | Record<string, string>;
  overrides?: UserConfig;
}): UserConfig;
