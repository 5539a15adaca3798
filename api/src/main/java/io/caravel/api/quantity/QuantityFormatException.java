package io.caravel.api.quantity;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.errors.Problem;
import java.util.List;

/**
 * A resource quantity that cannot be read. The message is the text shown to the user: it starts
 * with Bacalhau's wording ({@code invalid CPU value: 1.5m}) and says what would be accepted.
 */
public class QuantityFormatException extends CaravelException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * {@code field} is the spec key the value came from: {@code CPU}, {@code Memory}, {@code Disk}
     * or {@code GPU}.
     */
    public QuantityFormatException(String field, String message) {
        super(
                ErrorCode.SPEC_INVALID,
                message,
                "write CPU as cores (0.5, 2) or millicores (250m), memory and disk"
                        + " as bytes with a unit (512Mb, 1Gi), GPU as a whole number",
                List.of(new Problem(field == null ? "" : field, message)),
                null);
        this.field = field == null ? "" : field;
    }

    /**
     * The spec key the value came from ({@code CPU}, {@code Memory}, {@code Disk}, {@code GPU}).
     */
    public String field() {
        return field;
    }
}
