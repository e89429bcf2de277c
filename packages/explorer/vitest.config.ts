import { definePackageTests } from "@prov4ml/vitest-config";

export default definePackageTests();
