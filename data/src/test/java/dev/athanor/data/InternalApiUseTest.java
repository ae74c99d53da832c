package dev.athanor.data;

import dev.athanor.core.testing.InternalApi;
import org.junit.jupiter.api.Test;

/** This module uses core's public API only, never an {@code @Internal} seam. */
class InternalApiUseTest {

    @Test
    void noInternalMembersOfCoreAreUsed() {
        InternalApi.assertNotUsedBy("dev.athanor.data");
    }
}
