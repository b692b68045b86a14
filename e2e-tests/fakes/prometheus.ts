import {
  FakePrometheus,
  FakePrometheusData,
  startFakePrometheus,
} from '@internal/plugin-monitoring-backend/testUtils';

/**
 * Fake Prometheus servers, one per region, speaking Prometheus' HTTP API (`/api/v1/alerts`,
 * `/api/v1/rules`, `/api/v1/query_range`): the fake of the monitoring backend's tests
 * (`@internal/plugin-monitoring-backend/testUtils`), seeded per region from seeds.ts.
 * Test code only.
 */
export interface FakePrometheusRegion {
  region: string;
  prometheus: FakePrometheus;
}

export async function startFakePrometheusRegions(
  data: Record<string, FakePrometheusData>,
): Promise<FakePrometheusRegion[]> {
  return Promise.all(
    Object.entries(data).map(async ([region, seed]) => ({
      region,
      prometheus: await startFakePrometheus({ data: seed }),
    })),
  );
}
