import { Suspense } from 'react';
import { Content, Header, Page, Progress } from '@backstage/core-components';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import Grid from '@material-ui/core/Grid';
import { HomePageSearchBar } from '@backstage/plugin-search';

/** Widgets by name, in the order a developer and on-call read them, with their width. */
const order: Record<string, { rank: number; md: 4 | 6 | 8 | 12 }> = {
  MyServices: { rank: 0, md: 8 },
  CreateService: { rank: 1, md: 4 },
  OnCall: { rank: 2, md: 4 },
  MyTasks: { rank: 3, md: 4 },
  HomePageStarredEntities: { rank: 4, md: 4 },
  HomePageToolkit: { rank: 5, md: 6 },
  GettingStarted: { rank: 6, md: 6 },
};
const placeOf = (name?: string) =>
  order[name ?? ''] ?? { rank: Object.keys(order).length, md: 6 };

/** Home: the search bar, then the widgets in a fixed order (no per-user grid to rearrange). */
export function HomeLayout(props: HomePageLayoutProps) {
  const widgets = [...props.widgets].sort(
    (a, b) => placeOf(a.name).rank - placeOf(b.name).rank,
  );
  return (
    <Page themeId="home">
      <Header
        title="Bookstore Portal"
        subtitle="Your services, who is on call, your docs"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <HomePageSearchBar placeholder="Search services, APIs, docs" />
          </Grid>
          {widgets.map((widget, index) => (
            <Grid
              item
              xs={12}
              md={placeOf(widget.name).md}
              key={widget.name ?? index}
            >
              <Suspense fallback={<Progress />}>{widget.component}</Suspense>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
