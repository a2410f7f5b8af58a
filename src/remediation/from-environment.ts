// The handler as a Lambda function (or any process configured the same way) runs it: settings from the
// environment (settings.ts), org.yaml loaded and checked once, and AWS clients from the SDK's own configuration
// (the function's role, AWS_REGION, AWS_ENDPOINT_URL).

import { SNSClient } from '@aws-sdk/client-sns';
import { loadConfig } from '../desired/load.js';
import { clientConfig, connectToAws } from '../live/connect.js';
import { Notifier } from '../notify/notifier.js';
import { RemediationHandler } from './handler.js';
import { settingsFromEnvironment } from './settings.js';

export function handlerFromEnvironment(env: NodeJS.ProcessEnv, defaultDir: string, log?: (line: string) => void): RemediationHandler {
  const settings = settingsFromEnvironment(env, defaultDir);
  const config = loadConfig(settings.configFile);
  // Organizations is global, served from us-east-1 (us-gov-west-1 in GovCloud), where its events arrive too.
  const region = env.AWS_REGION || 'us-east-1';
  const aws = { region };
  const { api } = connectToAws(aws);
  const notifier = new Notifier(settings.notify, (topicRegion) => new SNSClient(clientConfig(aws, topicRegion)));
  const handler = new RemediationHandler({ config, mode: settings.mode, ownRoleArns: settings.ownRoleArns, api, notifier, log });
  const write = log ?? console.log;
  write(
    JSON.stringify({
      time: new Date().toISOString(),
      source: 'reconcile-remediation',
      started: { config: settings.configFile, mode: settings.mode, ownRoleArns: settings.ownRoleArns, notify: settings.notify.length },
      ...(settings.ownRoleArns.length === 0 ? { warning: "RECONCILE_OWN_ROLE_ARNS is empty: reconcile's own changes are handled as anyone's (they find nothing to do)" } : {}),
    }),
  );
  return handler;
}
