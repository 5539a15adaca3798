package io.caravel.api.providers;

import java.util.List;
import java.util.Map;

/**
 * The spec half of one provider family (one package per family under {@code
 * io.caravel.api.providers}): the type strings it serves in each role, the views of their params,
 * and how its published results become inputs. {@link SpecProviders} lists one instance per family;
 * the job validator's params checks, the type sets of {@code SpecTypes} and workflows' {@code
 * ResultInputs} are built from that list. Everything here is pure and deterministic, as it runs in
 * workflow code.
 */
public interface SpecProvider {
    /** The family's name, its package's last segment ({@code s3}, {@code docker}). */
    String family();

    /** Every type string the family serves, by role; a type may appear in several roles. */
    List<ProvidedType> types();

    /**
     * The published result types (lower-cased) this family reads back as inputs, each with its
     * mapping; empty when its results cannot feed another job.
     */
    default Map<String, ResultInput> resultInputs() {
        return Map.of();
    }
}
