// The streams a command talks to, passed in so tests can run commands in-process.

import { createInterface } from 'node:readline/promises';
import { colorsFor, type Colors } from '../render/colors.js';

export interface Io {
  out: { write(text: string): unknown; isTTY?: boolean };
  err: { write(text: string): unknown; isTTY?: boolean };
  /** Asks a question on the terminal; undefined when there is no terminal to ask on. */
  ask: ((question: string) => Promise<string>) | undefined;
  colors: Colors;
  errColors: Colors;
}

export function processIo(): Io {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  return {
    out: process.stdout,
    err: process.stderr,
    ask: interactive
      ? async (question) => {
          const rl = createInterface({ input: process.stdin, output: process.stdout });
          try {
            return await rl.question(question);
          } finally {
            rl.close();
          }
        }
      : undefined,
    colors: colorsFor(process.stdout),
    errColors: colorsFor(process.stderr),
  };
}
