#!/usr/bin/env node
// Runs the TypeScript sources directly, as the other apps of the workspace do.
const path = require('node:path');
require(path.join(__dirname, '..', '..', '..', 'tools', 'register.cjs'));
require(path.join(__dirname, '..', 'src', 'main.ts'));
