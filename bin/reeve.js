#!/usr/bin/env node
// The `reeve` command: runs the TypeScript sources through tsx (see docs/decisions/0002-run-typescript-with-tsx.md).
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
