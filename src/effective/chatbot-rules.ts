// Chat applications (Amazon Q Developer in chat applications, formerly Chatbot) policies:
// `chatbot.platforms.{slack, microsoft_teams, chime}` and `chatbot.default.client`
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_chatbot.html).
// Observed by AWS users: the effective document lowercases keys, so keys that differ only by case meet in the
// merge. Values keep their case.

import type { TypeRules } from './rules.js';

export const CHATBOT_RULES: TypeRules = {
  name: 'chatbot',
  normalize: { key: (_path, key) => key.toLowerCase(), operand: (_path, value) => value },
};
