package io.caravel.workflows.internal;

import java.time.Duration;

/**
 * The pause before a long-running job's replica is started again: {@code initial} after the first
 * crash, doubling with each crash in a row, at most {@code max}. A crash is an execution that ended
 * within {@code max} of its start; one that ran longer starts the count again.
 */
record RestartBackoff(Duration initial, Duration max) {

    /**
     * The crash count after an execution that ran {@code ranMillis}, following {@code crashes}
     * crashes.
     */
    int crashesAfter(int crashes, long ranMillis) {
        return ranMillis >= max.toMillis() ? 1 : crashes + 1;
    }

    /** The pause after the {@code crashes}-th crash in a row (1 for the first). */
    Duration pause(int crashes) {
        Duration pause = initial;
        for (int i = 1; i < crashes && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
