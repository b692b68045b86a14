import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  triggered: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  acknowledged: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

/** An incident's status: triggered (red) or acknowledged (amber). */
export function IncidentStatusChip(props: { status: string }) {
  const classes = useStyles();
  const className =
    props.status === 'triggered' || props.status === 'acknowledged'
      ? classes[props.status]
      : undefined;
  return <Chip size="small" label={props.status} className={className} />;
}
