import { makeStyles } from '@material-ui/core';
import LibraryBooksIcon from '@material-ui/icons/LibraryBooks';

const useStyles = makeStyles({
  icon: {
    color: '#7df3e1',
    width: 28,
    height: 28,
  },
});

/** The collapsed sidebar's logo. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <LibraryBooksIcon className={classes.icon} titleAccess="Bookstore Portal" />
  );
};
