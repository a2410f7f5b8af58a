// `reconcile watch`: the remediation handler without Lambda. Polls CloudTrail for Organizations' events and hands
// each to the same handler the Lambda function runs, until SIGINT or SIGTERM; for a container, or to try it
// against a twin started with `reconcile twin`.

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { ORGANIZATIONS_EVENT_REGION } from '../aws/cloudtrail.js';
import { loadConfig } from '../desired/load.js';
import { userError } from '../diagnostics/diagnostic.js';
import { EventHistory } from '../drift/cloudtrail.js';
import { clientConfig } from '../live/connect.js';
import { Notifier } from '../notify/notifier.js';
import { parseNotifyTarget } from '../notify/targets.js';
import { RemediationHandler, type Mode } from '../remediation/handler.js';
import { parseRoleArns } from '../remediation/settings.js';
import { watch } from '../remediation/watch.js';
import { openConnection, type ConnectionOptions } from './connection.js';
import { reportWarnings } from './errors.js';
import type { Io } from './io.js';
import { outputFile } from './output-file.js';

export interface WatchCommandOptions extends ConnectionOptions {
  config: string;
  /** --state-file: the watch's cursor (not --state, a snapshot, which watch does not take). */
  cursorFile: string;
  intervalSeconds: number;
  mode: Mode;
  ownRoleArns: string[];
  notify: string[];
  /** Stops the watch; by default SIGINT and SIGTERM do. */
  signal?: AbortSignal;
}

export async function watchCommand(options: WatchCommandOptions, io: Io): Promise<number> {
  if (options.twinSeed || options.stateFile) {
    throw userError('watch follows changes to a live organization: start a twin with `reconcile twin --seed FILE` and give its --endpoint, or run against AWS');
  }
  if (!(options.intervalSeconds > 0)) throw userError('--interval must be more than 0 seconds');
  const config = loadConfig(options.config);
  reportWarnings(config.warnings, io, false);
  const ownRoleArns = parseRoleArns(options.ownRoleArns, '--own-role-arn');
  const targets = options.notify.map((value) => parseNotifyTarget(value, '--notify'));
  outputFile(options.cursorFile, '--state-file', { stdout: false, why: 'the cursor is a file that outlives the process' });
  if (ownRoleArns.length === 0) {
    io.err.write(`${io.errColors.yellow('Warning:')} no --own-role-arn: reconcile's own changes (apply's) are handled as anyone's; they find nothing to do.\n`);
  }

  const connection = await openConnection(options);
  const aws = connection.aws!;
  const cloudTrail = new CloudTrailClient({ ...clientConfig(aws, ORGANIZATIONS_EVENT_REGION), maxAttempts: 1 });
  const notifier = new Notifier(targets, (region) => new SNSClient(clientConfig(aws, region)));
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  const signal = stop.signal;
  if (options.signal) options.signal.addEventListener('abort', onSignal, { once: true });
  else process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  const log = (line: string) => io.out.write(line + '\n');
  try {
    const handler = new RemediationHandler({ config, mode: options.mode, ownRoleArns, api: connection.api!, notifier, log, signal });
    await watch({ history: new EventHistory(cloudTrail), handler, stateFile: options.cursorFile, intervalMs: options.intervalSeconds * 1000, signal, log });
    return 0;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    cloudTrail.destroy();
    notifier.close();
    await connection.close();
  }
}
