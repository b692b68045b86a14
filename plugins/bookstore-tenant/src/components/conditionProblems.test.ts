import { conditionProblems } from './conditionProblems';

describe('conditionProblems', () => {
  it('gives the reason and message of each condition that is not True', () => {
    expect(
      conditionProblems([
        {
          type: 'Ready',
          status: 'False',
          reason: 'Creating',
          message: 'Unready resources: quota',
        },
        { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
        { type: 'Healthy', status: 'Unknown', reason: 'Probing' },
        { type: 'Responsive', status: 'False' },
      ]),
    ).toEqual([
      'Creating: Unready resources: quota',
      'Probing',
      'Responsive is False',
    ]);
  });
});
