// The drift report as a notification (--notify): the subject says where and how much; the text is the report as
// `reconcile drift` prints it; chat gets one block per difference (Slack renders at most 50 blocks).

import type { Notification } from '../notify/notification.js';
import { mrkdwnSection as section } from '../notify/slack-blocks.js';
import { colorsFor } from '../render/colors.js';
import { renderDriftText } from './render-text.js';
import type { DriftView } from './view.js';
import { attributionText, CODE_TITLES, itemText } from './words.js';

const MAX_ITEM_BLOCKS = 45;

export function driftNotification(view: DriftView, footer?: string): Notification {
  const { items, remediation } = view;
  const org = remediation.plan.organizationId;
  const subject = items.length === 0 ? `reconcile: no drift in ${org}` : `reconcile: ${items.length} difference${items.length === 1 ? '' : 's'} from org.yaml in ${org}`;
  const text = renderDriftText(view, colorsFor({ isTTY: false })) + (footer ? `\n${footer}\n` : '');
  const blocks: object[] = [section(`*${subject}*`)];
  items.slice(0, MAX_ITEM_BLOCKS).forEach((item, index) => {
    const attribution = view.cloudTrail?.attributions[index];
    blocks.push(section(`*${CODE_TITLES[item.code]}*: ${itemText(remediation, item)}${attribution ? `\n${attributionText(attribution)}` : ''}`));
  });
  if (items.length > MAX_ITEM_BLOCKS) blocks.push(section(`…and ${items.length - MAX_ITEM_BLOCKS} more: run reconcile drift for all of them`));
  if (footer) blocks.push(section(footer));
  return { subject, text, blocks };
}
