package io.caravel.activities.node;

import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.activities.NodeActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.time.Duration;

/**
 * A node's activities in Temporal's test activity environment, with Caravel's data converter,
 * called through a stub that tries once: what the workflow's activity calls look like to a node.
 */
public final class NodeActivitiesHarness implements AutoCloseable {
    private final TestActivityEnvironment env;
    private final NodeActivitiesImpl impl;
    private final NodeActivities activities;

    private NodeActivitiesHarness(NodeActivitiesImpl impl, Duration heartbeatTimeout) {
        this.impl = impl;
        this.env =
                TestActivityEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setWorkflowClientOptions(
                                        WorkflowClientOptions.newBuilder()
                                                .setDataConverter(CaravelDataConverter.get())
                                                .build())
                                .build());
        env.registerActivitiesImplementations(impl);
        this.activities =
                env.newActivityStub(
                        NodeActivities.class,
                        ActivityOptions.newBuilder()
                                .setStartToCloseTimeout(Duration.ofMinutes(5))
                                .setHeartbeatTimeout(heartbeatTimeout)
                                .setRetryOptions(
                                        RetryOptions.newBuilder().setMaximumAttempts(1).build())
                                .build());
    }

    /**
     * Registers {@code impl}; its activities heartbeat within {@code heartbeatTimeout} or time out.
     */
    public static NodeActivitiesHarness start(NodeActivitiesImpl impl, Duration heartbeatTimeout) {
        return new NodeActivitiesHarness(impl, heartbeatTimeout);
    }

    public NodeActivities activities() {
        return activities;
    }

    /** For heartbeat listeners and cancellation requests. */
    public TestActivityEnvironment env() {
        return env;
    }

    @Override
    public void close() {
        env.close();
        impl.close();
    }
}
