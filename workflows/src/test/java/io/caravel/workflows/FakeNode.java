package io.caravel.workflows;

import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeActivities;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A worker node's activities, recording every call. What {@code execute} does is chosen by {@link
 * #execute}; the rest always succeeds.
 */
final class FakeNode implements NodeActivities {
    /** What the engine run does. */
    enum Execute {
        /** Returns stdout {@code out-<partition>-<node>} and {@link #exitCode}. */
        COMPLETE,
        /** Heartbeats until cancelled (a long job on a healthy node). */
        HANG_HEARTBEATING,
        /** Never heartbeats and never returns in time (a node that died mid-run). */
        HANG_SILENT,
        /** Stops polling its queue, then never heartbeats nor returns (a worker killed mid-run). */
        DIE,
        /** Fails for a reason another node would repeat (an image that does not exist). */
        FAIL_FATAL,
        /** Fails for a reason another node may not repeat. */
        FAIL_RETRYABLE,
        /** Returns normally with the engine's error (an OOM kill), so nothing is published. */
        ENGINE_ERROR,
        /**
         * The first call fails as a node that took the claim ahead of room and got none in time;
         * the next ones complete.
         */
        NO_ROOM_ONCE
    }

    final String id;
    final List<String> calls = new CopyOnWriteArrayList<>();

    /** The request of every Execute call. */
    final List<ExecutionRequest> requests = new CopyOnWriteArrayList<>();

    final List<String> released = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    final CountDownLatch executing = new CountDownLatch(1);

    /** Execute calls that started hanging ({@link Execute#HANG_HEARTBEATING}). */
    final java.util.concurrent.atomic.AtomicInteger hanging =
            new java.util.concurrent.atomic.AtomicInteger();

    /** One permit per Execute call that has started. */
    final Semaphore executionsStarted = new Semaphore(0);

    /** Ends {@link Execute#HANG_SILENT} runs when the test is over. */
    final CountDownLatch shutdown = new CountDownLatch(1);

    volatile Execute execute = Execute.COMPLETE;

    /** The worker polling this node's queue; null for a dead node. */
    volatile Worker worker;

    volatile int exitCode;

    /** Refuses every network mode, in CheckNetwork or in an Execute that prepares itself. */
    volatile boolean refuseNetwork;

    /** How long {@link Execute#COMPLETE} runs take. */
    volatile long executeMillis;

    /** Told of every release, so it counts the partitions that hold a claim; null for none. */
    volatile FakePlacement placement;

    FakeNode(String id) {
        this.id = id;
    }

    String queue() {
        return TaskQueues.node(id);
    }

    NodeClaim claim(String executionId) {
        return new NodeClaim(id, queue(), executionId, List.of());
    }

    @Override
    public List<PortMapping> checkNetwork(ExecutionRequest request) {
        calls.add("CheckNetwork " + request.executionId());
        refuseNetworkIfAsked();
        return request.job().task().orElseThrow().network().ports().stream()
                .map(
                        p ->
                                new PortMapping(
                                        p.name(),
                                        p.staticPort() > 0
                                                ? p.staticPort()
                                                : 20000 + request.partitionIndex(),
                                        p.target(),
                                        p.hostNetwork()))
                .toList();
    }

    private void refuseNetworkIfAsked() {
        if (refuseNetwork) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "network mode Default is not accepted by node " + id,
                    ErrorCode.NETWORK_REFUSED.name());
        }
    }

    @Override
    public StagedInputs stageInputs(ExecutionRequest request) {
        calls.add("StageInputs " + request.executionId());
        return StagedInputs.NONE;
    }

    @Override
    public RunOutput execute(ExecutionRequest request, StagedInputs inputs) {
        calls.add("Execute " + request.executionId());
        requests.add(request);
        if (request.executePrepares()) {
            refuseNetworkIfAsked();
        }
        executing.countDown();
        executionsStarted.release();
        switch (execute) {
            case HANG_HEARTBEATING -> {
                if (Activity.getExecutionContext().getInfo().getAttempt() > 1) {
                    // The attempt before timed out on the server: a real node answers the next one,
                    // past the execution's deadline, with an execution timeout.
                    throw ApplicationFailure.newFailure(
                            "Execution timed out", ErrorCode.EXECUTION_TIMEOUT.name());
                }
                hanging.incrementAndGet();
                try {
                    while (true) {
                        Activity.getExecutionContext().heartbeat("running");
                        sleep(50);
                    }
                } catch (ActivityCompletionException e) {
                    cancelled.add(request.executionId());
                    throw e;
                }
            }
            case HANG_SILENT -> await(shutdown);
            case DIE -> {
                worker.suspendPolling();
                await(shutdown);
            }
            case FAIL_FATAL ->
                    throw ApplicationFailure.newNonRetryableFailure(
                            "image busybox:nope not found", ErrorCode.EXECUTION_FAILED.name());
            case FAIL_RETRYABLE ->
                    throw ApplicationFailure.newFailure(
                            "disk full", ErrorCode.EXECUTION_FAILED.name());
            case NO_ROOM_ONCE -> {
                execute = Execute.COMPLETE;
                throw ApplicationFailure.newNonRetryableFailure(
                        "node " + id + " took execution ahead of room, and none freed within 3s",
                        ErrorCode.NODE_BUSY.name());
            }
            default -> sleep(executeMillis);
        }
        String error = execute == Execute.ENGINE_ERROR ? "memory limit exceeded" : "";
        RunOutput output =
                new RunOutput(
                        "out-" + request.partitionIndex() + "-" + id,
                        false,
                        "",
                        false,
                        exitCode,
                        error);
        if (request.executeReleases(output)) {
            released(request.executionId());
        }
        return output;
    }

    @Override
    public SpecConfig publish(ExecutionRequest request) {
        calls.add("Publish " + request.executionId());
        if (request.releaseWhenDone()) {
            released(request.executionId());
        }
        return SpecConfig.of(
                "local", Map.of("URL", "http://" + id + "/" + request.executionId() + ".tgz"));
    }

    @Override
    public void release(NodeClaim claim) {
        calls.add("Release " + claim.reservationId());
        released(claim.reservationId());
    }

    private void released(String executionId) {
        released.add(executionId);
        if (placement != null) {
            placement.released();
        }
    }

    long count(String activity) {
        return calls.stream().filter(c -> c.startsWith(activity + " ")).count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted", "INTERRUPTED");
        }
    }
}
