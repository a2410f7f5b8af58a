// Identifier patterns from the Organizations API model. The model's combined target-id regex anchors only its
// first and last alternatives, so each alternative is anchored here on its own.

export const POLICY_ID = /^p-[0-9a-zA-Z_]{8,128}$/;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ACCOUNT_ID = /^\d{12}$/;
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

export type TargetType = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
