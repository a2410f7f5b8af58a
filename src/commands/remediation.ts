// `reconcile remediation package` and `reconcile remediation template`: deploying the remediation handler as a
// Lambda function: its code with the desired state it enforces, and the CloudFormation template around it.

import { writeFileSync } from 'node:fs';
import { loadConfig } from '../desired/load.js';
import { bundleHandler } from '../remediation/bundle.js';
import { packageHandler } from '../remediation/package.js';
import { remediationTemplate } from '../remediation/template.js';
import { reportWarnings } from './errors.js';
import type { Io } from './io.js';
import { outputFile } from './output-file.js';

export async function packageCommand(options: { config: string; out: string }, io: Io): Promise<number> {
  // The function enforces what it carries: an org.yaml that does not validate is never packaged.
  const config = loadConfig(options.config);
  reportWarnings(config.warnings, io, false);
  const out = outputFile(options.out, '--out', { stdout: false, why: 'the package is a zip file' });
  const bundle = await bundleHandler();
  for (const warning of bundle.warnings) io.err.write(`${io.errColors.yellow('Warning:')} bundling: ${warning}\n`);
  const contents = packageHandler(bundle, config);
  if (out.kind === 'file') writeFileSync(out.path, contents.zip);
  const policies = contents.files.filter((f) => f.endsWith('.json')).length;
  io.out.write(
    `Wrote ${options.out} (${(contents.zip.length / 1024).toFixed(0)} KiB): remediate.js (runtime nodejs20.x, handler remediate.handler), org.yaml and ${policies} policy file${policies === 1 ? '' : 's'}.\n` +
      `Deploy it with the template from \`reconcile remediation template\`, or update the function: aws lambda update-function-code --function-name NAME --zip-file fileb://${options.out}\n`,
  );
  return 0;
}

export function templateCommand(io: Io): number {
  io.out.write(JSON.stringify(remediationTemplate(), null, 2) + '\n');
  return 0;
}
