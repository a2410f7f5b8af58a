// A unified diff of two policy documents, pretty-printed so that a reviewer reads structure, not minified text.

import { createTwoFilesPatch } from 'diff';

export function prettyDocument(document: unknown): string {
  return typeof document === 'string' ? document + '\n' : JSON.stringify(document, null, 2) + '\n';
}

/** The diff's lines (file headers, hunks), without the Index/separator noise. `from` undefined: a new policy. */
export function contentDiff(from: unknown, to: unknown, fromName: string, toName: string): string[] {
  const patch = createTwoFilesPatch(fromName, toName, from === undefined ? '' : prettyDocument(from), prettyDocument(to), '', '', {
    context: 3,
  });
  return patch
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('Index:') && !line.startsWith('====') && line !== '\\ No newline at end of file');
}

export function indent(lines: string[], spaces: number): string[] {
  return lines.map((line) => ' '.repeat(spaces) + line);
}
