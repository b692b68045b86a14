import { describeError, pagerDutyErrorMessage } from './responseError';

describe('pagerDutyErrorMessage', () => {
  it.each([
    [{ errors: ['Service not found.'] }, 'Service not found.'],
    [
      "Bad Request: 'escalation_policy_ids[]' is required",
      "Bad Request: 'escalation_policy_ids[]' is required",
    ],
    [
      {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["'routing_key' is missing", "'payload' is missing"],
      },
      "Event object is invalid: 'routing_key' is missing; 'payload' is missing",
    ],
    [
      { status: 'throttled', message: 'Too many requests' },
      'Too many requests',
    ],
  ])('reads %j as %s', (body, expected) => {
    expect(pagerDutyErrorMessage(body)).toBe(expected);
  });

  it.each([undefined, null, '', {}, { errors: [42] }, 500])(
    'has nothing to say about %j',
    body => {
      expect(pagerDutyErrorMessage(body)).toBeUndefined();
    },
  );
});

describe('describeError', () => {
  it('uses the message of errors that are not ResponseErrors', () => {
    expect(
      describeError(new Error('The PagerDuty backend did not answer')),
    ).toBe('The PagerDuty backend did not answer');
  });
});
