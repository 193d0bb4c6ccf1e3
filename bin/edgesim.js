#!/usr/bin/env node
// The `edgesim` command: registers tsx (so the CLI and scenario files run as TypeScript without a
// build step), then hands over to src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
