// The XML the query-protocol services answer with. A result is plain data: objects become elements named after
// their keys, arrays become <member> lists, Maps become <entry><key/><value/></entry> maps (IAM's SummaryMap),
// Dates become ISO 8601 timestamps; undefined members are left out.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/programming.html (Query API) and the SDKs' awsQuery protocol.

import { QueryError } from './errors.js';

export type XmlValue = string | number | boolean | Date | undefined | XmlValue[] | Map<string, XmlValue> | { [key: string]: XmlValue };

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function element(name: string, value: XmlValue): string {
  return value === undefined ? '' : `<${name}>${content(value)}</${name}>`;
}

function content(value: XmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => element('member', item)).join('');
  if (value instanceof Map) {
    return [...value].map(([key, v]) => `<entry>${element('key', key)}${element('value', v)}</entry>`).join('');
  }
  if (typeof value === 'object') return Object.entries(value).map(([key, v]) => element(key, v)).join('');
  return escape(String(value));
}

/** A successful answer: <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata/></ActionResponse>. */
export function responseXml(action: string, xmlns: string, result: Record<string, XmlValue> | undefined, requestId: string): string {
  return (
    `<${action}Response xmlns="${xmlns}">` +
    (result === undefined ? '' : element(`${action}Result`, result)) +
    element('ResponseMetadata', { RequestId: requestId }) +
    `</${action}Response>`
  );
}

export function errorXml(xmlns: string | undefined, error: QueryError, requestId: string): string {
  return (
    (xmlns ? `<ErrorResponse xmlns="${xmlns}">` : '<ErrorResponse>') +
    element('Error', { Type: error.type, Code: error.code, Message: error.message }) +
    element('RequestId', requestId) +
    '</ErrorResponse>'
  );
}
