package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.node.NodeActivitiesImpl;
import io.caravel.activities.placement.ClaimActivitiesImpl;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.providers.noop.NoopPublisher;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.model.NetworkType;
import io.caravel.api.providers.local.LocalAllowList;
import io.caravel.api.quantity.Resources;
import io.caravel.workers.CaravelWorker;
import io.caravel.workers.Registrar;
import io.caravel.workers.registry.NodeDescription;
import io.caravel.workers.registry.NodeHeartbeater;
import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A real worker node in the test JVM: its own ledger, policy, node and claim activities (the real
 * implementations) and a {@link CaravelWorker} polling its node queue and the placement queue. It
 * hosts no workflows, so stopping it takes nothing but the node away.
 */
public final class TestNode {
    final String id;
    final NodeLedger ledger;
    final CaravelWorker worker;
    private final WorkflowClient client;

    TestNode(WorkflowClient client, String id, Resources capacity, Engine engine, Path storage) {
        this(client, id, capacity, engine, storage, List.of(), List.of(new NoopPublisher()));
    }

    public TestNode(
            WorkflowClient client,
            String id,
            Resources capacity,
            Engine engine,
            Path storage,
            List<InputSourceProvider> sources,
            List<Publisher> publishers) {
        this(
                client,
                id,
                capacity,
                engine,
                storage,
                sources,
                publishers,
                LocalAllowList.parse(List.of()));
    }

    /** A node whose policy lets {@code local} sources mount what {@code localAllowList} allows. */
    TestNode(
            WorkflowClient client,
            String id,
            Resources capacity,
            Engine engine,
            Path storage,
            List<InputSourceProvider> sources,
            List<Publisher> publishers,
            LocalAllowList localAllowList) {
        this(
                client,
                id,
                capacity,
                engine,
                storage,
                sources,
                publishers,
                localAllowList,
                NodeLedger.AheadQueue.NONE);
    }

    /** A node with the noop publisher that takes claims ahead of room as {@code ahead} says. */
    TestNode(
            WorkflowClient client,
            String id,
            Resources capacity,
            Engine engine,
            Path storage,
            NodeLedger.AheadQueue ahead) {
        this(
                client,
                id,
                capacity,
                engine,
                storage,
                List.of(),
                List.of(new NoopPublisher()),
                LocalAllowList.parse(List.of()),
                ahead);
    }

    private TestNode(
            WorkflowClient client,
            String id,
            Resources capacity,
            Engine engine,
            Path storage,
            List<InputSourceProvider> sources,
            List<Publisher> publishers,
            LocalAllowList localAllowList,
            NodeLedger.AheadQueue ahead) {
        this.id = id;
        this.client = client;
        this.ledger = new NodeLedger(capacity, List.of(), NodeLedger.HeapBudget.NONE, ahead);
        Map<String, InputSourceProvider> sourceMap = new HashMap<>();
        sources.forEach(p -> sourceMap.put(p.type().toLowerCase(Locale.ROOT), p));
        Map<String, Publisher> publisherMap = new HashMap<>();
        publishers.forEach(p -> publisherMap.put(p.type().toLowerCase(Locale.ROOT), p));
        NodePolicy policy =
                NodePolicy.builder(id)
                        .engines(engine.type())
                        .sources(sources.stream().map(InputSourceProvider::type).toList())
                        .publishers(publishers.stream().map(Publisher::type).toList())
                        .networkTypes(NetworkType.NONE, NetworkType.DEFAULT)
                        .localAllowList(localAllowList)
                        .build();
        NodeActivitiesImpl node =
                new NodeActivitiesImpl(
                        id,
                        new ExecutionDirs(storage.resolve(id)),
                        policy,
                        ledger,
                        Map.of(engine.type(), engine),
                        sourceMap,
                        publisherMap,
                        new HostEnvResolver(List.of(), name -> null));
        ClaimActivitiesImpl claim = new ClaimActivitiesImpl(policy, ledger, TaskQueues.node(id));
        Registrar registrar =
                new Registrar() {
                    @Override
                    public void registerDefault(Worker w) {
                        // Workflows run on the cluster's own worker; this node only executes.
                    }

                    @Override
                    public void registerNode(Worker w, String nodeId) {
                        w.registerActivitiesImplementations(node, claim);
                    }

                    @Override
                    public void registerPlacement(Worker w, String taskQueue) {
                        w.registerActivitiesImplementations(claim);
                    }
                };
        NodeDescription description =
                new NodeDescription(
                        id,
                        ledger,
                        Map.of(),
                        Set.of(engine.type()),
                        policy.sources(),
                        policy.publishers(),
                        Set.of(NetworkType.NONE, NetworkType.DEFAULT),
                        List.of(),
                        "");
        this.worker =
                new CaravelWorker(
                        client,
                        new CaravelWorker.Settings(id, 2, Duration.ZERO),
                        ledger,
                        registrar,
                        new NodeHeartbeater(client, description, Duration.ofMillis(200)));
    }

    /**
     * Starts the worker and waits (up to 10 s) until the node registry lists this node: a job
     * submitted before the node's first heartbeat reached the registry fails at once with "no node
     * is connected", as it should, which is not what these tests are about.
     */
    public void start() throws InterruptedException {
        worker.start();
        NodeRegistryWorkflow registry =
                client.newWorkflowStub(
                        NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID);
        for (int i = 0; i < 200; i++) {
            try {
                if (registry.allNodes().stream().anyMatch(n -> n.nodeId().equals(id))) {
                    return;
                }
            } catch (WorkflowNotFoundException e) {
                // the first heartbeat has not started the registry yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node " + id + " never reached the node registry");
    }

    /** Stops at once: no grace period, running activities are interrupted, heartbeats stop. */
    public void kill() {
        worker.stop();
    }

    /** Waits (up to 5 s) until this node holds no reservation. */
    void awaitNoReservations() throws InterruptedException {
        for (int i = 0; i < 100 && ledger.reservationCount() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(ledger.reservationCount()).as("reservations of " + ledger).isZero();
    }
}
