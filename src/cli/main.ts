#!/usr/bin/env node
// The hullscan command line: thin, parses flags, calls the library, prints.
import { Command, CommanderError } from 'commander';
import { isHullscanError } from '../errors.js';
import { commands } from './commands/index.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export async function main(argv: string[]): Promise<number> {
  const program = new Command('hullscan')
    .description('Container image security scanner: inventory, vulnerabilities, misconfigurations, secrets')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode = EXIT_OK;
  for (const register of commands) register(program, (code) => { exitCode = Math.max(exitCode, code); });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      return EXIT_ERROR; // commander already printed the one-line message
    }
    if (isHullscanError(e)) {
      // One line, whatever a wrapped parser message carried (JSON.parse quotes the offending text).
      process.stderr.write(`hullscan: error: ${e.message.replace(/\s*\n\s*/g, ' ').trim()}\n`);
      return EXIT_ERROR;
    }
    throw e;
  }
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => {
    process.stderr.write(`hullscan: internal error (a bug, please report it): ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = EXIT_ERROR;
  },
);
