// The organization's tree: its root, OUs and accounts, listed, described, created and moved.

import type { Handlers } from '../context.js';
import { AwsError, invalidInput } from '../errors.js';
import { accountArn, newAccountId, newCreateAccountRequestId, newOuId, ouArn } from '../ids.js';
import { accountIdOf, childIdOf, lengthBetween, ouIdOf, parentIdOf, requireString, tagsOf } from '../input.js';
import { accountIn, organization, parentIn } from '../lookups.js';
import { listResponse } from '../pagination.js';
import { checkNewOu } from '../rules.js';
import type { Account, OrganizationalUnit } from '../state.js';
import { accountWire, createAccountStatusWire, ouWire, rootWire } from '../wire.js';
import { tagNewResource } from './tags.js';

export const TREE_OPERATIONS: Handlers = {
  ListRoots: (ctx, input) => {
    const data = organization(ctx.view);
    return listResponse('Roots', [rootWire(data, ctx.now)], input, 'ListRoots', ctx.pagination);
  },

  ListOrganizationalUnitsForParent: (ctx, input) => {
    const data = organization(ctx.view);
    const parentId = parentIdOf(input, 'ParentId');
    parentIn(data, parentId);
    const ous = [...(data.childOus.get(parentId) ?? [])].map((id) => ouWire(data.ous.get(id)!));
    return listResponse('OrganizationalUnits', ous, input, `ListOrganizationalUnitsForParent:${parentId}`, ctx.pagination);
  },

  ListAccounts: (ctx, input) => {
    const data = organization(ctx.view);
    return listResponse('Accounts', [...data.accounts.values()].map(accountWire), input, 'ListAccounts', ctx.pagination);
  },

  ListAccountsForParent: (ctx, input) => {
    const data = organization(ctx.view);
    const parentId = parentIdOf(input, 'ParentId');
    parentIn(data, parentId);
    const accounts = [...(data.childAccounts.get(parentId) ?? [])].map((id) => accountWire(data.accounts.get(id)!));
    return listResponse('Accounts', accounts, input, `ListAccountsForParent:${parentId}`, ctx.pagination);
  },

  ListChildren: (ctx, input) => {
    const data = organization(ctx.view);
    const parentId = parentIdOf(input, 'ParentId');
    const childType = requireString(input, 'ChildType');
    if (childType !== 'ACCOUNT' && childType !== 'ORGANIZATIONAL_UNIT') {
      throw invalidInput('INVALID_ENUM', `Unknown ChildType: ${childType}`);
    }
    parentIn(data, parentId);
    const ids = childType === 'ACCOUNT' ? data.childAccounts.get(parentId) : data.childOus.get(parentId);
    const children = [...(ids ?? [])].map((id) => ({ Id: id, Type: childType }));
    return listResponse('Children', children, input, `ListChildren:${parentId}:${childType}`, ctx.pagination);
  },

  ListParents: (ctx, input) => {
    const data = organization(ctx.view);
    const childId = childIdOf(input);
    const parentId = data.ous.get(childId)?.parentId ?? data.accounts.get(childId)?.parentId;
    if (!parentId) throw new AwsError('ChildNotFoundException', `We can't find an organizational unit (OU) or Amazon Web Services account with the ChildId that you specified.`);
    const type = parentId === data.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
    return listResponse('Parents', [{ Id: parentId, Type: type }], input, `ListParents:${childId}`, ctx.pagination);
  },

  DescribeOrganizationalUnit: (ctx, input) => {
    const data = organization(ctx.view);
    const ou = data.ous.get(ouIdOf(input));
    if (!ou) throw new AwsError('OrganizationalUnitNotFoundException', `We can't find an OU with the OrganizationalUnitId that you specified.`);
    return { OrganizationalUnit: ouWire(ou) };
  },

  DescribeAccount: (ctx, input) => {
    const data = organization(ctx.view);
    return { Account: accountWire(accountIn(data, accountIdOf(input))) };
  },

  CreateOrganizationalUnit: (ctx, input) => {
    const data = organization(ctx.state);
    const parentId = parentIdOf(input, 'ParentId');
    const name = requireString(input, 'Name');
    lengthBetween(name, 'Name', 1, 128);
    parentIn(data, parentId);
    checkNewOu(data, parentId, name);
    const id = newOuId(ctx.random, data);
    const ou: OrganizationalUnit = { id, name, parentId, arn: ouArn(data.organization, id) };
    const tags = tagsOf(input);
    ctx.commit({ kind: 'putOu', ou });
    tagNewResource(ctx, id, tags);
    return { OrganizationalUnit: ouWire(ou) };
  },

  CreateAccount: (ctx, input) => {
    const data = organization(ctx.state);
    const email = requireString(input, 'Email');
    const name = requireString(input, 'AccountName');
    lengthBetween(name, 'AccountName', 1, 50);
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw invalidInput('INVALID_EMAIL_ADDRESS_TARGET', 'The email address is not valid.');
    const id = newAccountId(ctx.random, data);
    const account: Account = { id, name, email, parentId: data.root.id, arn: accountArn(data.organization, id), joinedTimestamp: ctx.now };
    const tags = tagsOf(input);
    ctx.commit({ kind: 'putAccount', account });
    tagNewResource(ctx, id, tags);
    return { CreateAccountStatus: createAccountStatusWire(newCreateAccountRequestId(ctx.random), account, ctx.now) };
  },

  MoveAccount: (ctx, input) => {
    const data = organization(ctx.state);
    const accountId = accountIdOf(input);
    const source = parentIdOf(input, 'SourceParentId');
    const destination = parentIdOf(input, 'DestinationParentId');
    const account = accountIn(data, accountId);
    parentIn(data, source, 'SourceParentNotFoundException');
    parentIn(data, destination, 'DestinationParentNotFoundException');
    if (account.parentId !== source) throw new AwsError('SourceParentNotFoundException', 'The account is not in the specified source parent.');
    if (source === destination) throw new AwsError('DuplicateAccountException', 'That account is already present in the specified destination.');
    ctx.commit({ kind: 'moveAccount', accountId, parentId: destination });
    return {};
  },
};
