package io.caravel.api.providers;

/** The three roles a type string can be registered in: engine, input source, publisher. */
public enum ProviderKind {
    ENGINE,
    SOURCE,
    PUBLISHER
}
