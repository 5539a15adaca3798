package io.caravel.api.model;

import java.util.List;
import java.util.Map;

/**
 * The unit of work of a job: an engine to run, inputs to stage, result paths to publish, and the
 * resources, network and timeouts it needs. {@code engine} is null only in a spec that left it out
 * (reported by validation); every other part defaults to its empty value.
 */
public record Task(
        String name,
        SpecConfig engine,
        SpecConfig publisher,
        Map<String, String> env,
        Map<String, String> meta,
        List<InputSource> inputSources,
        List<ResultPath> resultPaths,
        ResourcesConfig resources,
        NetworkConfig network,
        TimeoutConfig timeouts) {

    public Task {
        name = Immutables.text(name);
        publisher = publisher == null ? SpecConfig.EMPTY : publisher;
        env = Immutables.strings(env);
        meta = Immutables.strings(meta);
        inputSources = Immutables.list(inputSources);
        resultPaths = Immutables.list(resultPaths);
        resources = resources == null ? ResourcesConfig.EMPTY : resources;
        network = network == null ? NetworkConfig.DEFAULT : network;
        timeouts = timeouts == null ? TimeoutConfig.NONE : timeouts;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .engine(engine)
                .publisher(publisher)
                .env(env)
                .meta(meta)
                .inputSources(inputSources)
                .resultPaths(resultPaths)
                .resources(resources)
                .network(network)
                .timeouts(timeouts);
    }

    /** Builds tasks step by step; unset parts take their empty values. */
    public static final class Builder {
        private String name = "";
        private SpecConfig engine;
        private SpecConfig publisher;
        private Map<String, String> env;
        private Map<String, String> meta;
        private List<InputSource> inputSources;
        private List<ResultPath> resultPaths;
        private ResourcesConfig resources;
        private NetworkConfig network;
        private TimeoutConfig timeouts;

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder engine(SpecConfig v) {
            engine = v;
            return this;
        }

        public Builder publisher(SpecConfig v) {
            publisher = v;
            return this;
        }

        public Builder env(Map<String, String> v) {
            env = v;
            return this;
        }

        public Builder meta(Map<String, String> v) {
            meta = v;
            return this;
        }

        public Builder inputSources(List<InputSource> v) {
            inputSources = v;
            return this;
        }

        public Builder resultPaths(List<ResultPath> v) {
            resultPaths = v;
            return this;
        }

        public Builder resources(ResourcesConfig v) {
            resources = v;
            return this;
        }

        public Builder network(NetworkConfig v) {
            network = v;
            return this;
        }

        public Builder timeouts(TimeoutConfig v) {
            timeouts = v;
            return this;
        }

        public Task build() {
            return new Task(
                    name,
                    engine,
                    publisher,
                    env,
                    meta,
                    inputSources,
                    resultPaths,
                    resources,
                    network,
                    timeouts);
        }
    }
}
