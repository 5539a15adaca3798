package io.caravel.cli.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import org.assertj.core.api.SoftAssertions;

/** What the fault cases share: the settings their workers run with, and how a case reports. */
final class FaultCases {
    /**
     * The JUnit tag of the fault cases: cli/pom.xml runs them after {@code package}, in their own
     * execution.
     */
    static final String TAG = "fault";

    /**
     * The workers' node grace period: short, so that a lost node's work moves within the case's
     * time; well above what a worker restart takes (kill, 2 s, a JVM start: 8 to 10 s measured on
     * the 2-core development machine while other builds ran).
     */
    static final Duration NODE_GRACE_PERIOD = Duration.ofSeconds(20);

    /**
     * The goal for a node that stays dead: its work runs again within the grace period plus
     * this.
     */
    static final Duration REPLACEMENT_SLACK = Duration.ofSeconds(15);

    private FaultCases() {}

    /**
     * Records how long after the job's last container ended the job was seen to end (re-attachment
     * lag).
     */
    static void recordContainerToJobEnd(
            String faultCase, ContainerLedger ledger, String jobId, Instant jobEnded) {
        ledger.ends(jobId).stream()
                .map(ContainerLedger.End::at)
                .max(Comparator.naturalOrder())
                .ifPresent(
                        lastEnd ->
                                RecoveryTimes.record(
                                        faultCase,
                                        "last container end → job ended",
                                        Duration.between(lastEnd, jobEnded),
                                        "how long the job waits for a re-attached container"));
    }

    /** Fails with every soft assertion that failed, followed by the scene's logs. */
    static void assertAll(SoftAssertions soft, FaultScene scene) {
        if (!soft.errorsCollected().isEmpty()) {
            System.out.println("[fault] logs of the failed case:\n" + scene.logs());
        }
        soft.assertAll();
    }
}
