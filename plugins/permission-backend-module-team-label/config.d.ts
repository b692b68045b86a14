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
    };
  };
}
