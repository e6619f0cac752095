// Every CLI command, one module each. A command registers itself on the program and reports its exit code.
import type { Command } from 'commander';
import { registerDbCommand } from './db.js';
import { registerImageCommand } from './image.js';
import { registerSbomCommand } from './sbom.js';
import { registerInspectCommand } from './inspect.js';
import { registerCleanCommand } from './clean.js';
import { registerCompareCommand } from './compare.js';
import { registerConfigCommand } from './config.js';

/** Registers one command; `setExit` raises the process exit code (0 ok, 1 findings over threshold, 2 error). */
export type RegisterCommand = (program: Command, setExit: (code: number) => void) => void;

export const commands: RegisterCommand[] = [
  registerImageCommand,
  registerSbomCommand,
  registerInspectCommand,
  registerDbCommand,
  registerCleanCommand,
  registerCompareCommand,
  registerConfigCommand,
];
