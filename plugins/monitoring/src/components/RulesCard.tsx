import { InfoCard } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { alertsContent, AlertsState } from './AlertsCard';
import { StateChip } from './StateChip';

/** The service's alerting rules in every instance: firing, pending, inactive. */
export function RulesCard(props: { state: AlertsState }) {
  return (
    <InfoCard title="Alerting rules" variant="gridItem">
      {alertsContent(props.state, ({ rules }) =>
        rules.length === 0 ? (
          <Typography>
            No alerting rule of this service in any Prometheus
          </Typography>
        ) : (
          <List dense disablePadding aria-label="Alerting rules">
            {rules.map(rule => (
              <ListItem
                divider
                key={`${rule.instance} ${rule.group} ${rule.name}`}
              >
                <ListItemText
                  primary={
                    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                      <StateChip state={rule.state} />
                      <span>{rule.name}</span>
                    </Box>
                  }
                  secondary={[
                    rule.instance,
                    rule.group,
                    rule.severity,
                    rule.health === 'ok'
                      ? undefined
                      : `health ${rule.health}${
                          rule.lastError ? `: ${rule.lastError}` : ''
                        }`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              </ListItem>
            ))}
          </List>
        ),
      )}
    </InfoCard>
  );
}
