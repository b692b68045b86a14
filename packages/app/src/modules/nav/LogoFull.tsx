import { makeStyles, Typography } from '@material-ui/core';
import LibraryBooksIcon from '@material-ui/icons/LibraryBooks';

const useStyles = makeStyles({
  logo: {
    display: 'flex',
    alignItems: 'center',
    gap: 8,
    color: '#7df3e1',
    height: 30,
    whiteSpace: 'nowrap',
  },
  // Sized to fit the open sidebar (224 px, less the logo's 24 px margin) with its icon.
  name: {
    color: 'inherit',
    fontSize: 17,
    fontWeight: 700,
    letterSpacing: -0.2,
  },
});

/** The sidebar's wordmark: the bookstore's books and the portal's name. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.logo}>
      <LibraryBooksIcon />
      <Typography component="span" className={classes.name}>
        Bookstore Portal
      </Typography>
    </span>
  );
};
