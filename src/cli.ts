#!/usr/bin/env node
// The `reconcile` command line entry point.

// The AWS SDK warns on every run that its future releases will need Node 22. reconcile declares the Node
// versions it supports itself (package.json engines), so that notice is for us, not for each user's CI log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { processIo } = await import('./commands/io.js');
const { buildProgram } = await import('./commands/program.js');


const program = buildProgram(processIo(), (code) => {
  process.exitCode = code;
});
await program.parseAsync(process.argv);
