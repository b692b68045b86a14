import { mapConcurrently } from './mapConcurrently';

describe('mapConcurrently', () => {
  it('runs at most the limit at a time and keeps the order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([30, 10, 20, 0, 5], 2, async ms => {
      running += 1;
      most = Math.max(most, running);
      await new Promise(resolve => setTimeout(resolve, ms));
      running -= 1;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 0, 10]);
    expect(most).toBe(2);
  });

  it('rejects with the first failure', async () => {
    await expect(
      mapConcurrently([1, 2, 3], 2, async n => {
        if (n === 2) {
          throw new Error('two failed');
        }
        return n;
      }),
    ).rejects.toThrow('two failed');
  });

  it('maps nothing to nothing', async () => {
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
  });
});
