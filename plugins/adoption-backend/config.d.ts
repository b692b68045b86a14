import { HumanDuration } from '@backstage/types';

export interface Config {
  /** The Adoption page's backend (plugins/adoption-backend). */
  adoption?: {
    /**
     * How long analytics events are kept; older ones are deleted once a day.
     * A duration object (`{ days: 180 }`), an ISO 8601 duration (`P180D`) or
     * a string such as `180d`.
     * @default { days: 180 }
     */
    retention?: HumanDuration | string;
    /**
     * A Component's TechDocs count as fresh when its published site was built
     * (techdocs_metadata.json's `build_timestamp`) within this long.
     * A duration object (`{ days: 90 }`), an ISO 8601 duration (`P90D`) or
     * a string such as `90d`.
     * @default { days: 90 }
     */
    techDocsFreshness?: HumanDuration | string;
  };
}
