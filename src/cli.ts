#!/usr/bin/env node
// The `reconcile` command line entry point.

import { processIo } from './commands/io.js';
import { buildProgram } from './commands/program.js';

// The AWS SDK warns on every run that its future releases will need Node 22. reconcile declares the Node
// versions it supports itself (package.json engines), so that notice is for us, not for each user's CI log.
// The SDK reads this when a client is built, which is after this line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `reconcile plan | head`: when the reader of our output goes away, stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const program = buildProgram(processIo(), (code) => {
  process.exitCode = code;
});
await program.parseAsync(process.argv);
