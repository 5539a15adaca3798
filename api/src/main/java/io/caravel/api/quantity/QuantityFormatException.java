package io.caravel.api.quantity;

/**
 * A resource quantity that cannot be read. The message is the text shown to the user: it starts
 * with Bacalhau's wording ({@code invalid CPU value: 1.5m}) and says what would be accepted.
 */
public class QuantityFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /** {@code field} is the spec key the value came from: {@code CPU}, {@code Memory}, {@code Disk} or {@code GPU}. */
    public QuantityFormatException(String field, String message) {
        super(message);
        this.field = field == null ? "" : field;
    }

    /** The spec key the value came from ({@code CPU}, {@code Memory}, {@code Disk}, {@code GPU}). */
    public String field() {
        return field;
    }
}
