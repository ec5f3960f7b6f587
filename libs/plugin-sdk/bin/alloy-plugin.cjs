#!/usr/bin/env node
// Runs the CLI from its TypeScript source, through the repository's SWC register hook.
const path = require('node:path');
require(path.join(__dirname, '..', '..', '..', 'tools', 'register.cjs'));
const { runCli } = require(path.join(__dirname, '..', 'src', 'cli', 'alloy-plugin.ts'));
runCli(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `alloy-plugin: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
