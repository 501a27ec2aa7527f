#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout: tsx compiles on load, so there is no build step to forget.
import { exitOnUnsupportedNode } from '../scripts/node-version.mjs';

exitOnUnsupportedNode();
const { register } = await import('tsx/esm/api');
register();
await import('../server/cli/main.ts');
