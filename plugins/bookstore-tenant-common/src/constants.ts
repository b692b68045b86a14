/** The API group of the BookstoreTenant claim and its composite. */
export const TENANT_API_GROUP = 'platform.bookstore.io';
/** The served version of the BookstoreTenant API. */
export const TENANT_API_VERSION = 'v1alpha1';
/** The namespaced claim kind developers ask for. */
export const TENANT_CLAIM_KIND = 'BookstoreTenant';
/** The claim's resource plural, as in API paths. */
export const TENANT_CLAIM_PLURAL = 'bookstoretenants';
/** The composite resource kind Crossplane creates for a claim. */
export const TENANT_COMPOSITE_KIND = 'XBookstoreTenant';
/** The composite resource plural, as in API paths. */
export const TENANT_COMPOSITE_PLURAL = 'xbookstoretenants';
/** The label that names a tenant's owner team, by default. */
export const DEFAULT_TEAM_LABEL = 'platform.bookstore.io/team';
/** The tiers a tenant may have, in order of size. */
export const TENANT_TIERS = ['starter', 'standard', 'premium'] as const;
/** The regions a tenant may run in. */
export const TENANT_REGIONS = ['us-east', 'eu-west', 'ap-southeast'] as const;
/** The scaffolder action that renders a claim into the workspace, for GitOps. */
export const TENANT_ACTION_ID = 'bookstore:tenant';
/** The scaffolder action that server-side applies a claim to the clusters of its regions. */
export const TENANT_APPLY_ACTION_ID = 'bookstore:tenant:apply';
/** A DNS-1123 label (a Kubernetes name part), without its 63-character bound. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
