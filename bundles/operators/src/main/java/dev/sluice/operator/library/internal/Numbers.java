package dev.sluice.operator.library.internal;

import java.util.function.BinaryOperator;

/**
 * Numeric values of records as the reducing operators see them: numbers as they are, text parsed.
 * Whole numbers stay whole ({@code Long}); anything else becomes a {@code Double}.
 */
final class Numbers {

    private Numbers() {
    }

    static Number of(Object value, String operator) {
        if (value instanceof Number n) {
            return whole(n) ? (Number) n.longValue() : (Number) n.doubleValue();
        }
        String text = String.valueOf(value).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(operator + ": '" + value + "' is not a number");
            }
        }
    }

    static BinaryOperator<Number> function(String name) {
        return switch (name) {
            case "sum" -> (a, b) -> whole(a) && whole(b) ? (Number) (a.longValue() + b.longValue())
                    : (Number) (a.doubleValue() + b.doubleValue());
            case "min" -> (a, b) -> compare(a, b) <= 0 ? a : b;
            case "max" -> (a, b) -> compare(a, b) >= 0 ? a : b;
            default -> throw new IllegalArgumentException(name);
        };
    }

    static int compare(Number a, Number b) {
        return whole(a) && whole(b) ? Long.compare(a.longValue(), b.longValue())
                : Double.compare(a.doubleValue(), b.doubleValue());
    }

    private static boolean whole(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }
}
