// Runs TypeScript sources directly (SWC keeps decorator metadata, which NestJS DI needs).
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
