package io.arbalest.executor;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gives each test a fresh Arrow allocator as a parameter and fails the test when any of its
 * memory is still allocated afterwards.
 */
public final class AllocatorExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AllocatorExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BufferAllocator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("allocator", key -> new RootAllocator(), RootAllocator.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RootAllocator allocator = context.getStore(NAMESPACE).remove("allocator", RootAllocator.class);
        if (allocator != null) {
            long left = allocator.getAllocatedMemory();
            allocator.close();
            assertThat(left).as("Arrow bytes still allocated after the test").isZero();
        }
    }
}
