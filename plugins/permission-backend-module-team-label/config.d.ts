import { HumanDuration } from '@backstage/types';

export interface Config {
  permission?: {
    /** The team-label policy (plugins/permission-backend-module-team-label). */
    teamLabel?: {
      /**
       * The label on a Template naming the team allowed to use it.
       * Default: platform.bookstore.io/team
       */
      labelKey?: string;
      /** Catalog Groups whose members may do everything, e.g. group:default/portal-admins. */
      adminGroups?: string[];
      /**
       * How long a user's decisions that depend on nothing but the user (conditional
       * decisions, permissions without a resource) are kept by each plugin's permissions
       * service, so that not every catalog read asks the permission backend over HTTP.
       */
      decisionCache?: {
        /** Default { seconds: 10 }; { seconds: 0 } asks every time. Or ISO 8601 (PT10S). */
        ttl?: HumanDuration | string;
        /** Decisions kept at most (the oldest go first). Default 10000. */
        maxEntries?: number;
      };
    };
  };
}
