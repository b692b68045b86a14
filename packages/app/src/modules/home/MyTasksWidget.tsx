import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** The signed-in person's five latest Software Template runs, newest first. */
export function MyTasksWidget() {
  const api = useApi(scaffolderApiRef);
  const { loading, error, value } = useAsync(
    () => api.listTasks({ filterByOwnership: 'owned', limit: 5 }),
    [api],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value?.tasks.length) {
    return (
      <Typography variant="body2">
        You have not run a template yet. <Link to="/create">Create</Link> one.
      </Typography>
    );
  }
  return (
    <List dense>
      {value.tasks.map(task => {
        const template =
          task.spec.templateInfo?.entity?.metadata.title ??
          task.spec.templateInfo?.entityRef ??
          'template';
        return (
          <ListItem key={task.id} dense disableGutters>
            <ListItemText
              primary={<Link to={`/create/tasks/${task.id}`}>{template}</Link>}
              secondary={`${task.status}, ${new Date(
                task.createdAt,
              ).toLocaleString()}`}
            />
          </ListItem>
        );
      })}
    </List>
  );
}
