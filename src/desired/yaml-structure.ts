// Checks on the shape of a parsed YAML (or JSON) document that its parser leaves to us: duplicate keys, nesting
// depth, and where aliases are. One pass over the nodes, without recursion: the yaml library's own duplicate-key
// check compares every key with every earlier key of its map, which is quadratic in a 20,000-account map, and a
// recursive walk would overflow the stack on the very nesting it is meant to refuse.

import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { SourceLocation } from './config.js';
import type { Problem } from './problems.js';

export interface Structure {
  problems: Problem[];
  /** The first alias (*name), where an alias expansion that is too large is reported. */
  firstAlias: SourceLocation | undefined;
}

export function checkStructure(
  doc: Document,
  at: (offset: number) => SourceLocation,
  options: { maxDepth: number; what: string },
): Structure {
  const problems: Problem[] = [];
  let firstAlias: number | undefined;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node)) {
      // The walk visits nodes out of document order: keep the earliest.
      if (node.range && (firstAlias === undefined || node.range[0] < firstAlias)) firstAlias = node.range[0];
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= options.maxDepth) {
      problems.push({
        location: at((node as Node).range?.[0] ?? 0),
        message: `nested more than ${options.maxDepth} levels deep; ${options.what} never needs that many`,
      });
      continue;
    }
    if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
      continue;
    }
    const firstOf = new Map<string, Node>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (isScalar(pair.key)) {
        const key = String(pair.key.value);
        const first = firstOf.get(key);
        if (first && pair.key.range) {
          problems.push({
            location: at(pair.key.range[0]),
            message: `duplicate key ${JSON.stringify(key)}: first written at line ${at(first.range?.[0] ?? 0).line}; each key may appear once`,
          });
        } else if (!first) firstOf.set(key, pair.key);
      } else {
        stack.push({ node: pair.key, depth: depth + 1 });
      }
      stack.push({ node: pair.value, depth: depth + 1 });
    }
  }
  return { problems, firstAlias: firstAlias === undefined ? undefined : at(firstAlias) };
}
