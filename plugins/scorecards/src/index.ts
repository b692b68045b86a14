/**
 * Scorecards: each service's Tech Insights checks on its Overview (passed or
 * failed, why, how to fix) and a Scorecards page of every service and check,
 * filterable by team and by failing check, with each team's score.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export {
  scorecardsApiRef,
  type EntityCheckResults,
  type ScorecardsApi,
} from './api/ScorecardsApi';
export { ScorecardsClient } from './api/ScorecardsClient';
