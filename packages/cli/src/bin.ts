#!/usr/bin/env node
import { processIO } from "./io.ts";
import { main } from "./main.ts";

void main(process.argv.slice(2), processIO()).then((status) => {
  process.exitCode = status;
});
