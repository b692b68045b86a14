import {
  claim,
  claimPath,
} from '../../plugins/catalog-backend-module-crossplane-tenants/src/__testUtils__/tenants';

/** The clusters of the benchmark, in config order. */
export const CLUSTERS = ['us-east', 'eu-west', 'ap-southeast'];

/** A claim placed in one cluster. */
export interface PlacedClaim {
  cluster: number;
  path: string;
  object: ReturnType<typeof claim>;
}

/** N tenants, round-robin over the clusters; every tenth also in the next cluster. */
export function benchmarkClaims(n: number): PlacedClaim[] {
  const claims: PlacedClaim[] = [];
  for (let i = 0; i < n; i++) {
    const name = `tenant-${i}`;
    const home = i % CLUSTERS.length;
    const options = { team: `team-${i % 8}`, regions: [CLUSTERS[home]] };
    claims.push({
      cluster: home,
      path: claimPath(name),
      object: claim(name, options),
    });
    if (i % 10 === 0) {
      const other = (home + 1) % CLUSTERS.length;
      claims.push({
        cluster: other,
        path: claimPath(name),
        object: claim(name, { ...options, regions: [CLUSTERS[other]] }),
      });
    }
  }
  return claims;
}
