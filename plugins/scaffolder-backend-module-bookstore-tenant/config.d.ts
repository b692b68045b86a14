export interface Config {
  /** The bookstore platform's own settings. */
  bookstore?: {
    /**
     * Platform defaults for BookstoreTenant claims rendered or applied by the
     * `bookstore:tenant` scaffolder action.
     */
    tenants?: {
      /**
       * The tier of a tenant whose template gives none: starter, standard or premium.
       * @default starter
       */
      defaultTier?: 'starter' | 'standard' | 'premium';
      /**
       * The namespace claims are created in (metadata.namespace of every claim).
       * @default bookstore-tenants
       */
      claimNamespace?: string;
      /**
       * The regions this portal offers, keyed by region (us-east, eu-west,
       * ap-southeast). `cluster` names the cluster in
       * `kubernetes.clusterLocatorMethods` (type: config) that
       * `bookstore:tenant:apply` applies the claim to; a region without one is
       * offered for `bookstore:tenant` (GitOps) only. Regions that share a Crossplane control plane name the same cluster
       * and get one apply.
       * @default all three regions, without clusters
       */
      regions?: {
        [region: string]: {
          cluster?: string;
        };
      };
      /**
       * The label that names the owner team on a claim.
       * @default platform.bookstore.io/team
       */
      teamLabel?: string;
      /**
       * The field manager of server-side applies.
       * @default bookstore-portal
       */
      fieldManager?: string;
      /**
       * How long one request to a cluster may take, in milliseconds.
       * @default 10000
       */
      requestTimeoutMs?: number;
    };
    /**
     * The platform's GitOps repository, where the golden paths add a new
     * tenant's claim and the service's Argo CD Application
     * (`bookstore:gitops:local` locally; a pull request on GitHub).
     */
    gitops?: {
      /**
       * Locally (bookstore.publish.target: local): the absolute path of a bare
       * git repository, created when missing. On GitHub: the repository's URL,
       * https://<host>/<owner>/<repo>; without it a GitHub portal has no GitOps
       * repository.
       * @default <bookstore.publish.local.directory>/platform-gitops.git
       */
      repository?: string;
      /**
       * The branch Argo CD reads and changes are merged into.
       * @default main
       */
      baseBranch?: string;
      /**
       * The directory of the tenant claims, `<tenantsDir>/<tenant>.yaml`.
       * @default tenants
       */
      tenantsDir?: string;
      /**
       * The directory of the Argo CD Applications, `<applicationsDir>/<service>-<region>.yaml`.
       * @default apps
       */
      applicationsDir?: string;
      /**
       * The commit (and pull request) title; {service}, {tenant} and {region} are replaced.
       * @default Add service {service} to tenant {tenant} ({region})
       */
      title?: string;
      /**
       * Merge the change into the base branch at once. Local only; on GitHub
       * platform engineers review and merge the pull request.
       * @default true locally, false on GitHub
       */
      autoMerge?: boolean;
    };
    /**
     * Grafana, where a new service's dashboard is seen: the golden path's
     * chart ships the dashboard (a ConfigMap for Grafana's dashboard sidecar,
     * uid = the service name) and, with a base URL, its catalog-info.yaml
     * links it (annotation grafana/overview-dashboard,
     * `<baseUrl>/d/<name>/<name>`), through `bookstore:publish:plan`.
     */
    grafana?: {
      /**
       * Grafana's URL as people open it, e.g. https://grafana.bookstore.example.
       * @default none: a new service gets no dashboard link
       */
      baseUrl?: string;
    };
    /**
     * Argo CD, where a new service's deployment is seen: with a base URL the
     * golden path's catalog-info.yaml links the service's Application
     * (`<baseUrl>/applications/argocd/bookstore-<name>-<region>`).
     */
    argocd?: {
      /**
       * Argo CD's URL as people open it, e.g. https://argocd.bookstore.example.
       * @default none: a new service gets no Argo CD link
       */
      baseUrl?: string;
    };
    /**
     * Where the golden-path templates publish new repositories; read by the
     * `bookstore:publish:plan` action, whose output the templates' publish and
     * register steps switch on.
     */
    publish?: {
      /**
       * `github` (publish:github + catalog:register) or `local` (a bare git
       * repository under `local.directory`, registered as a `bookstore-local-git`
       * location of its own).
       * @default github
       */
      target?: 'github' | 'local';
      /** Publishing to git repositories on this machine, for the local portal. */
      local?: {
        /**
         * The directory of the bare repositories (`<name>.git`) and of the
         * working copies the catalog reads (`<name>/catalog-info.yaml`, through
         * the `bookstore-local-git` location of each repository). No `file`
         * location of `catalog.locations` may read it.
         */
        directory: string;
      };
      /** Publishing to GitHub. */
      github?: {
        /**
         * The GitHub host.
         * @default github.com
         */
        host?: string;
        /**
         * The organisation new repositories are created in.
         * @default bookstore-platform
         */
        owner?: string;
      };
    };
  };
}
