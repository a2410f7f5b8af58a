// The handler as one self-contained file for the nodejs20.x runtime: esbuild (https://esbuild.github.io/api/)
// bundles the Lambda entry point with every module it imports, the AWS SDK clients included, so that the function
// runs the versions reconcile was tested with rather than those the runtime happens to carry. CommonJS, so that
// Lambda loads `remediate.js` as it is (an ES module would need a package.json or an .mjs name beside it); the one
// use of import.meta (where the file lies) is given its CommonJS equivalent.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The entry point beside this module: compiled (dist/lambda/remediate.js) or, run from the sources, TypeScript. */
function entryPoint(): string {
  const compiled = fileURLToPath(new URL('../lambda/remediate.js', import.meta.url));
  return existsSync(compiled) ? compiled : compiled.replace(/\.js$/, '.ts');
}

export interface Bundle {
  code: Uint8Array;
  /** The licence notices of what was bundled, which travel with it. */
  notices: Uint8Array;
  /** What esbuild warned about, for the command to show. */
  warnings: string[];
}

export async function bundleHandler(): Promise<Bundle> {
  const result = await build({
    entryPoints: [entryPoint()],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'external',
    write: false,
    outfile: 'remediate.js',
    logLevel: 'silent',
    define: { 'import.meta.url': '__reconcileModuleUrl' },
    banner: { js: "const __reconcileModuleUrl = require('url').pathToFileURL(__filename).href;" },
  });
  const file = (suffix: string) => result.outputFiles.find((f) => f.path.endsWith(suffix))?.contents ?? new Uint8Array();
  return { code: file('remediate.js'), notices: file('remediate.js.LEGAL.txt'), warnings: result.warnings.map((w) => `${w.location ? `${w.location.file}:${w.location.line}: ` : ''}${w.text}`) };
}
