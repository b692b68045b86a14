import { WarningPanel } from '@backstage/core-components';
import { InstanceFailure } from '@internal/plugin-monitoring-common';
import Box from '@material-ui/core/Box';

/** The Prometheus instances that could not be read, each with why; nothing when all answered. */
export function InstanceFailures(props: { failures: InstanceFailure[] }) {
  const unique = props.failures.filter(
    (failure, i, all) =>
      all.findIndex(
        f => f.instance === failure.instance && f.message === failure.message,
      ) === i,
  );
  return (
    <>
      {unique.map(failure => (
        <Box key={`${failure.instance} ${failure.message}`} mb={1}>
          <WarningPanel
            severity="error"
            defaultExpanded
            title={`Prometheus ${failure.instance} could not be read`}
            message={failure.message}
          />
        </Box>
      ))}
    </>
  );
}
