import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import type {
  IndexableResultSet,
  SearchQuery,
} from '@backstage/plugin-search-common';

/**
 * Backstage's in-memory engine, except that a query for document types none of which has an
 * index yet (TechDocs before any site was published, a collator that found nothing) has no
 * results, where Lunr throws `MissingIndexError` and the search backend answers 500. A type
 * with an index is searched as Lunr does; a query naming no type searches every index.
 */
export class LenientLunrSearchEngine extends LunrSearchEngine {
  async query(query: SearchQuery): Promise<IndexableResultSet> {
    const requested = query.types ?? [];
    if (requested.length > 0 && !requested.some(t => t in this.lunrIndices)) {
      return { results: [], numberOfResults: 0 };
    }
    return super.query(query);
  }
}
