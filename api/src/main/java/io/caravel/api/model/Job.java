package io.caravel.api.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Bacalhau job: identity, type and count, node constraints, labels and its task. The type is kept
 * as written ({@link #jobType()} reads it) so that an unknown type can be reported with the user's
 * own value. Times are Unix nanoseconds, as in Bacalhau.
 */
public record Job(
        String id,
        String name,
        String namespace,
        String type,
        int priority,
        int count,
        List<LabelSelectorRequirement> constraints,
        Map<String, String> meta,
        Map<String, String> labels,
        List<Task> tasks,
        JobState state,
        long version,
        long revision,
        long createTime,
        long modifyTime) {

    public static final String DEFAULT_NAMESPACE = "default";

    public Job {
        id = Immutables.text(id);
        name = Immutables.text(name);
        namespace = Immutables.text(namespace);
        type = Immutables.text(type);
        constraints = Immutables.list(constraints);
        meta = Immutables.strings(meta);
        labels = Immutables.strings(labels);
        tasks = Immutables.list(tasks);
        state = state == null ? JobState.UNDEFINED : state;
    }

    public Optional<JobType> jobType() {
        return JobType.parse(type);
    }

    /** The one task Caravel runs (Bacalhau uses only the first); empty for a job without tasks. */
    public Optional<Task> task() {
        return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks.get(0));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .name(name)
                .namespace(namespace)
                .type(type)
                .priority(priority)
                .count(count)
                .constraints(constraints)
                .meta(meta)
                .labels(labels)
                .tasks(tasks)
                .state(state)
                .version(version)
                .revision(revision)
                .createTime(createTime)
                .modifyTime(modifyTime);
    }

    /** Builds jobs step by step; unset parts take their empty values. */
    public static final class Builder {
        private String id = "";
        private String name = "";
        private String namespace = "";
        private String type = "";
        private int priority;
        private int count;
        private List<LabelSelectorRequirement> constraints;
        private Map<String, String> meta;
        private Map<String, String> labels;
        private List<Task> tasks;
        private JobState state;
        private long version;
        private long revision;
        private long createTime;
        private long modifyTime;

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder namespace(String v) {
            namespace = v;
            return this;
        }

        public Builder type(String v) {
            type = v;
            return this;
        }

        public Builder type(JobType v) {
            type = v.text();
            return this;
        }

        public Builder priority(int v) {
            priority = v;
            return this;
        }

        public Builder count(int v) {
            count = v;
            return this;
        }

        public Builder constraints(List<LabelSelectorRequirement> v) {
            constraints = v;
            return this;
        }

        public Builder meta(Map<String, String> v) {
            meta = v;
            return this;
        }

        public Builder labels(Map<String, String> v) {
            labels = v;
            return this;
        }

        public Builder tasks(List<Task> v) {
            tasks = v;
            return this;
        }

        public Builder task(Task v) {
            tasks = List.of(v);
            return this;
        }

        public Builder state(JobState v) {
            state = v;
            return this;
        }

        public Builder version(long v) {
            version = v;
            return this;
        }

        public Builder revision(long v) {
            revision = v;
            return this;
        }

        public Builder createTime(long v) {
            createTime = v;
            return this;
        }

        public Builder modifyTime(long v) {
            modifyTime = v;
            return this;
        }

        public Job build() {
            return new Job(
                    id,
                    name,
                    namespace,
                    type,
                    priority,
                    count,
                    constraints,
                    meta,
                    labels,
                    tasks,
                    state,
                    version,
                    revision,
                    createTime,
                    modifyTime);
        }
    }
}
