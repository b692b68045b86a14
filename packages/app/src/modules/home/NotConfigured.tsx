import Typography from '@material-ui/core/Typography';

/** What a widget says when the system it reads is not configured for this portal. */
export function NotConfigured(props: { system: string; how: string }) {
  return (
    <Typography variant="body2" color="textSecondary">
      <strong>{props.system} is not configured for this portal.</strong>{' '}
      {props.how}
    </Typography>
  );
}
