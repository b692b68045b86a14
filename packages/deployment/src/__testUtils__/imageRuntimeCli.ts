/*
 * scripts/image-runtime-check.sh: builds the bundle as the Dockerfile does, assembles the runtime
 * stage in a temporary directory, starts it as the Helm chart's pod would and checks it.
 *   --no-build  reuse packages/backend/dist
 *   --keep      keep the temporary directory
 */
import { runImageRuntimeCheck, summarize } from './imageRuntime';

async function main() {
  const args = process.argv.slice(2);
  const result = await runImageRuntimeCheck({
    build: !args.includes('--no-build'),
    keep: args.includes('--keep'),
    log: line => process.stdout.write(`[image-runtime-check] ${line}\n`),
  });
  process.stdout.write(`\n${summarize(result)}\n`);
  if (args.includes('--keep')) process.stdout.write(`kept: ${result.tmpDir}\n`);
  process.exitCode = result.checks.every(c => c.ok) ? 0 : 1;
}

main().catch(error => {
  process.stderr.write(
    `[image-runtime-check] ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exitCode = 1;
});
