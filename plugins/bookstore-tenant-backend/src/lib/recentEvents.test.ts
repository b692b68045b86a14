import { recentEvents } from './recentEvents';

describe('recentEvents', () => {
  it('orders events newest first, by the newest of their timestamps', () => {
    expect(
      recentEvents([
        {
          type: 'Normal',
          reason: 'BindCompositeResource',
          message: 'Successfully bound composite resource',
          count: 1,
          lastTimestamp: '2025-05-01T10:00:00Z',
        },
        {
          type: 'Warning',
          reason: 'ConfigureCompositeResource',
          message: 'cannot apply composite resource',
          series: { count: 4, lastObservedTime: '2025-05-01T10:05:00Z' },
          eventTime: '2025-05-01T09:58:00Z',
        },
        {
          reason: 'Created',
          metadata: { creationTimestamp: '2025-05-01T10:02:00Z' },
        },
        { reason: 'Undated' },
      ]),
    ).toEqual([
      {
        type: 'Warning',
        reason: 'ConfigureCompositeResource',
        message: 'cannot apply composite resource',
        count: 4,
        lastSeen: '2025-05-01T10:05:00Z',
      },
      {
        type: 'Normal',
        reason: 'Created',
        count: 1,
        lastSeen: '2025-05-01T10:02:00Z',
      },
      {
        type: 'Normal',
        reason: 'BindCompositeResource',
        message: 'Successfully bound composite resource',
        count: 1,
        lastSeen: '2025-05-01T10:00:00Z',
      },
      { type: 'Normal', reason: 'Undated', count: 1 },
    ]);
  });

  it('keeps the newest 20 by default', () => {
    const events = Array.from({ length: 25 }, (_, i) => ({
      reason: `Event${i}`,
      lastTimestamp: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
    }));
    const recent = recentEvents(events);
    expect(recent).toHaveLength(20);
    expect(recent[0].reason).toBe('Event24');
    expect(recent[19].reason).toBe('Event5');
  });
});
