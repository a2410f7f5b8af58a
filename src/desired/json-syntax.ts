// Where and why a policy file is not JSON. JSON.parse says whether text is JSON; where it is not, its message and
// position vary by Node version (Node 20 gives no position for a trailing comma, so the problem showed at 1:1).
// This scanner follows the JSON grammar (RFC 8259) once, without recursion, and names the first mistake in words.

export interface JsonSyntaxError {
  offset: number;
  message: string;
  /** Valid JSON nested deeper than asked. */
  tooDeep?: true;
}

type Expect = 'value' | 'first-value' | 'key' | 'first-key' | 'after-value';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** The first syntax error in `text` read as JSON, or nesting deeper than `maxDepth`; undefined when it is fine. */
export function jsonSyntaxError(text: string, maxDepth: number): JsonSyntaxError | undefined {
  const open: { bracket: '{' | '['; offset: number }[] = [];
  let i = 0;
  let comma = -1; // the offset of the comma just read, for a trailing comma
  let valueEnd = 0; // where the last value ended, for a missing comma at the end of its line
  let expect: Expect = 'value';
  const found = () => (i >= text.length ? 'the end of the file' : `'${text[i]}'`);
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const closing = () => (open.at(-1)?.bracket === '{' ? '}' : ']');
  const mismatch = (): JsonSyntaxError | undefined => {
    const top = open.at(-1);
    if ((text[i] === '}' || text[i] === ']') && top && text[i] !== closing()) {
      return { offset: i, message: `'${text[i]}' does not close the '${top.bracket}' opened at line ${lineOf(top.offset)}` };
    }
    return undefined;
  };

  for (;;) {
    if (expect === 'after-value') valueEnd = i;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    const c = text[i];
    switch (expect) {
      case 'first-value':
      case 'value': {
        if (c === ']' && expect === 'first-value') {
          open.pop();
          i++;
          expect = 'after-value';
          break;
        }
        if (c === ']' && comma >= 0) return { offset: comma, message: "trailing comma before ']': JSON allows none" };
        const wrong = mismatch();
        if (wrong) return wrong;
        if (c === '{' || c === '[') {
          open.push({ bracket: c, offset: i });
          if (open.length > maxDepth) return { offset: i, message: `nested more than ${maxDepth} levels deep; no policy needs that many`, tooDeep: true };
          i++;
          expect = c === '{' ? 'first-key' : 'first-value';
          break;
        }
        if (c === '"') {
          const error = scanString();
          if (error) return error;
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return { offset: i, message: `${found()} does not start a number` };
          i = NUMBER.lastIndex;
        } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
          i += 4;
        } else if (text.startsWith('false', i)) {
          i += 5;
        } else {
          return { offset: i, message: unexpected('a value') };
        }
        expect = 'after-value';
        break;
      }
      case 'first-key':
      case 'key': {
        if (c === '}' && expect === 'first-key') {
          open.pop();
          i++;
          expect = 'after-value';
          break;
        }
        if (c === '}') return { offset: comma, message: "trailing comma before '}': JSON allows none" };
        const wrong = mismatch();
        if (wrong) return wrong;
        if (c !== '"') return { offset: i, message: unexpected('a property name in double quotes') };
        const error = scanString();
        if (error) return error;
        while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
        if (text[i] !== ':') return { offset: i, message: `expected ':' after the property name, found ${found()}` };
        i++;
        comma = -1;
        expect = 'value';
        break;
      }
      case 'after-value': {
        const top = open.at(-1);
        if (!top) return i < text.length ? { offset: i, message: `${found()} after the end of the JSON document` } : undefined;
        if (c === ',') {
          comma = i++;
          expect = top.bracket === '{' ? 'key' : 'value';
          break;
        }
        comma = -1;
        if (c === closing()) {
          open.pop();
          i++;
          break;
        }
        const wrong = mismatch();
        if (wrong) return wrong;
        if (i >= text.length) return { offset: i, message: `the '${top.bracket}' at line ${lineOf(top.offset)} is never closed` };
        const item = top.bracket === '{' ? 'a property' : 'a list item';
        if ((c === '"' || c === '{' || c === '[') && text.slice(valueEnd, i).includes('\n')) {
          return { offset: valueEnd, message: `missing ',' after ${item} at the end of this line` };
        }
        return { offset: i, message: `expected ',' or '${closing()}' after ${item}, found ${found()}` };
      }
    }
  }

  function unexpected(wanted: string): string {
    const c = text[i];
    if (c === "'") return `expected ${wanted}, found a single quote: JSON strings take double quotes`;
    if (c === '/') return 'comments are not allowed in JSON';
    return `expected ${wanted}, found ${found()}`;
  }

  /** Reads the string starting at text[i] (a double quote), leaving i after it. */
  function scanString(): JsonSyntaxError | undefined {
    const start = i++;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return undefined;
      }
      if (code === 0x5c) {
        const escaped = text[i + 1];
        if (escaped === 'u') {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) return { offset: i, message: '\\u in a string must be followed by 4 hexadecimal digits' };
          i += 6;
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) {
          i += 2;
        } else {
          return { offset: i, message: `\\${escaped ?? ''} is not an escape JSON knows (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)` };
        }
        continue;
      }
      if (code === 0x0a) return { offset: start, message: 'this string is not closed on its line' };
      if (code < 0x20) return { offset: i, message: 'a control character in a string must be escaped (\\t, \\u0000, …)' };
      i++;
    }
    return { offset: start, message: 'this string is never closed' };
  }
}
