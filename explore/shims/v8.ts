/**
 * The browser's stand-in for node:v8, which src/shared/validate.ts asks for the heap limit before it
 * allocates a large result. The page's sizes (n ≤ 8, T ≤ 50) are tiny; a browser tab holds at
 * least this much (Chromium's performance.memory would say more, but it is non-standard).
 */
export function getHeapStatistics(): { heap_size_limit: number } {
  return { heap_size_limit: 1024 * 1024 * 1024 };
}
