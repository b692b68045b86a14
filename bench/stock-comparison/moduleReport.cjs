/*
 * Preloaded into a backend (node --require) by bench/stock-comparison.ts --modules: on SIGUSR2 it
 * writes the process's memory usage and the files it has loaded to $BENCH_MODULE_REPORT.
 */
const { writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  writeFileSync(
    process.env.BENCH_MODULE_REPORT,
    JSON.stringify({
      memory: process.memoryUsage(),
      files: Object.keys(require.cache),
    }),
  );
});
