// Slack Block Kit pieces for notifications: a section of mrkdwn text, with &, < and > escaped as Slack requires
// (https://api.slack.com/reference/surfaces/formatting#escaping) and within a section's 3,000 characters.

const MAX_SECTION_TEXT = 3000;

export function mrkdwnSection(text: string): object {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return { type: 'section', text: { type: 'mrkdwn', text: escaped.slice(0, MAX_SECTION_TEXT) } };
}
