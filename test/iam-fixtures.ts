// What the IAM tests share: the accounts of smallOrg, the managed policies they use, and an org.yaml that gives
// the Audit role in every account ReadOnlyAccess and the account's own AuditExtras.

export const MANAGEMENT = '111111111111';
export const SECURITY = '222222222222';
export const PROD = '333333333333';
export const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const SECURITY_AUDIT = 'arn:aws:iam::aws:policy/SecurityAudit';

/** `extra` goes between the selection and the roles (memberRole, ifRoleMissing, …), indented as an entry's keys. */
export const auditYaml = (extra = '') => `version: 1
iamRoles:
  - accounts: all
${extra}    roles:
      Audit: [${READ_ONLY}, "arn:\${Partition}:iam::\${AccountId}:policy/AuditExtras"]
`;
