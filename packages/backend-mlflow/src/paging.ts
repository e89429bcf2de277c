/** One page of a paginated MLflow answer: its items and the token of the next page (empty at the end). */
export interface Page<T> {
  items: readonly T[];
  nextPageToken: string | undefined;
}

/** Reads every page, starting without a token, until the server returns no next-page token. */
export async function readAllPages<T>(
  readPage: (pageToken: string | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const all: T[] = [];
  let pageToken: string | undefined;
  do {
    const page = await readPage(pageToken);
    all.push(...page.items);
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
  return all;
}
