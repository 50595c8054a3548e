#!/usr/bin/env node
// The `gdw` command: runs the TypeScript CLI (src/cli) through tsx, no build step needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
