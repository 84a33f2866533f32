#!/usr/bin/env node
// Entry point of the `nad` command: hands argv to oclif, which loads dist/commands.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
