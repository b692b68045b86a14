import { parseEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ActionContext } from '@backstage/plugin-scaffolder-node';

/** A git author or committer. */
export interface Person {
  name: string;
  email: string;
}

/** The initiating user as a git author, from their User entity when the catalog has it. */
export function authorOf(user: ActionContext<{}>['user'], fallback: Person): Person {
  const profile = user?.entity?.spec?.profile;
  let name = profile?.displayName ?? user?.entity?.metadata.name;
  if (!name && user?.ref) {
    try {
      name = parseEntityRef(user.ref).name;
    } catch {
      name = undefined;
    }
  }
  return {
    name: name ?? fallback.name,
    email: profile?.email ?? fallback.email,
  };
}

/** The committer of the actions' commits: `scaffolder.defaultAuthor`, as publish:github takes it. */
export function defaultCommitter(config: Config): Person {
  return {
    name:
      config.getOptionalString('scaffolder.defaultAuthor.name') ?? 'Scaffolder',
    email:
      config.getOptionalString('scaffolder.defaultAuthor.email') ??
      'scaffolder@backstage.io',
  };
}
