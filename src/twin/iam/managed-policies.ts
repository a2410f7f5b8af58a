// The AWS-managed IAM policies the twin knows: a handful that reconcilers and tests name, the same in every
// account (ARN arn:aws:iam::aws:policy/<path><name>). Their ids are the twin's own, well-formed but not AWS's.
// Policies under /aws-service-role/ are for service-linked roles only: IAM refuses to attach them to other roles.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies

import { awsManagedIamPolicyArn } from './ids.js';
import type { IamPolicy } from './state.js';

const CREATED = Date.UTC(2015, 1, 6, 18, 39, 46);

function awsManaged(name: string, path: string, id: string, description: string): IamPolicy {
  return { name, path, id, arn: awsManagedIamPolicyArn(path, name), description, document: undefined, createDate: CREATED, updateDate: CREATED };
}

export const SERVICE_ROLE_POLICY_PATH = '/aws-service-role/';

export const AWS_MANAGED_POLICIES: readonly IamPolicy[] = [
  awsManaged('AdministratorAccess', '/', 'ANPATWINADMINISTRATOR', 'Provides full access to AWS services and resources.'),
  awsManaged('ReadOnlyAccess', '/', 'ANPATWINREADONLYACCES', 'Provides read-only access to AWS services and resources.'),
  awsManaged('SecurityAudit', '/', 'ANPATWINSECURITYAUDIT', 'The security audit template grants access to read security configuration metadata.'),
  awsManaged('ViewOnlyAccess', '/job-function/', 'ANPATWINVIEWONLYACCES', 'This policy grants permissions to view resources and basic metadata across all AWS services.'),
  awsManaged('AccessAnalyzerServiceRolePolicy', SERVICE_ROLE_POLICY_PATH, 'ANPATWINACCESSANALYZE', 'Allow Access Analyzer to analyze resource metadata'),
];

export const ADMINISTRATOR_ACCESS_ARN = AWS_MANAGED_POLICIES[0].arn;

const BY_ARN = new Map(AWS_MANAGED_POLICIES.map((p) => [p.arn, p]));
const BY_NAME = new Map(AWS_MANAGED_POLICIES.map((p) => [p.name, p]));

export const awsManagedPolicy = (arn: string) => BY_ARN.get(arn);
export const awsManagedPolicyByName = (name: string) => BY_NAME.get(name);

export const isServiceRolePolicy = (policy: IamPolicy) => policy.path.startsWith(SERVICE_ROLE_POLICY_PATH);
