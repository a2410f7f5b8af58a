// Tags on roots, OUs, accounts and policies.

import type { Handlers, OperationContext } from '../context.js';
import { invalidInput } from '../errors.js';
import { requireString, tagsOf } from '../input.js';
import { organization, taggableIn } from '../lookups.js';
import { listResponse } from '../pagination.js';

/** Tags given to a Create call land as a change of their own after the resource, as a TagResource would. */
export function tagNewResource(ctx: OperationContext, resourceId: string, tags: Record<string, string>): void {
  if (Object.keys(tags).length) ctx.commit({ kind: 'tag', resourceId, tags });
}

export const TAG_OPERATIONS: Handlers = {
  ListTagsForResource: (ctx, input) => {
    const data = organization(ctx.view);
    const resourceId = taggableIn(data, requireString(input, 'ResourceId'));
    const tags = [...(data.tags.get(resourceId) ?? [])].map(([Key, Value]) => ({ Key, Value }));
    return listResponse('Tags', tags, input, `ListTagsForResource:${resourceId}`, ctx.pagination);
  },

  TagResource: (ctx, input) => {
    const data = organization(ctx.state);
    const resourceId = taggableIn(data, requireString(input, 'ResourceId'));
    ctx.commit({ kind: 'tag', resourceId, tags: tagsOf(input) });
    return {};
  },

  UntagResource: (ctx, input) => {
    const data = organization(ctx.state);
    const resourceId = taggableIn(data, requireString(input, 'ResourceId'));
    const keys = input.TagKeys;
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) throw invalidInput('INPUT_REQUIRED', 'You must specify TagKeys.');
    ctx.commit({ kind: 'untag', resourceId, keys: keys as string[] });
    return {};
  },
};
