import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { ScoredCheck } from '../scorecard';

const LABELS: Record<ScoredCheck['outcome'], string> = {
  passed: 'passed',
  failed: 'failed',
  unscored: 'no facts yet',
};

/** A check's outcome as a status dot and a word. */
export function CheckOutcome({ outcome }: { outcome: ScoredCheck['outcome'] }) {
  const label = LABELS[outcome];
  if (outcome === 'passed') return <StatusOK>{label}</StatusOK>;
  if (outcome === 'failed') return <StatusError>{label}</StatusError>;
  return <StatusPending>{label}</StatusPending>;
}
