package io.caravel.workflows;

import io.temporal.common.SearchAttributeKey;

/**
 * The custom search attributes {@code JobWorkflow} keeps up to date, so jobs can be listed by
 * state, type, name and namespace. Register them on the server first, e.g. {@code temporal operator
 * search-attribute create --name CaravelJobState --type Keyword}.
 */
public final class SearchAttributes {
    public static final SearchAttributeKey<String> JOB_STATE =
            SearchAttributeKey.forKeyword("CaravelJobState");
    public static final SearchAttributeKey<String> JOB_TYPE =
            SearchAttributeKey.forKeyword("CaravelJobType");

    /**
     * The job's {@code Name}, so {@code caravel job describe NAME} finds it, as Bacalhau's does.
     */
    public static final SearchAttributeKey<String> JOB_NAME =
            SearchAttributeKey.forKeyword("CaravelJobName");

    public static final SearchAttributeKey<String> JOB_NAMESPACE =
            SearchAttributeKey.forKeyword("CaravelNamespace");

    private SearchAttributes() {}
}
