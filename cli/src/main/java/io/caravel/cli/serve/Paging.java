package io.caravel.cli.serve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages of a list the server holds whole (a job's executions or history), with Bacalhau's {@code
 * limit} and {@code next_token}. A token is the offset of the next item. While more may come (a job
 * that has not ended), the last page still carries a token, as Bacalhau's job store does, so a
 * client that follows tokens (the CLI's progress of {@code job run}) keeps polling until the job
 * ends.
 */
final class Paging {
    /** The page size when the request names none, as Bacalhau's job store. */
    static final int DEFAULT_LIMIT = 100;

    /**
     * The largest page a request may ask for (Temporal's visibility store pages at most 1000 too).
     */
    static final int MAX_LIMIT = 1000;

    private Paging() {}

    /**
     * The page of {@code items} that {@code limit} and {@code nextToken} select, as {@code {Items,
     * NextToken}}.
     */
    static Map<String, Object> page(
            List<?> items, String limit, String nextToken, boolean moreMayCome) {
        int size = limit(limit);
        int from = offset(nextToken);
        int to = Math.min(items.size(), from + size);
        List<?> page = from >= items.size() ? List.of() : items.subList(from, to);
        boolean more = to < items.size() || moreMayCome;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Items", page);
        m.put("NextToken", more ? Integer.toString(Math.max(to, from)) : "");
        return m;
    }

    /** The {@code limit} parameter: empty or 0 means the default. */
    static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            if (n > MAX_LIMIT) {
                throw ApiError.badRequest(
                        "limit: " + n + " is above the largest page, " + MAX_LIMIT,
                        "pass at most " + MAX_LIMIT + " and follow NextToken");
            }
            return n == 0 ? DEFAULT_LIMIT : n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(
                    "limit: \"" + limit + "\" is not a page size",
                    "pass a whole number from 0 to " + MAX_LIMIT);
        }
    }

    private static int offset(String token) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(token.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(
                    "next_token: \"" + token + "\" is not a token this server gave",
                    "pass the NextToken of the previous page, or none for the first");
        }
    }
}
