import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { List, ListItem, Typography, makeStyles } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { scorecardsApiRef } from '../api/ScorecardsApi';
import {
  describeScore,
  groupByCategory,
  ScoredCheck,
  scoreChecks,
  scoreOf,
} from '../scorecard';
import { CheckOutcome } from './CheckOutcome';

const useStyles = makeStyles(theme => ({
  category: { marginTop: theme.spacing(2) },
  item: { display: 'block', paddingLeft: 0 },
  heading: { display: 'flex', gap: theme.spacing(2), alignItems: 'baseline' },
  detail: { marginLeft: theme.spacing(3) },
}));

function CheckItem({ scored }: { scored: ScoredCheck }) {
  const classes = useStyles();
  const { check, outcome, reasons } = scored;
  const links = check.links ?? [];
  return (
    <ListItem className={classes.item} aria-label={check.name}>
      <div className={classes.heading}>
        <CheckOutcome outcome={outcome} />
        <Typography variant="subtitle2" component="span">
          {check.name}
        </Typography>
      </div>
      <div className={classes.detail}>
        <Typography variant="body2" color="textSecondary">
          {check.description}
        </Typography>
        {outcome === 'failed' && (
          <>
            {reasons.length > 0 && (
              <Typography variant="body2" component="div">
                Why:
                <ul aria-label={`Why ${check.name} failed`}>
                  {reasons.map(reason => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </Typography>
            )}
            {links.length > 0 && (
              <Typography variant="body2">
                How to fix:{' '}
                {links.map((link, i) => (
                  <span key={link.url}>
                    {i > 0 && ' · '}
                    <Link to={link.url}>{link.title}</Link>
                  </span>
                ))}
              </Typography>
            )}
          </>
        )}
      </div>
    </ListItem>
  );
}

/**
 * The service's scorecard: each Tech Insights check, by category, passed or
 * failed, why it failed and how to fix it; the score on top.
 */
export function EntityScorecardCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(scorecardsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(async () => {
    const [checks, results] = await Promise.all([
      api.getChecks(),
      api.runChecks(getCompoundEntityRef(entity)),
    ]);
    return scoreChecks(checks, results);
  }, [api, entityRef]);

  if (error) {
    return (
      <InfoCard title="Scorecard">
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  }
  if (loading || !value) {
    return (
      <InfoCard title="Scorecard">
        <Progress />
      </InfoCard>
    );
  }
  return (
    <InfoCard title="Scorecard" subheader={describeScore(scoreOf(value))}>
      {groupByCategory(value).map(([category, scored]) => (
        <section key={category} className={classes.category}>
          <Typography variant="h6" component="h3">
            {category}
          </Typography>
          <List dense aria-label={category}>
            {scored.map(s => (
              <CheckItem key={s.check.id} scored={s} />
            ))}
          </List>
        </section>
      ))}
    </InfoCard>
  );
}
