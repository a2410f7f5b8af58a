// Organizations' list operations return at most 20 items a page (MaxResults 1–20), and may return fewer, even none,
// while a NextToken says more follow. https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPolicies.html

export const MAX_RESULTS = 20;
