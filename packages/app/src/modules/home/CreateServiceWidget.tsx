import { LinkButton } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** The golden path's call to action. */
export function CreateServiceWidget() {
  return (
    <>
      <Typography variant="body2" paragraph>
        A Go service with its repository, Helm chart, TechDocs and runbook, Argo
        CD application and tenant, in one form.
      </Typography>
      <LinkButton
        to="/create/templates/default/new-bookstore-service"
        variant="contained"
        color="primary"
      >
        Create a service
      </LinkButton>
    </>
  );
}
