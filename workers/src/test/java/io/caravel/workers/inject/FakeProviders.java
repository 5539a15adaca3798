package io.caravel.workers.inject;

import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.nio.file.Path;

/** Providers that only have a type, for wiring tests. */
public final class FakeProviders {
    private FakeProviders() {}

    public static Engine engine(String type) {
        return new Engine() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public RunOutput run(ExecutionContext execution) {
                throw new UnsupportedOperationException("wiring test");
            }
        };
    }

    public static InputSourceProvider source(String type) {
        return new InputSourceProvider() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public StagedInput stage(
                    InputSource source, Path scratchDir, ExecutionContext execution) {
                throw new UnsupportedOperationException("wiring test");
            }
        };
    }

    public static Publisher publisher(String type) {
        return new Publisher() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public SpecConfig publish(ExecutionContext execution) {
                throw new UnsupportedOperationException("wiring test");
            }
        };
    }
}
