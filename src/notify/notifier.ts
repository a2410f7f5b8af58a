// Sending one notification to every target, each on its own: a channel that fails does not keep the others from
// hearing, and each outcome is reported back (a failed alert is logged by the caller, never silent).

import type { SNSClient } from '@aws-sdk/client-sns';
import { describeTarget, type Notification, type NotifyTarget } from './notification.js';
import { publishToSns } from './sns.js';
import { topicRegion } from './targets.js';
import { postToWebhook } from './webhook.js';

export interface Delivery {
  target: string;
  ok: boolean;
  error?: string;
}

export class Notifier {
  private readonly clients = new Map<string, SNSClient>();

  constructor(
    readonly targets: readonly NotifyTarget[],
    /** An SNS client for a region, with the caller's credentials and endpoint. */
    private readonly snsClient: (region: string) => SNSClient,
  ) {}

  async send(notification: Notification): Promise<Delivery[]> {
    return Promise.all(
      this.targets.map(async (target): Promise<Delivery> => {
        try {
          if (target.kind === 'sns') await publishToSns(this.client(topicRegion(target.topicArn)), target.topicArn, notification);
          else await postToWebhook(target.url, notification);
          return { target: describeTarget(target), ok: true };
        } catch (err) {
          return { target: describeTarget(target), ok: false, error: `${(err as Error).name ?? 'Error'}: ${(err as Error).message}` };
        }
      }),
    );
  }

  private client(region: string): SNSClient {
    let client = this.clients.get(region);
    if (!client) {
      client = this.snsClient(region);
      this.clients.set(region, client);
    }
    return client;
  }

  close(): void {
    for (const client of this.clients.values()) client.destroy();
  }
}
