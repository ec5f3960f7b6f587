import { useInfiniteQuery } from '@tanstack/react-query';
import { request } from '../api/api-client';

/** A page of a list as every list endpoint answers it. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list that pages with the API's cursors: the first page now, the next on `loadMore`.
 * `url` is the list endpoint with its filters (`/api/v1/jobs?status=running`).
 */
export function useCursorPages<T>(key: readonly unknown[], url: string, limit = 50) {
  const query = useInfiniteQuery({
    queryKey: [...key, url, limit],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const sep = url.includes('?') ? '&' : '?';
      const cursor = pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : '';
      return request<CursorPage<T>>('GET', `${url}${sep}limit=${limit}${cursor}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  return {
    items: query.data?.pages.flatMap((p) => p.items) ?? [],
    loading: query.isPending,
    error: query.error,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: () => void query.fetchNextPage(),
    refetch: () => void query.refetch(),
  };
}
