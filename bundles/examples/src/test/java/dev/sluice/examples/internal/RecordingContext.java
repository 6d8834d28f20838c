package dev.sluice.examples.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import dev.sluice.api.StreamingContext;

/** A StreamingContext whose streams only record the operations called on them, in order. */
final class RecordingContext implements InvocationHandler {

    record Call(String operation, List<Object> arguments) {
    }

    final List<Call> calls = new ArrayList<>();

    StreamingContext context() {
        return proxy(StreamingContext.class);
    }

    Call call(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).findFirst()
                .orElseThrow(() -> new AssertionError("no call to " + operation + " in " + calls));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        calls.add(new Call(method.getName(), args == null ? List.of() : List.of(args)));
        Class<?> type = method.getReturnType();
        return type.isInterface() ? proxy(type) : null;
    }

    private <T> T proxy(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, this));
    }
}
