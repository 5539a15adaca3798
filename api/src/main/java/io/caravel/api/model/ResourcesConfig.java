package io.caravel.api.model;

/**
 * Requested resources as written in the spec ({@code "500m"}, {@code "1Gi"}); empty means not
 * given. {@link io.caravel.api.quantity.Resources#parse} turns them into numbers.
 */
public record ResourcesConfig(String cpu, String memory, String disk, String gpu) {
    public static final ResourcesConfig EMPTY = new ResourcesConfig("", "", "", "");

    public ResourcesConfig {
        cpu = Immutables.text(cpu);
        memory = Immutables.text(memory);
        disk = Immutables.text(disk);
        gpu = Immutables.text(gpu);
    }
}
