import { first, type Params } from '../request';
import { invalidParameter } from '../errors';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

interface PageWindow<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasNext: boolean;
}

/** Page/PageSize as Twilio reads them (PageToken is accepted and ignored: Page alone decides). */
function window<T>(all: readonly T[], query: Params): PageWindow<T> {
  const pageSize = numberParam(query, 'PageSize', DEFAULT_PAGE_SIZE);
  const page = numberParam(query, 'Page', 0);
  if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw invalidParameter(`PageSize must be between 1 and ${MAX_PAGE_SIZE}`);
  const start = page * pageSize;
  return { items: all.slice(start, start + pageSize), page, pageSize, hasNext: start + pageSize < all.length };
}

function numberParam(query: Params, name: string, fallback: number): number {
  const raw = first(query[name]);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw invalidParameter(`Invalid ${name}: '${raw}'`);
  return Number(raw);
}

/** Filters echoed into the page URIs, as Twilio does. */
function filterQuery(query: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'Page' || key === 'PageSize' || key === 'PageToken') continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
  }
  const text = search.toString();
  return text ? `&${text}` : '';
}

/** The 2010-04-01 list envelope: the list under `key`, paging fields at top level, relative URIs. */
export function page2010<T>(key: string, all: readonly T[], path: string, query: Params) {
  const { items, page, pageSize, hasNext } = window(all, query);
  const filters = filterQuery(query);
  const uriFor = (n: number) => `${path}?PageSize=${pageSize}&Page=${n}${filters}`;
  const start = page * pageSize;
  return {
    [key]: items,
    end: items.length === 0 ? start : start + items.length - 1,
    first_page_uri: uriFor(0),
    next_page_uri: hasNext ? `${uriFor(page + 1)}&PageToken=PA${page + 1}` : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? uriFor(page - 1) : null,
    start,
    uri: uriFor(page),
  };
}

/** The v1 (TaskRouter, ...) list envelope: the list under `key`, paging in `meta`, absolute URLs. */
export function pageV1<T>(key: string, all: readonly T[], host: string, path: string, query: Params) {
  const { items, page, pageSize, hasNext } = window(all, query);
  const filters = filterQuery(query);
  const urlFor = (n: number) => `https://${host}${path}?PageSize=${pageSize}&Page=${n}${filters}`;
  return {
    [key]: items,
    meta: {
      first_page_url: urlFor(0),
      key,
      next_page_url: hasNext ? `${urlFor(page + 1)}&PageToken=PA${page + 1}` : null,
      page,
      page_size: pageSize,
      previous_page_url: page > 0 ? urlFor(page - 1) : null,
      url: urlFor(page),
    },
  };
}
