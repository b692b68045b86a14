import { ResponseErrorPanel } from '@backstage/core-components';
import { describeError } from '../api/responseError';

/** A failed request inside a card, titled with PagerDuty's own message. */
export function CardError(props: { error: Error }) {
  return (
    <ResponseErrorPanel
      error={props.error}
      title={describeError(props.error)}
    />
  );
}
