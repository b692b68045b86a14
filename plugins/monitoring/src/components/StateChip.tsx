import { RuleState } from '@internal/plugin-monitoring-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  firing: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  pending: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  inactive: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
}));

/** An alert's or rule's state: firing (red), pending (amber), inactive (green). */
export function StateChip(props: { state: RuleState }) {
  const classes = useStyles();
  return (
    <Chip size="small" label={props.state} className={classes[props.state]} />
  );
}
